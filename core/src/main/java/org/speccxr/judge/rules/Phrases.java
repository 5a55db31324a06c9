package org.speccxr.judge.rules;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Word-level phrase tests with the same folding the extractor uses. */
public final class Phrases {
    /** Folded words of the (few, fixed) filter phrases of label sets, so labelling does not re-tokenise them. */
    private static final Map<String, String[]> WORDS = new ConcurrentHashMap<>();

    private Phrases() {
    }

    /** True when the words of {@code text} contain the words of any of {@code phrases} in sequence. */
    public static boolean containsAny(String text, List<String> phrases) {
        String[] w = Tokens.phrase(text);
        for (String p : phrases) {
            String[] q = WORDS.computeIfAbsent(p, Tokens::phrase);
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
