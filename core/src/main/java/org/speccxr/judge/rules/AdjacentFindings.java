package org.speccxr.judge.rules;

import java.util.List;

/**
 * A finding said to lie next to the one before it ("small left pleural effusion with adjacent atelectasis", "cavity in
 * the right upper lobe with surrounding consolidation") is on that finding's side, and in its zones, where it names
 * none of its own: one of the words {@code location.adjacent_words}, at most {@code scope.list_gap} words before it and
 * at most {@code location.window} words after the finding before, with no stop, colon or semicolon between, says so.
 * Modifier readers stop at the finding before, so they cannot see where it is.
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
            boolean takesSides = m.sides().isEmpty() && !before.sides().isEmpty();
            boolean takesZones = m.zones().isEmpty() && !before.zones().isEmpty();
            if (!takesSides && !takesZones || m.status() == Status.NEGATIVE
                    || before.status() == Status.NEGATIVE || rules.tipEntities.contains(m.entity())
                    || !adjacentBetween(r, prev.end(), here.start())) {
                continue;
            }
            out.set(k, new Mention(m.entity(), m.status(), takesSides ? before.sides() : m.sides(),
                    takesZones ? before.zones() : m.zones(), m.severity(), m.sizeMm(),
                    m.comparison(), m.phrase(), m.sentence(), m.section(), m.explains()));
        }
    }

    private boolean adjacentBetween(SentenceReading r, int from, int to) {
        if (from >= to || r.text.substring(r.tokens.end[from - 1], r.tokens.start[to]).matches("(?s).*[;:.].*")) {
            return false;
        }
        for (int k = Math.max(from, to - rules.scope.listGap()); k < to; k++) {
            if (rules.adjacentWords.contains(r.words[k]) && k - from <= rules.locationWindow) {
                return true;
            }
        }
        return false;
    }
}
