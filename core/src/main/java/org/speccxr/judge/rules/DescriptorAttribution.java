package org.speccxr.judge.rules;

import java.util.List;
import java.util.Set;

/**
 * "Streaky opacity at the left base, likely atelectasis": a finding explained, in the same phrase, by the finding that
 * follows it. The explaining finding is where the first is: it takes the first's location and severity when it states
 * none, whether the explanation is affirmed ("likely", "consistent with") or hedged ("may represent"); so does a
 * diagnosis offered for a finding ("left hilar fullness consistent with lymphadenopathy"). An explanation of a
 * descriptor (lung opacity, {@code descriptors} and {@code descriptors_in_phrase}) by a more specific finding of the
 * descriptor's lists, affirmed or hedged ("opacity, possibly scarring") but not hedged between alternatives that
 * include something else ("may reflect atelectasis or pneumonia"), and not only raised for a descriptor of
 * {@code descriptors_kept_when_hedged} ("blunting which may represent an effusion"), marks the descriptor as only describing it, so that a report naming just the finding is not missing the descriptor (see
 * {@link RulesJudge}). Only the next finding can explain, within {@code scope.explanation_gap} words, and not across a
 * phrase break ("opacity with possible small effusion"). A redacted link ("opacity at the right base, XXXX
 * atelectasis") is read after a descriptor only.
 */
final class DescriptorAttribution implements PostProcessor {
    private final RuleSet rules;
    private final Clauses clauses;
    private final java.util.function.Predicate<String> diagnosis;

    /** @param diagnosis whether an entity id is a diagnosis, which a finding's comparison does not reach when offered */
    DescriptorAttribution(RuleSet rules, Clauses clauses, java.util.function.Predicate<String> diagnosis) {
        this.rules = rules;
        this.clauses = clauses;
        this.diagnosis = diagnosis;
    }

    @Override
    public void apply(SentenceReading r) {
        List<Mention> out = r.mentions;
        List<Target> spans = r.targets;
        String[] w = r.words;
        for (int d = 0; d + 1 < spans.size(); d++) {
            Set<String> targets = rules.explainersInPhrase.get(spans.get(d).entity());
            Mention desc = out.get(d), target = out.get(d + 1);
            Target ds = spans.get(d), ts = spans.get(d + 1);
            if (desc.status() != Status.POSITIVE || target.status() == Status.NEGATIVE) {
                continue;
            }
            // only redacted words between them: the linking word was redacted ("opacities ... XXXX focal atelectasis",
            // "most XXXX a calcified granuloma"); or, after the last comma between them, a redacted word and at most
            // two modifiers ("opacity at the right base, XXXX atelectasis", "hazy density in the left apex, XXXX old
            // scarring"; the IU reports' de-identification took every "likely")
            int linkFrom = ds.end();
            boolean comma = false;
            for (int k = ds.end(); k < ts.start(); k++) {
                if (k > 0 && Clauses.hasBreakChar(r.text, r.tokens.end[k - 1], r.tokens.start[k])) {
                    linkFrom = k;
                    comma = true;
                }
            }
            boolean redacted;
            if (!comma) {
                redacted = ts.start() > ds.end();
                for (int k = ds.end(); k < ts.start(); k++) {
                    redacted &= rules.redactedWords.contains(w[k]);
                }
            } else {
                redacted = rules.redactedWords.contains(w[linkFrom]) && ts.start() - linkFrom <= 3;
                for (int k = linkFrom + 1; k < ts.start(); k++) {
                    redacted &= !clauses.isPhraseBreak(w[k]);
                }
            }
            int gap = redacted ? linkFrom - ds.end() : ts.start() - ds.end();
            if (gap > rules.scope.explanationGap()) {
                continue;
            }
            // a redacted link after a comma ends the descriptor's own words, whose joiners break nothing ("opacities at
            // the right base and in the middle lobe, XXXX atelectasis")
            boolean broken = false;
            for (int k = redacted ? linkFrom : ds.end(); k < ts.start(); k++) {
                broken |= clauses.isPhraseBreak(w[k]) && !insideLink(r.triggers, k); // "consistent with" links
            }
            // a redacted link is read only after a descriptor; another finding needs its linking words ("left hilar
            // fullness consistent with lymphadenopathy": the nodes are where the fullness is)
            redacted &= targets != null;
            boolean affirmed = redacted || linked(r.triggers, ds.end(), ts.start(), RuleSet.Trigger.ATTR);
            // a differential set after the descriptor's comma is offered for it, as a hedge is ("streaky opacities at
            // the left base, atelectasis versus infiltrate")
            boolean differential = ts.start() > ds.end() && targets != null
                    && Clauses.hasBreakChar(r.text, r.tokens.end[ts.start() - 1], r.tokens.start[ts.start()])
                    && offersAlternative(r, d + 1, targets);
            if (broken || !(affirmed || differential || linked(r.triggers, ds.end(), ts.start(), RuleSet.Trigger.PRE_UNC))) {
                continue;
            }
            // where the descriptor is, the finding is; but a diagnosis only offered for a compared descriptor is not
            // compared itself ("worsening interstitial opacities, possibly lymphangitic spread"), while a finding
            // offered is ("stable biapical opacities, possibly scarring"), as the tuning golds' annotators read them
            out.set(d + 1, new Mention(target.entity(), target.status(),
                    target.sides().isEmpty() ? desc.sides() : target.sides(),
                    target.zones().isEmpty() ? desc.zones() : target.zones(),
                    target.severity() == null ? desc.severity() : target.severity(),
                    target.sizeMm() == null ? desc.sizeMm() : target.sizeMm(),
                    target.comparison() || desc.comparison() && !(target.status() == Status.UNCERTAIN && diagnosis.test(target.entity())),
                    target.phrase(), target.sentence(), target.section()));
            if (targets != null && targets.contains(ts.entity()) && !rules.ruledOut(ts.entity(), desc.phrase())
                    && (affirmed || !offeredWithAlternative(r, d + 1, targets))
                    && !(!redacted && onlyRaised(ds, ts, target, w))) {
                out.set(d, desc.explaining(ts.entity()));
            }
        }
    }

    /**
     * The target at index t is offered among alternatives that follow it ("airspace disease may reflect atelectasis or
     * pneumonia", "may be atelectasis, pneumonia or aspiration"), one of them not a finding the descriptor may be
     * ({@code explainers}): a hedged reading that does not commit to the findings leaves the descriptor standing.
     * Alternatives that are all such findings ("scarring and/or granulomas") still describe it.
     */
    private boolean offeredWithAlternative(SentenceReading r, int t, Set<String> explainers) {
        boolean alternative = false, other = false;
        for (int j = t + 1; j < r.targets.size(); j++) {
            int from = r.targets.get(j - 1).end(), to = r.targets.get(j).start();
            boolean offered = clauses.offersAlternatives(r.words, from, to);
            if (!offered && !clauses.listGap(r, from, to)) {
                break; // the list of alternatives has ended
            }
            alternative |= offered;
            other |= !explainers.contains(r.targets.get(j).entity());
        }
        return alternative && other;
    }

    /**
     * The target at index t is followed, across a list gap, by another finding that a differential word offers beside
     * it, and one of the two is a finding the descriptor may be ({@code explainers}): "opacity at the right base,
     * atelectasis versus pneumonia", not "opacity at the right base, cardiomegaly or pericardial effusion".
     */
    private boolean offersAlternative(SentenceReading r, int t, Set<String> explainers) {
        if (t + 1 >= r.targets.size()) {
            return false;
        }
        int from = r.targets.get(t).end(), to = r.targets.get(t + 1).start();
        return clauses.listGap(r, from, to) && clauses.offersAlternatives(r.words, from, to)
                && (explainers.contains(r.targets.get(t).entity()) || explainers.contains(r.targets.get(t + 1).entity()));
    }

    /**
     * The finding is only raised ("blunting which may represent an effusion"), which leaves some descriptors standing
     * ({@code descriptors_kept_when_hedged}), even beside an attribution word ("possibly representing a granuloma");
     * a committing hedge between them ("suggesting") does not.
     */
    private boolean onlyRaised(Target ds, Target ts, Mention target, String[] w) {
        return target.status() == Status.UNCERTAIN && rules.keptWhenHedged(ds.entity(), ts.entity())
                && !rules.committingHedgeIn(w, ds.end(), ts.start());
    }

    /** Token k is part of a linking phrase ("consistent with", "may be due to"), not a break between phrases. */
    private static boolean insideLink(List<PhraseMatcher.Match<RuleSet.Trigger>> triggers, int k) {
        for (PhraseMatcher.Match<RuleSet.Trigger> tr : triggers) {
            if (tr.start() <= k && k < tr.end()
                    && (tr.values().contains(RuleSet.Trigger.ATTR) || tr.values().contains(RuleSet.Trigger.PRE_UNC))) {
                return true;
            }
        }
        return false;
    }

    private static boolean linked(List<PhraseMatcher.Match<RuleSet.Trigger>> triggers, int from, int to, RuleSet.Trigger type) {
        for (PhraseMatcher.Match<RuleSet.Trigger> tr : triggers) {
            if (tr.start() >= from && tr.end() <= to && tr.values().contains(type)) {
                return true;
            }
        }
        return false;
    }
}
