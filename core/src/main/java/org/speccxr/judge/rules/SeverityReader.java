package org.speccxr.judge.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Modifier reader for severity: the nearest severity phrase ({@code severity.levels}) within {@code severity.window}
 * words, and a measurement in mm or cm ({@code severity.size}).
 */
final class SeverityReader {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*-?\\s*(mm|cm)\\b", Pattern.CASE_INSENSITIVE);

    private final RuleSet rules;

    SeverityReader(RuleSet rules) {
        this.rules = rules;
    }

    Severity severity(String[] w, Target sp, int prevEnd, int nextStart) {
        int[] win = LocationReader.window(sp, prevEnd, nextStart, rules.severityWindow, w.length);
        Severity best = null;
        int bestDist = Integer.MAX_VALUE;
        for (int i = win[0]; i < win[1]; i++) {
            PhraseMatcher.Match<Severity> m = rules.severities.longestAt(w, i);
            if (m != null && m.end() <= win[1]) {
                int dist = i < sp.start() ? sp.start() - m.end() : i - sp.end() + 1;
                if (dist < bestDist) {
                    bestDist = dist;
                    best = m.values().get(0);
                }
                i = m.end() - 1;
            }
        }
        return best;
    }

    /** A severity phrase starts at word k. */
    boolean statesSeverity(String[] w, int k) {
        return rules.severities.longestAt(w, k) != null;
    }

    /** The mention's measurement in millimetres, or null: the first one not said to be a former size, else the first. */
    Double sizeMm(SentenceReading r, Target sp, int prevEnd, int nextStart) {
        Tokens t = r.tokens;
        RuleSet.Size size = rules.size;
        int from = t.start[Math.min(sp.start(), Math.max(Math.max(0, prevEnd), sp.start() - size.before()))];
        int to = t.end[Math.max(sp.end() - 1, Math.min(Math.min(t.size(), nextStart) - 1, sp.end() + size.after()))];
        String window = r.text.substring(from, to);
        Matcher m = SIZE.matcher(window);
        Double first = null;
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            v = m.group(2).equalsIgnoreCase("cm") ? v * 10 : v;
            if (first == null) {
                first = v;
            }
            // "previously 3 cm, now 1 cm": the size that is not said to be a former one
            if (!size.former().matcher(window.substring(Math.max(0, m.start() - size.formerReach()), m.start())).find()) {
                return v;
            }
        }
        return first;
    }
}
