package org.speccxr.judge.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Modifier reader for severity: the nearest severity phrase ({@code severity.levels}) within {@code severity.window}
 * words, and a measurement in mm or cm ({@code severity.size}).
 */
final class SeverityReader {
    /** A measurement in millimetres or centimetres ("8 mm", "2.5-cm"); also a tube tip's distance ({@link LocationReader}). */
    static final Pattern MEASUREMENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*-?\\s*(mm|cm)\\b", Pattern.CASE_INSENSITIVE);

    private final RuleSet rules;

    SeverityReader(RuleSet rules) {
        this.rules = rules;
    }

    Severity severity(String[] w, Target sp, int prevEnd, int nextStart) {
        return severity(w, sp, prevEnd, nextStart, java.util.List.of());
    }

    /**
     * @param inner other targets inside this one's words: their grade is theirs ("the aorta is mildly tortuous and
     *              calcified": "mildly" grades the tortuosity, not the calcification read over the same words)
     */
    Severity severity(String[] w, Target sp, int prevEnd, int nextStart, java.util.List<Target> inner) {
        int[] win = LocationReader.window(sp, prevEnd, nextStart, rules.severityWindow, w.length);
        Severity perSide = gradedPerSide(w, sp, win);
        if (perSide != null) {
            return perSide;
        }
        Severity best = null;
        int bestDist = Integer.MAX_VALUE;
        for (int i = win[0]; i < win[1]; i++) {
            PhraseMatcher.Match<Boolean> not = rules.severityLookAlikes.longestAt(w, i);
            if (not != null) {
                i = not.end() - 1;
                continue;
            }
            PhraseMatcher.Match<Severity> m = rules.severities.longestAt(w, i);
            if (m != null && m.end() <= win[1] && !within(inner, m.start(), m.end())) {
                Severity grade = m.values().get(0);
                int end = m.end();
                // "minimal to mild": two grades joined by a range word are a range
                if (end + 1 < win[1] && rules.severityRangeWords.contains(w[end])) {
                    PhraseMatcher.Match<Severity> upTo = rules.severities.longestAt(w, end + 1);
                    if (upTo != null && upTo.end() <= win[1]) {
                        grade = grade.span(upTo.values().get(0));
                        end = upTo.end();
                    }
                }
                int dist = i < sp.start() ? sp.start() - end : i - sp.end() + 1;
                if (dist < bestDist) {
                    bestDist = dist;
                    best = grade;
                }
                i = end - 1;
            }
        }
        return best;
    }

    /**
     * "Moderate right and small left pleural effusions": grades given per side of one finding, each before its side
     * word, all the words before the finding; the finding's grade spans them. Null when the words before the finding
     * are not such a list.
     */
    private Severity gradedPerSide(String[] w, Target sp, int[] win) {
        for (int from = win[0]; from < sp.start(); from++) {
            Severity span = null;
            int grades = 0, sides = 0, k = from;
            while (k < sp.start()) {
                PhraseMatcher.Match<Severity> g = rules.severities.longestAt(w, k);
                PhraseMatcher.Match<String> side = rules.sides.longestAt(w, k);
                if (g != null && g.end() <= sp.start()) {
                    span = span == null ? g.values().get(0) : span.span(g.values().get(0));
                    grades++;
                    k = g.end();
                } else if (side != null && side.end() <= sp.start()) {
                    sides++;
                    k = side.end();
                } else if (rules.scope.listJoiners().contains(w[k])) {
                    k++;
                } else {
                    break;
                }
            }
            if (k == sp.start()) {
                return grades >= 2 && sides >= 2 ? span : null;
            }
        }
        return null;
    }

    private static boolean within(java.util.List<Target> targets, int from, int to) {
        for (Target t : targets) {
            if (t.start() <= from && to <= t.end()) {
                return true;
            }
        }
        return false;
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
        Matcher m = MEASUREMENT.matcher(window);
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
