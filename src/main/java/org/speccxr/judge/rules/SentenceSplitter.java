package org.speccxr.judge.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a report into sentences in one pass over its characters (a regular expression with the same rules cost
 * most of the judging time). A sentence ends:
 * <ul>
 *   <li>at a stop (. ! ? ; or an ellipsis) followed, perhaps after closing quotes or brackets, by any kind of space;
 *       not after "vs.", "e.g." or "i.e."; a semicolon ends one even without a space;</li>
 *   <li>at a line break or a bullet;</li>
 *   <li>in glued text: "effusion.Heart", "PTX.Small", "pneumothorax.2.Small";</li>
 *   <li>before a numbered item ("... 2) small effusion", "(2) ...", "2. ...") and before a section header inside a
 *       line ("COMPARISON: None FINDINGS: ...").</li>
 * </ul>
 */
final class SentenceSplitter {
    private SentenceSplitter() {
    }

    private static final String[] HEADERS = {"FINDINGS", "IMPRESSION", "CONCLUSION", "COMPARISON", "INDICATION", "HISTORY",
            "TECHNIQUE", "EXAMINATION", "Findings", "Impression", "Conclusion", "Comparison", "Indication", "History",
            "Technique"};

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int n = text.length();
        int start = 0;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            int cut = -1, next = -1; // the sentence ends before cut; the next one starts at next
            if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u2022' || c == '\u25aa' || c == '\u25cf') {
                cut = i;
                next = i + 1;
            } else if (c == ';') {
                cut = i + 1;
                next = i + 1;
            } else if ((c == '.' || c == '!' || c == '?' || c == '\u2026') && !(c == '.' && abbreviation(text, i))) {
                int j = i + 1;
                while (j < n && j - i <= 3 && isClosing(text.charAt(j))) {
                    j++;
                }
                if (j < n && isSpace(text.charAt(j))) {
                    cut = j;
                    next = j;
                } else if (c == '.' && glued(text, i)) {
                    cut = i + 1;
                    next = i + 1;
                }
            } else if (isSpace(c) && i > start && (numberedItem(text, i + 1) || header(text, i + 1))) {
                cut = i;
                next = i + 1;
            }
            if (cut >= 0) {
                add(out, text, start, cut);
                start = next;
                i = next;
            } else {
                i++;
            }
        }
        add(out, text, start, n);
        return out;
    }

    private static void add(List<String> out, String text, int from, int to) {
        if (to > from) {
            String s = text.substring(from, to).strip();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
    }

    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u200b';
    }

    private static boolean isClosing(char c) {
        return c == '"' || c == '\'' || c == '\u201d' || c == '\u2019' || c == ')' || c == ']';
    }

    /** The dot of "vs.", "e.g." or "i.e." does not end a sentence. */
    private static boolean abbreviation(String t, int dot) {
        return endsWithWord(t, dot, "vs") || endsWithWord(t, dot, "e.g") || endsWithWord(t, dot, "i.e");
    }

    private static boolean endsWithWord(String t, int end, String w) {
        int s = end - w.length();
        return s >= 0 && t.regionMatches(true, s, w, 0, w.length()) && (s == 0 || !Character.isLetterOrDigit(t.charAt(s - 1)));
    }

    /** "effusion.Heart", "PTX.Small", "pneumothorax.2.Small": two letters, a dot, then a new sentence. */
    private static boolean glued(String t, int dot) {
        if (dot < 2 || dot + 1 >= t.length() || !Character.isLetter(t.charAt(dot - 1)) || !Character.isLetter(t.charAt(dot - 2))) {
            return false;
        }
        char a = t.charAt(dot + 1);
        if (Character.isUpperCase(a)) {
            boolean lowerBefore = Character.isLowerCase(t.charAt(dot - 1)) && Character.isLowerCase(t.charAt(dot - 2));
            boolean lowerAfter = dot + 2 < t.length() && Character.isLowerCase(t.charAt(dot + 2));
            return (lowerBefore || lowerAfter) && !abbreviation(t, dot);
        }
        // "...pneumothorax.2.Small"
        int k = dot + 1;
        while (k < t.length() && k - dot <= 2 && Character.isDigit(t.charAt(k))) {
            k++;
        }
        return k > dot + 1 && k < t.length() - 1 && (t.charAt(k) == '.' || t.charAt(k) == ')') && !isSpace(t.charAt(k + 1));
    }

    /** "2) ", "2. ", "(2) " at position p. */
    private static boolean numberedItem(String t, int p) {
        int k = p;
        if (k < t.length() && t.charAt(k) == '(') {
            k++;
        }
        int d = k;
        while (k < t.length() && k - d < 2 && Character.isDigit(t.charAt(k))) {
            k++;
        }
        return k > d && k + 1 < t.length() && (t.charAt(k) == '.' || t.charAt(k) == ')') && isSpace(t.charAt(k + 1));
    }

    /** "FINDINGS:" (or "Findings :") at position p. */
    private static boolean header(String t, int p) {
        char c = t.charAt(Math.min(p, t.length() - 1));
        if (p >= t.length() || !(c == 'F' || c == 'I' || c == 'C' || c == 'H' || c == 'T' || c == 'E')) {
            return false;
        }
        for (String h : HEADERS) {
            if (t.startsWith(h, p)) {
                int k = p + h.length();
                while (k < t.length() && t.charAt(k) == ' ') {
                    k++;
                }
                if (k < t.length() && t.charAt(k) == ':') {
                    return true;
                }
            }
        }
        return false;
    }
}
