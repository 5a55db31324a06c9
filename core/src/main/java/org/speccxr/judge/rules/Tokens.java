package org.speccxr.judge.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Word tokens of a sentence with their character offsets. Words are runs of letters and digits, lower-cased and
 * with simple plurals folded ("effusions" = "effusion", "opacities" = "opacity"), so synonyms list singular forms
 * and hyphens match spaces ("ground-glass" = "ground glass"). A run of underscores, MIMIC-CXR's de-identification
 * blank, is the one word "___", as IU X-ray's XXXX is a word.
 */
final class Tokens {
    final String[] words;
    final int[] start;
    final int[] end;

    private Tokens(String[] words, int[] start, int[] end) {
        this.words = words;
        this.start = start;
        this.end = end;
    }

    int size() {
        return words.length;
    }

    static Tokens of(String text) {
        List<String> w = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                int j = i;
                while (j < n && Character.isLetterOrDigit(text.charAt(j))) {
                    j++;
                }
                w.add(fold(text.substring(i, j).toLowerCase(java.util.Locale.ROOT)));
                spans.add(new int[]{i, j});
                i = j;
            } else if (c == '_' && i + 1 < n && text.charAt(i + 1) == '_') {
                // MIMIC-CXR's de-identification blank ("compared to ___"), one word as IU X-ray's XXXX is
                int j = i;
                while (j < n && text.charAt(j) == '_') {
                    j++;
                }
                w.add("___");
                spans.add(new int[]{i, j});
                i = j;
            } else {
                i++;
            }
        }
        return of(w, spans);
    }

    /** Tokens from words already folded and their character spans ({@link GluedWords}). */
    static Tokens of(List<String> words, List<int[]> spans) {
        int[] s = new int[words.size()];
        int[] e = new int[words.size()];
        for (int k = 0; k < s.length; k++) {
            s[k] = spans.get(k)[0];
            e[k] = spans.get(k)[1];
        }
        return new Tokens(words.toArray(new String[0]), s, e);
    }

    /** Splits a phrase from a rule or synonym list into folded words. */
    static String[] phrase(String p) {
        return of(p).words;
    }

    /**
     * Folds simple English plurals ("granulomas", "hernias", "areas" too, "prostheses"); leaves words that merely end in s
     * (atelectasis, process, status) alone. Synonyms and triggers are folded the same way, so a rare wrong fold
     * ("whereas") still matches itself.
     */
    static String fold(String w) {
        int n = w.length();
        if (n <= 3 || !Character.isLetter(w.charAt(n - 1))) {
            return w;
        }
        if (w.equals("pneumothoraces") || w.equals("thoraces")) {
            return w.substring(0, n - 4) + "x";
        }
        if (w.endsWith("ies") && n > 4) {
            return w.substring(0, n - 3) + "y";
        }
        if (w.endsWith("sses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes")) {
            return w.substring(0, n - 2);
        }
        if (w.endsWith("theses")) {
            return w.substring(0, n - 2) + "is"; // prostheses
        }
        if (w.endsWith("tases")) {
            return w.substring(0, n - 2) + "is";
        }
        if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")
                && !w.endsWith("os") && !w.endsWith("ys")) {
            return w.substring(0, n - 1);
        }
        return w;
    }
}
