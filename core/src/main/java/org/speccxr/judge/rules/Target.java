package org.speccxr.judge.rules;

/**
 * Words of a sentence that name an entity, found by the {@link TargetMatcher}: a synonym ({@code pattern} false) or a
 * pattern's match, as token indexes [start, end). An empty target (start == end) marks where a clause affirms a
 * finding the sentence first negated ("absent on the left but present on the right").
 */
record Target(String entity, int start, int end, boolean pattern) {
    boolean isEmpty() {
        return start == end;
    }

    int length() {
        return end - start;
    }
}
