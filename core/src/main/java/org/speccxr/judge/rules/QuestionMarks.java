package org.speccxr.judge.rules;

/**
 * "Pneumonia?", "opacity, ?pneumonia", "opacity, ? pneumonia": a question asks, it does not report; a positive mention
 * becomes uncertain. A question mark that ends the sentence asks about its last clause only: "Right lower lobe
 * opacity, pneumonia?" states the opacity and asks about the pneumonia.
 */
final class QuestionMarks implements PostProcessor {
    /** How many words a question mark may stand before the finding it queries ("? early consolidation"). */
    private static final int MODIFIERS = 3;

    @Override
    public void apply(SentenceReading r) {
        int asked = r.text.endsWith("?") ? lastClauseStart(r.text) : Integer.MAX_VALUE;
        for (int i = 0; i < r.mentions.size(); i++) {
            Mention m = r.mentions.get(i);
            Target t = r.targets.get(i);
            if (t.isEmpty() || m.status() != Status.POSITIVE) {
                continue; // an affirming clause ("but present on the right") is its own statement
            }
            int at = r.tokens.start[t.start()];
            if (at >= asked || queried(r, t.start())) {
                r.mentions.set(i, m.withStatus(Status.UNCERTAIN));
            }
        }
    }

    /**
     * A question mark right before the words of target starting at token {@code first}, or before up to
     * {@code MODIFIERS} words leading to it with no comma between ("? pneumonia", "? early consolidation", "opacity ?
     * left lower lobe collapse"), as British reports query a finding.
     */
    private static boolean queried(SentenceReading r, int first) {
        for (int j = first; j >= 0 && j >= first - MODIFIERS; j--) {
            if (j < first && Clauses.hasBreakChar(r.text, r.tokens.end[j], r.tokens.start[j + 1])) {
                return false;
            }
            int before = r.tokens.start[j] - 1;
            while (before >= 0 && r.text.charAt(before) == ' ') {
                before--;
            }
            if (before >= 0 && r.text.charAt(before) == '?') {
                return true;
            }
        }
        return false;
    }

    /** Where the sentence's last clause starts: after its last comma, semicolon or dash, else at its start. */
    private static int lastClauseStart(String text) {
        for (int c = text.length() - 1; c > 0; c--) {
            if (Clauses.isBreakAt(text, c)) {
                return c + 1;
            }
        }
        return 0;
    }
}
