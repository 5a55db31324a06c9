package org.speccxr.judge.rules;

/** "Pneumonia?", "opacity, ?pneumonia": a question asks, it does not report; a positive mention becomes uncertain. */
final class QuestionMarks implements PostProcessor {
    @Override
    public void apply(SentenceReading r) {
        boolean question = r.text.endsWith("?");
        for (int i = 0; i < r.mentions.size(); i++) {
            Mention m = r.mentions.get(i);
            Target t = r.targets.get(i);
            if (t.isEmpty() || m.status() != Status.POSITIVE) {
                continue; // an affirming clause ("but present on the right") is its own statement
            }
            int at = r.tokens.start[t.start()];
            if (question || (at > 0 && r.text.charAt(at - 1) == '?')) {
                r.mentions.set(i, m.withStatus(Status.UNCERTAIN));
            }
        }
    }
}
