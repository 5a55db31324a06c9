package org.speccxr.judge.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a report into sentences in one pass over its characters (a regular expression with the same rules cost
 * most of the judging time). A sentence ends:
 * <ul>
 *   <li>at a stop (. ! ? ; or an ellipsis) followed, perhaps after closing quotes or brackets, by any kind of space;
 *       not after an abbreviation ("vs.", "e.g.", "approx.", "Fig.", "No. 2") nor after an ordinal in a list ("the
 *       5. and 6. ribs"), nor at a question mark standing apart that queries what follows ("opacity, ? pneumonia",
 *       "opacity ? collapse"); a semicolon ends one even without a space;</li>
 *   <li>at a line break or a bullet;</li>
 *   <li>in glued text: "effusion.Heart", "PTX.Small", "pneumothorax.2.Small";</li>
 *   <li>before a numbered item ("... 2) small effusion", "(2) ...", "2. ...") and before a section header inside a
 *       line ("COMPARISON: None FINDINGS: ...").</li>
 * </ul>
 */
public final class SentenceSplitter {
    /** Section headers ({@code sections.headers}), upper case, longest first; and their first letters. */
    private final String[] headers;
    private final String firstLetters;
    /** {@code sections.abbreviations}: words whose dot ends no sentence. */
    private final String[] abbreviations;

    SentenceSplitter(RuleSet rules) {
        List<String> hs = new ArrayList<>();
        rules.sectionHeaders.forEach(h -> hs.add(h.toUpperCase(java.util.Locale.ROOT)));
        hs.sort((a, b) -> b.length() - a.length());
        this.headers = hs.toArray(new String[0]);
        StringBuilder first = new StringBuilder();
        for (String h : headers) {
            if (first.indexOf(h.substring(0, 1)) < 0) {
                first.append(h.charAt(0));
            }
        }
        this.firstLetters = first.toString();
        this.abbreviations = rules.abbreviations.toArray(new String[0]);
    }

    private static volatile SentenceSplitter standard;

    /** Sentences as the bundled rules split them. */
    public static List<String> split(String text) {
        SentenceSplitter s = standard;
        if (s == null) {
            s = new SentenceSplitter(RuleSet.loadDefault());
            standard = s;
        }
        return s.sentences(text);
    }

    public List<String> sentences(String text) {
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
            } else if ((c == '.' || c == '!' || c == '?' || c == '\u2026') && !(c == '.' && abbreviation(text, i))
                    && !queryMark(text, start, i)) {
                int j = i + 1;
                while (j < n && j - i <= 3 && isClosing(text.charAt(j))) {
                    j++;
                }
                if (j < n && isSpace(text.charAt(j))) {
                    if (!(c == '.' && ordinalInList(text, i, j))) {
                        cut = j;
                        next = j;
                    }
                } else if (glued(text, i)) {
                    cut = i + 1;
                    next = i + 1;
                }
            } else if (isSpace(c) && i > start && ((numberedItem(text, i + 1) && !insideBrackets(text, start, i))
                    || header(text, i + 1))) {
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

    /** The dot of an abbreviation ("vs.", "e.g.", "approx.", "Fig.", "No. 2") does not end a sentence. */
    private boolean abbreviation(String t, int dot) {
        for (String a : abbreviations) {
            if (endsWithWord(t, dot, a)) {
                return true;
            }
        }
        // "No. 2", "Nr. 3": a number follows
        int k = dot + 1;
        while (k < t.length() && t.charAt(k) == ' ') {
            k++;
        }
        return (endsWithWord(t, dot, "no") || endsWithWord(t, dot, "nr")) && k < t.length() && Character.isDigit(t.charAt(k));
    }

    /** "the left 5. and 6. ribs": a number's dot followed by a lower-case word is an ordinal, not a stop. */
    private static boolean ordinalInList(String t, int dot, int space) {
        if (dot == 0 || !Character.isDigit(t.charAt(dot - 1))) {
            return false;
        }
        int k = space;
        while (k < t.length() && isSpace(t.charAt(k))) {
            k++;
        }
        return k < t.length() && Character.isLowerCase(t.charAt(k));
    }

    /** Inside an unclosed bracket since the sentence began: "(image 2) or" is no numbered item. */
    private static boolean insideBrackets(String t, int from, int to) {
        int depth = 0;
        for (int k = from; k < to; k++) {
            char c = t.charAt(k);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            }
        }
        return depth > 0;
    }

    private static boolean endsWithWord(String t, int end, String w) {
        int s = end - w.length();
        return s >= 0 && t.regionMatches(true, s, w, 0, w.length()) && (s == 0 || !Character.isLetterOrDigit(t.charAt(s - 1)));
    }

    /**
     * A question mark standing apart that queries the words after it rather than ending a question: after a comma
     * ("opacity, ? pneumonia"), or after a space with a lower-case word next ("basal opacity ? collapse"). "Query
     * pneumothorax ? Lungs are clear." still ends at it.
     */
    private static boolean queryMark(String text, int start, int i) {
        if (text.charAt(i) != '?' || i <= start) {
            return false;
        }
        int b = i - 1;
        while (b > start && isSpace(text.charAt(b))) {
            b--;
        }
        if (text.charAt(b) == ',') {
            return true;
        }
        if (!isSpace(text.charAt(i - 1))) {
            return false; // "pneumothorax?" ends a question
        }
        int a = i + 1;
        while (a < text.length() && isSpace(text.charAt(a))) {
            a++;
        }
        return a < text.length() && Character.isLowerCase(text.charAt(a));
    }

    /**
     * Glued sentences: "effusion.Heart", "pneumothorax.mild", "PTX.SMALL", "T12.Mild", "pneumothorax?Mild",
     * "pneumothorax.2) Mild", "pneumothorax.(2)": a stop between words with no space.
     */
    private static boolean glued(String t, int stop) {
        if (stop < 1 || stop + 1 >= t.length()) {
            return false;
        }
        char before = t.charAt(stop - 1), after = t.charAt(stop + 1);
        boolean twoLetters = stop >= 2 && Character.isLetter(before) && Character.isLetter(t.charAt(stop - 2));
        if (Character.isLetter(after)) {
            if (twoLetters) {
                return true;
            }
            // "T12.Mild", "3/4/2020.Mild": a number, then a capitalised word
            return Character.isDigit(before) && Character.isUpperCase(after) && stop + 2 < t.length()
                    && Character.isLowerCase(t.charAt(stop + 2));
        }
        if (!twoLetters) {
            return false;
        }
        // "...pneumothorax.2.Small", "pneumothorax.2) Mild", "pneumothorax.(2) Mild"
        int k = stop + 1;
        if (t.charAt(k) == '(') {
            k++;
        }
        int d = k;
        while (k < t.length() && k - d < 2 && Character.isDigit(t.charAt(k))) {
            k++;
        }
        return k > d && k < t.length() && (t.charAt(k) == '.' || t.charAt(k) == ')');
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
        return k > d && k + 1 < t.length() && (t.charAt(k) == '.' || t.charAt(k) == ')')
                && (isSpace(t.charAt(k + 1)) || Character.isUpperCase(t.charAt(k + 1)));
    }

    /** "FINDINGS:" (or "Findings :", "findings:") at position p. */
    private boolean header(String t, int p) {
        if (p >= t.length()) {
            return false;
        }
        if (firstLetters.indexOf(Character.toUpperCase(t.charAt(p))) < 0) {
            return false;
        }
        for (String h : headers) {
            if (t.regionMatches(true, p, h, 0, h.length())) {
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
