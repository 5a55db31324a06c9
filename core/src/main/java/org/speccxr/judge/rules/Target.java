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

    /** Index of the first target after {@code i} that does not overlap it (size when none); targets are by start. */
    static int nextApart(java.util.List<Target> targets, int i) {
        int k = i + 1;
        while (k < targets.size() && targets.get(k).start() < targets.get(i).end()) {
            k++;
        }
        return k;
    }

    /** Index of the last target before {@code i} that ends before it starts (-1 when none). */
    static int previousApart(java.util.List<Target> targets, int i) {
        int k = i - 1;
        while (k >= 0 && targets.get(k).end() > targets.get(i).start()) {
            k--;
        }
        return k;
    }
}
