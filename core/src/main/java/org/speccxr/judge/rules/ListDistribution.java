package org.speccxr.judge.rules;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Findings joined as a list ("left basilar atelectasis and effusion", "ETT, NG tube and right IJ line unchanged")
 * share the list's own words: location words before the first or after the last member go to the members that state
 * no location of their own, and comparison words there go to every member. Words between two members stay with the
 * one they modify ("right pneumothorax and new left effusion").
 */
final class ListDistribution implements PostProcessor {
    private final RuleSet rules;
    private final Clauses clauses;
    private final LocationReader location;
    private final SeverityReader severity;
    private final ComparisonReader comparison;
    private final java.util.function.Predicate<String> diagnosis;

    /** @param diagnosis whether an entity id is a diagnosis, which a list's leading comparison does not reach when offered */
    ListDistribution(RuleSet rules, Clauses clauses, LocationReader location, SeverityReader severity, ComparisonReader comparison,
                     java.util.function.Predicate<String> diagnosis) {
        this.diagnosis = diagnosis;
        this.rules = rules;
        this.clauses = clauses;
        this.location = location;
        this.severity = severity;
        this.comparison = comparison;
    }

    @Override
    public void apply(SentenceReading r) {
        List<Mention> out = r.mentions;
        List<Target> spans = r.targets;
        String[] w = r.words;
        int n = spans.size();
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && (out.get(j).status() == Status.NEGATIVE) == (out.get(j + 1).status() == Status.NEGATIVE)
                    && clauses.listGap(r, spans.get(j).end(), spans.get(j + 1).start())) {
                j++;
            }
            if (j > i) {
                share(r, i, j);
            }
            i = j + 1;
        }
    }

    private void share(SentenceReading r, int i, int j) {
        List<Mention> out = r.mentions;
        List<Target> spans = r.targets;
        String[] w = r.words;
        Target first = spans.get(i), last = spans.get(j);
        int[] before = {r.reaches.get(i)[0], first.start()};
        int[] after = {last.end(), r.reaches.get(j)[1]};
        Set<String> preSides = location.sidesIn(w, first, before), preZones = location.zonesIn(w, first, before);
        Set<String> postSides = location.sidesIn(w, first, after), postZones = location.zonesIn(w, first, after);
        // comparison words before a subject are the subject's ("stable heart size, enlarged and tortuous aorta")
        boolean preCompared = comparison.compares(w, clauses.afterSubject(r, before[0], before[1]), before[1]);
        boolean postCompared = comparison.compares(w, after[0], Math.min(after[1], after[0] + comparison.window()));
        for (int k = i; k <= j; k++) {
            Mention m = out.get(k);
            // a bare member ("and effusion") takes what the list says before it; one with words of its own
            // ("and small effusion") is its own phrase and takes only what follows the whole list
            boolean bare = k == i || bareGap(w, spans.get(k - 1).end(), spans.get(k).start());
            boolean located = !m.sides().isEmpty() || !m.zones().isEmpty();
            Set<String> sides = new LinkedHashSet<>(postSides), zones = new LinkedHashSet<>(postZones);
            if (bare) {
                // what the list says before it, and where its head is ("opacity may represent atelectasis or
                // pneumonia": both are where the opacity is)
                sides.addAll(preSides);
                zones.addAll(preZones);
                sides.addAll(out.get(i).sides());
                zones.addAll(out.get(i).zones());
            } else if (preSides.contains("bilateral") && plural(m.phrase())) {
                // "bilateral lower lobe atelectasis and small effusions": a plural member of a bilateral list is on
                // both sides too, though it has words of its own
                sides.add("bilateral");
            }
            boolean device = rules.tipEntities.contains(m.entity());
            // an alternative offered beside a graded finding has its grade ("minimal scarring or atelectasis"); a
            // finding merely listed beside one does not ("small effusion and atelectasis")
            Severity severity = m.severity() == null && m.status() != Status.NEGATIVE && k > i && bare
                    && clauses.offersAlternatives(w, spans.get(k - 1).end(), spans.get(k).start())
                    ? out.get(k - 1).severity() : m.severity();
            // a diagnosis offered for a compared finding is not compared itself ("worsening opacities, possibly
            // pneumonia"): the list's leading comparison goes to the members stated as its first one is
            boolean offered = k > i && m.status() == Status.UNCERTAIN && out.get(i).status() == Status.POSITIVE
                    && diagnosis.test(m.entity());
            // a member with a zone of its own and no side still takes a bilateral list's side ("bilateral pleural
            // effusions and basilar atelectasis") if it is a lateral structure (location.adjacent.entities: not the
            // mediastinum, the spine or a device); one side ("right effusion and basilar atelectasis") stays the first's
            boolean bilateralOnly = m.sides().isEmpty() && sides.equals(Set.of("bilateral"))
                    && rules.adjacentEntities.contains(m.entity());
            out.set(k, new Mention(m.entity(), m.status(),
                    located && !bilateralOnly ? m.sides() : sides,
                    located || device ? m.zones() : zones,
                    severity, m.sizeMm(), m.comparison() || postCompared || (bare && preCompared && !offered),
                    m.phrase(), m.sentence(), m.section(), m.explains()));
        }
    }

    /** The phrase as written ends in a plural ("effusions"): the tokens fold plurals away, the text keeps them. */
    private static boolean plural(String phrase) {
        String[] words = phrase.strip().toLowerCase(java.util.Locale.ROOT).split("\\s+");
        String last = words[words.length - 1];
        return !Tokens.fold(last).equals(last);
    }

    /**
     * No severity or comparison words between two list members ("and", "and right IJ"): the later member has no
     * qualities of its own and shares the list's leading words; "and small effusion" has its own.
     */
    private boolean bareGap(String[] w, int from, int to) {
        for (int k = from; k < to; k++) {
            if (severity.statesSeverity(w, k) || comparison.comparesAt(w, k)) {
                return false;
            }
        }
        return true;
    }
}
