package org.speccxr.judge.rules;

/**
 * Where a sentence's phrases and clauses divide, from the rules' {@code scope}: the geometry the ConText stage, the
 * modifier readers and the post-processors share.
 */
final class Clauses {
    private final RuleSet.Scope scope;

    Clauses(RuleSet.Scope scope) {
        this.scope = scope;
    }

    RuleSet.Scope scope() {
        return scope;
    }

    /**
     * Between two list members: nothing but a comma or slash ("ETT, NG tube"), or at most {@code list_gap} words that
     * start with a list joiner ("and right IJ") or follow a comma (", right IJ").
     */
    boolean listGap(SentenceReading r, int from, int to) {
        if (to < from || to - from > scope.listGap()) {
            return false; // overlapping mentions ("multiple ... nodules" over "pulmonary nodules") are no list
        }
        if (to == from) {
            return true;
        }
        // alternatives of a differential are listed too ("atelectasis versus scarring" at the left base)
        return scope.listJoiners().contains(r.words[from]) || scope.alternatives().contains(r.words[from])
                || (from > 0 && hasBreakChar(r.text, r.tokens.end[from - 1], r.tokens.start[from]));
    }

    boolean hasJoiner(String[] w, int from, int to) {
        return lastJoiner(w, from, to) >= from;
    }

    /** The last list joiner among words [from, to), or from - 1. */
    int lastJoiner(String[] w, int from, int to) {
        for (int k = to - 1; k >= from; k--) {
            if (scope.listJoiners().contains(w[k])) {
                return k;
            }
        }
        return from - 1;
    }

    /**
     * Where a new subject starts a clause ("mild cardiomegaly mediastinal contours are stable": the comparison is the
     * mediastinum's): the start of each {@code scope.subjects} phrase that no target reads, whose previous word is not one of {@code subject_not_after} ("of the mediastinum", "normal heart size"),
     * and that follows either a finding's words directly ("no pneumothorax heart size normal") or a comma or
     * semicolon without a list joiner after it ("effusion, heart size and mediastinal contours are unchanged" is one
     * clause). A subject word in the middle of a finding's phrase is its site ("atelectasis along the mediastinum has
     * resolved"). Up to two words that no target reads may stand between the comma and the subject; the clause then
     * starts at them ("tortuous aorta, stable mediastinal contours": the comparison is the mediastinum's).
     */
    int[] subjects(SentenceReading r, java.util.List<Target> targets) {
        String[] w = r.words;
        int[] out = new int[0];
        for (int k = 1; k < w.length; k++) {
            PhraseMatcher.Match<Boolean> m = scope.subjects().longestAt(w, k);
            if (m == null || scope.subjectNotAfter().contains(w[k - 1])) {
                continue;
            }
            int start = clauseStartBefore(r, targets, k);
            final int at = k;
            boolean broken = start < k || hasBreakChar(r.text, r.tokens.end[k - 1], r.tokens.start[k]);
            boolean afterBreak = broken && !(m.end() < w.length && scope.listJoiners().contains(w[m.end()]));
            boolean afterFinding = !broken && targets.stream().anyMatch(t -> t.end() == at);
            if ((afterBreak || afterFinding) && targets.stream().noneMatch(t -> t.start() <= at && at < t.end())) {
                out = java.util.Arrays.copyOf(out, out.length + 1);
                out[out.length - 1] = start;
            }
            k = m.end() - 1;
        }
        return out;
    }

    /**
     * Where the clause of the subject at word k starts when a comma stands one or two words before it ("..., stable
     * mediastinal contours"): at the first word after the comma, if no target reads those words and none of them is a
     * {@code subject_not_after} word; otherwise k. A comma right before the subject leaves the words before it to what
     * they follow ("effusion, unchanged, heart size normal": the effusion is unchanged). No word modifies a subject
     * that opens with a {@code subject_not_after} word such as an article ("granuloma, stable the lungs are clear" lost
     * a full stop).
     */
    private int clauseStartBefore(SentenceReading r, java.util.List<Target> targets, int k) {
        if (scope.subjectNotAfter().contains(r.words[k]) || hasBreakChar(r.text, r.tokens.end[k - 1], r.tokens.start[k])) {
            return k;
        }
        for (int j = k - 1; j >= Math.max(1, k - 2); j--) {
            final int at = j;
            if (scope.subjectNotAfter().contains(r.words[j]) || targets.stream().anyMatch(t -> t.start() <= at && at < t.end())) {
                return k;
            }
            if (hasBreakChar(r.text, r.tokens.end[j - 1], r.tokens.start[j])) {
                return j;
            }
        }
        return k;
    }

    /**
     * The words of another subject that a list joiner or a comma puts beside a finding ("pleural effusion, heart size
     * and mediastinal contours are unchanged"): no location of that finding. After any other word the subject is a
     * place ("over the anterior mediastinum"). By word position.
     */
    boolean[] listedSubjectWords(SentenceReading r) {
        String[] w = r.words;
        boolean[] listed = new boolean[w.length];
        for (int i = 1; i < w.length; i++) {
            PhraseMatcher.Match<Boolean> m = scope.subjects().longestAt(w, i);
            if (m != null && (scope.listJoiners().contains(w[i - 1])
                    || hasBreakChar(r.text, r.tokens.end[i - 1], r.tokens.start[i]))) {
                for (int k = i; k < m.end(); k++) {
                    listed[k] = true;
                }
                i = m.end() - 1;
            }
        }
        return listed;
    }

    /** A new subject starts among words [from, to). */
    static boolean subjectBetween(SentenceReading r, int from, int to) {
        for (int s : r.subjects) {
            if (from <= s && s < to) {
                return true;
            }
        }
        return false;
    }

    /** The first new subject at or after word from, or {@code otherwise}. */
    static int subjectFrom(SentenceReading r, int from, int otherwise) {
        for (int s : r.subjects) {
            if (s >= from) {
                return Math.min(s, otherwise);
            }
        }
        return otherwise;
    }

    boolean isPhraseBreak(String word) {
        return scope.phraseBreaks().contains(word);
    }

    /** A word that offers findings as alternatives ({@code scope.differential_words}: "or", "versus") among words [from, to). */
    boolean offersAlternatives(String[] w, int from, int to) {
        for (int k = Math.max(0, from); k < Math.min(to, w.length); k++) {
            if (scope.differentialWords().contains(w[k])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where the words before token {@code at} that may compare it start: after the last subject phrase between
     * {@code from} and it that a comma or semicolon closes, whose own the words before it are ("stable heart size,
     * tortuous aorta": the aorta is not compared; "stable cardiomediastinal silhouette with mild cardiomegaly" still
     * compares the cardiomegaly), else {@code from}.
     */
    int afterSubject(SentenceReading r, int from, int at) {
        int start = from;
        for (int k = Math.max(0, from); k < at; k++) {
            PhraseMatcher.Match<Boolean> m = scope.subjects().longestAt(r.words, k);
            if (m != null && m.end() <= at && hasBreakChar(r.text, r.tokens.end[m.end() - 1], r.tokens.start[m.end()])) {
                start = m.end();
            }
            if (m != null) {
                k = m.end() - 1;
            }
        }
        return start;
    }

    /**
     * Where the words between two mentions divide: at the last comma, semicolon or phrase break ("and", "with"...)
     * if there is one, so that "right upper lobe pneumonia with a left effusion" gives "left" to the effusion only.
     * Without one the whole gap stays in reach of both. Returns a token index: the end of the earlier mention's reach
     * ({@code forEarlier}) or the start of the later one's.
     */
    int split(SentenceReading r, int gapStart, int gapEnd, boolean forEarlier) {
        Tokens t = r.tokens;
        // the last break wins: in "cardiomegaly, unchanged, and small effusions" the words between the commas still
        // speak of the cardiomegaly
        for (int k = Math.min(gapEnd, t.size() - 1); k >= gapStart; k--) {
            if (k < gapEnd && isPhraseBreak(t.words[k])) {
                return forEarlier ? k : k + 1;
            }
            if (k > 0 && k > gapStart - 1 && hasBreakChar(r.text, t.end[k - 1], t.start[k]) && k >= gapStart) {
                return k; // the comma sits before token k: k starts the later mention's part
            }
        }
        return forEarlier ? gapEnd : gapStart;
    }

    /** A comma, semicolon, bracket or dash between characters [from, to). */
    static boolean hasBreakChar(String text, int from, int to) {
        for (int c = from; c < to; c++) {
            // a spaced dash counts only with both its spaces inside the range: " - " between words, not "ground-glass"
            if (isBreakAt(text, c) && (text.charAt(c) != '-' || (c > from && c + 1 < to))) {
                return true;
            }
        }
        return false;
    }

    /** The character at c breaks a clause: a comma, semicolon, bracket, long dash, or a spaced " - ". */
    static boolean isBreakAt(String text, int c) {
        char ch = text.charAt(c);
        return ch == ',' || ch == ';' || ch == '(' || ch == '\u2013' || ch == '\u2014'
                || (ch == '-' && c > 0 && c + 1 < text.length() && text.charAt(c - 1) == ' ' && text.charAt(c + 1) == ' ');
    }
}
