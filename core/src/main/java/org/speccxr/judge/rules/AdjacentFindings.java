package org.speccxr.judge.rules;

import java.util.List;

/**
 * A finding said to lie next to the one before it ("small left pleural effusion with adjacent atelectasis", "lytic
 * lesion of the left sixth rib with an associated pathologic fracture") is on that finding's side when it names no
 * side of its own: the words {@code location.adjacent_words}, at most {@code scope.list_gap} words before it and after
 * the finding before, say so. Modifier readers stop at the finding before, so they cannot see its side.
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
            if (!m.sides().isEmpty() || before.sides().isEmpty() || m.status() == Status.NEGATIVE
                    || before.status() == Status.NEGATIVE || rules.tipEntities.contains(m.entity())
                    || !adjacentBetween(r, prev.end(), here.start())) {
                continue;
            }
            out.set(k, new Mention(m.entity(), m.status(), before.sides(), m.zones(), m.severity(), m.sizeMm(),
                    m.comparison(), m.phrase(), m.sentence(), m.section(), m.explains()));
        }
    }

    private boolean adjacentBetween(SentenceReading r, int from, int to) {
        if (from >= to || to - from > rules.scope.listGap() + 1
                || r.text.substring(r.tokens.end[from - 1], r.tokens.start[to]).matches("(?s).*[;:.].*")) {
            return false;
        }
        for (int k = from; k < to; k++) {
            if (rules.adjacentWords.contains(r.words[k])) {
                return true;
            }
        }
        return false;
    }
}
