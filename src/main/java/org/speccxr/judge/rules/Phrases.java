package org.speccxr.judge.rules;

import java.util.List;

/** Word-level phrase tests with the same folding the extractor uses. */
public final class Phrases {
    private Phrases() {
    }

    /** True when the words of {@code text} contain the words of any of {@code phrases} in sequence. */
    public static boolean containsAny(String text, List<String> phrases) {
        String[] w = Tokens.phrase(text);
        for (String p : phrases) {
            String[] q = Tokens.phrase(p);
            outer:
            for (int i = 0; i + q.length <= w.length; i++) {
                for (int j = 0; j < q.length; j++) {
                    if (!w[i + j].equals(q[j])) {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** The folded words of a phrase, as the extractor matches them. */
    public static String[] words(String phrase) {
        return Tokens.phrase(phrase);
    }
}
