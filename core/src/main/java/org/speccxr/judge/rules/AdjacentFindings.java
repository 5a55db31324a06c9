package org.speccxr.judge.rules;

import java.util.List;

/**
 * A finding said to lie next to the one before it ("small left pleural effusion with adjacent atelectasis", "cavity in
 * the right upper lobe with surrounding consolidation") is on that finding's side, and for lung findings in its
 * zones, where it names none of its own: one of the words {@code location.adjacent.words}, at most
 * {@code scope.list_gap} words before it and at most {@code location.window} words after the finding before, with no
 * stop, colon or semicolon between, says so, for the entities {@code location.adjacent} lists (lateral structures:
 * not the heart, a shift's direction or a diagnosis). Modifier readers stop at the finding before, so they cannot
 * see where it is.
 */
final class AdjacentFindings implements PostProcessor {
    private final RuleSet rules;

    AdjacentFindings(RuleSet rules) {
        this.rules = rules;
    }

    @Override
    public void apply(SentenceReading r) {
        List<Mention> out = r.mentions;
        List<Target> spans = r.targets;
        for (int k = 1; k < spans.size(); k++) {
            Target prev = spans.get(k - 1), here = spans.get(k);
            Mention before = out.get(k - 1), m = out.get(k);
            if (m.status() == Status.NEGATIVE || before.status() == Status.NEGATIVE
                    || !rules.adjacentEntities.contains(m.entity()) || rules.tipEntities.contains(before.entity())
                    || !adjacentBetween(r, prev.end(), here.start())) {
                continue; // a device's tip site is no place for what lies beside it
            }
            boolean takesSides = m.sides().isEmpty() && !before.sides().isEmpty();
            boolean takesZones = m.zones().isEmpty() && !before.zones().isEmpty()
                    && rules.adjacentZoneEntities.contains(m.entity()) && rules.adjacentZoneEntities.contains(before.entity());
            if (takesSides || takesZones) {
                out.set(k, new Mention(m.entity(), m.status(), takesSides ? before.sides() : m.sides(),
                        takesZones ? before.zones() : m.zones(), m.severity(), m.sizeMm(),
                        m.comparison(), m.phrase(), m.sentence(), m.section(), m.explains()));
            }
        }
    }

    private boolean adjacentBetween(SentenceReading r, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int k = Math.max(from, to - rules.scope.listGap()); k < to; k++) {
            if (rules.adjacentWords.contains(r.words[k]) && k - from <= rules.locationWindow) {
                return !stopBetween(r.text, r.tokens.end[from - 1], r.tokens.start[to]);
            }
        }
        return false;
    }

    /** A stop, colon or semicolon among the characters [from, to): the words after it are another statement's. */
    private static boolean stopBetween(String text, int from, int to) {
        for (int c = from; c < to; c++) {
            char ch = text.charAt(c);
            if (ch == '.' || ch == ':' || ch == ';') {
                return true;
            }
        }
        return false;
    }
}
