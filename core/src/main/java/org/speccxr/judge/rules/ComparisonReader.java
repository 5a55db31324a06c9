package org.speccxr.judge.rules;

/**
 * Modifier reader for comparison with a prior study: comparison words ({@code comparison.words}) within
 * {@code comparison.window} words of the mention; a look-alike ({@code comparison.not}: "more likely", "prior
 * sternotomy") is skipped whole.
 */
final class ComparisonReader {
    private final RuleSet rules;

    ComparisonReader(RuleSet rules) {
        this.rules = rules;
    }

    int window() {
        return rules.comparisonWindow;
    }

    boolean comparison(String[] w, Target sp, int prevEnd, int nextStart) {
        // Comparison words sit further from the finding than modifiers do ("the granuloma in the right lower lobe
        // is stable"), so the window is wider; it still stops at neighbouring mentions.
        int[] win = LocationReader.window(sp, prevEnd, nextStart, rules.comparisonWindow, w.length);
        if (sp.pattern()) {
            return compares(w, win[0], win[1]); // a pattern's gap may hold "remains", "again"
        }
        // a synonym's own words are the finding
        return compares(w, win[0], sp.start()) || compares(w, sp.end(), win[1]);
    }

    /** Comparison language among words [from, to). */
    boolean compares(String[] w, int from, int to) {
        for (int i = Math.max(0, from); i < Math.min(to, w.length); i++) {
            PhraseMatcher.Match<Boolean> m = rules.comparisons.longestAt(w, i);
            if (m != null) {
                if (m.values().contains(Boolean.TRUE)) {
                    return true;
                }
                i = m.end() - 1;
            }
        }
        return false;
    }

    /** A comparison phrase (not a look-alike) starts at word k. */
    boolean comparesAt(String[] w, int k) {
        PhraseMatcher.Match<Boolean> c = rules.comparisons.longestAt(w, k);
        return c != null && c.values().contains(Boolean.TRUE);
    }
}
