package org.speccxr.judge.rules;

import java.util.List;

/**
 * The ConText stage: each target's status from the triggers around it (NegEx/ConText family). Every trigger type
 * acts from its own side with its own scope ({@code scope.before}, {@code scope.after} words); termination phrases,
 * pseudo-triggers, clause boundaries and a new subject ({@code scope.subjects}) end a scope; lists carry it.
 */
final class ConText {
    private final RuleSet rules;
    private final Clauses clauses;
    private final RuleSet.Scope scope;

    ConText(RuleSet rules, Clauses clauses) {
        this.rules = rules;
        this.clauses = clauses;
        this.scope = rules.scope;
    }

    /**
     * The clause structure of a sentence's targets: where the list each belongs to ends ("effusion, pneumothorax or
     * consolidation"), and where a pre-trigger's scope ends: at an earlier target that a clause break, not a list,
     * separates from this one ("No new effusion, the known small right effusion is unchanged": the second effusion is
     * not negated).
     */
    record Structure(int[] listEnd, int[] clauseStart) {
    }

    Structure structure(SentenceReading r, List<Target> targets) {
        int n = targets.size();
        int[] listEnd = new int[n];
        for (int i = n - 1; i >= 0; i--) {
            listEnd[i] = i + 1 < n && clauses.listGap(r, targets.get(i).end(), targets.get(i + 1).start())
                    ? listEnd[i + 1] : targets.get(i).end();
        }
        int[] clauseStart = new int[n];
        for (int i = 0; i < n; i++) {
            Target sp = targets.get(i);
            clauseStart[i] = -1;
            if (i > 0) {
                Target prev = targets.get(i - 1);
                boolean listed = clauses.listGap(r, prev.end(), sp.start());
                // a comma that is no list's starts a clause, and so does one whose joining word leads a trigger of its
                // own ("no acute infiltrate, and this most likely represents a granuloma"; but "no pneumothorax,
                // effusion, or new right upper lobe consolidation" and "no pneumothorax, esp. at the apex, or
                // pleural effusion" are lists)
                clauseStart[i] = listed ? clauseStart[i - 1]
                        : prev.end() <= sp.start() && Clauses.hasBreakChar(r.text, r.tokens.end[prev.end() - 1], r.tokens.start[sp.start()])
                        && (!clauses.hasJoiner(r.words, prev.end(), sp.start())
                            || triggerBetween(r, clauses.lastJoiner(r.words, prev.end(), sp.start()) + 1, sp.start()))
                        ? prev.end() : clauseStart[i - 1];
            }
        }
        return new Structure(listEnd, clauseStart);
    }

    /**
     * Termination trigger k is one of {@code scope.describing_terminations} written just before target i, with no
     * other target between it and the trigger before it: it describes the finding ("no persistent effusion", "may
     * represent stable scarring") rather than ending a scope over an earlier one ("no pneumothorax, stable effusion").
     */
    private boolean describes(SentenceReading r, List<Target> targets, int i, int k) {
        PhraseMatcher.Match<RuleSet.Trigger> tr = r.triggers.get(k);
        Target sp = targets.get(i);
        if (tr.end() - tr.start() != 1 || !scope.describingTerminations().contains(r.words[tr.start()])
                || sp.start() < tr.end() || sp.start() - tr.end() > scope.triggerGap()
                || Clauses.hasBreakChar(r.text, r.tokens.end[tr.start()], r.tokens.start[sp.start()])) {
            return false;
        }
        if (k == 0) {
            return true;
        }
        // nothing between the trigger before and this word: no target overlapping that stretch ("no acute bony
        // abnormality, stable cardiomegaly": the normal statement begins with the negation) and no comma or stop
        int from = r.triggers.get(k - 1).end();
        for (int j = i - 1; j >= 0; j--) {
            Target t = targets.get(j);
            if (from <= t.end() && t.end() <= tr.start()) {
                return false;
            }
        }
        return !Clauses.hasBreakChar(r.text, r.tokens.end[from - 1], r.tokens.start[tr.start()]);
    }

    /**
     * A comma or a phrase break ({@code scope.phrase_breaks}) between a trigger and the next finding, outside any
     * trigger ("compatible with" is one): the trigger does not lead that finding ("the effusion is no longer seen,
     * with residual pleural thickening"; "the pneumothorax is no longer seen following chest tube removal"; but
     * "densities may be compatible with scarring" hedge the scarring).
     */
    private boolean phraseBroken(SentenceReading r, int from, int to) {
        if (from >= to) {
            return false;
        }
        if (Clauses.hasBreakChar(r.text, r.tokens.end[from - 1], r.tokens.start[to])) {
            return true;
        }
        int k = firstAtOrAfter(r.triggers, from);
        for (int i = from; i < to; i++) {
            while (k < r.triggers.size() && r.triggers.get(k).end() <= i) {
                k++;
            }
            boolean inTrigger = k < r.triggers.size() && r.triggers.get(k).start() <= i;
            // "or" and "and" join hedges ("possible or probable pneumonia"), which then lead the finding after them
            if (!inTrigger && clauses.isPhraseBreak(r.words[i]) && !scope.listJoiners().contains(r.words[i])) {
                return true;
            }
        }
        return false;
    }

    /** Nothing but a slash between the words before {@code from} and the word at {@code to} ("nodule/mass"). */
    private static boolean slashed(SentenceReading r, int from, int to) {
        return from > 0 && to < r.words.length && to >= from
                && r.text.substring(r.tokens.end[from - 1], r.tokens.start[to]).strip().equals("/");
    }

    /** A trigger (negation, hedge, attribution...) starts among words [from, to). */
    private static boolean triggerBetween(SentenceReading r, int from, int to) {
        int k = firstAtOrAfter(r.triggers, from);
        return k < r.triggers.size() && r.triggers.get(k).start() < to;
    }

    /**
     * Target i's status, or null when it is only hypothetical ("evaluate for pneumonia", "could obscure a nodule"). A
     * phrase can be listed under several trigger types ("cannot be excluded" before or after): each side looks for the
     * types that act from its side.
     */
    Status status(SentenceReading r, List<Target> targets, int i, Structure s) {
        Target sp = targets.get(i);
        List<PhraseMatcher.Match<RuleSet.Trigger>> triggers = r.triggers;
        String[] w = r.words;
        // the next target that does not overlap this one: a pattern read over the same words is no neighbour
        int next = Target.nextApart(targets, i);
        int nextMention = next < targets.size() ? targets.get(next).start() : Integer.MAX_VALUE;
        int listEnd = s.listEnd[i], clauseStart = s.clauseStart[i];
        boolean device = rules.tipEntities.contains(sp.entity());
        boolean neg = false, unc = false, hyp = false;
        // Triggers are sorted and do not overlap: find the first at or after the mention once, then look only at
        // the few near it (a long list sentence has thousands of mentions and triggers).
        int at = firstAtOrAfter(triggers, sp.start());
        // Pattern mentions carry their trigger inside ("heart is not enlarged").
        for (int k = at; sp.pattern() && k < triggers.size() && triggers.get(k).start() < sp.end(); k++) {
            PhraseMatcher.Match<RuleSet.Trigger> tr = triggers.get(k);
            List<RuleSet.Trigger> v = tr.values();
            if (tr.end() <= sp.end() && !v.contains(RuleSet.Trigger.TERM) && !v.contains(RuleSet.Trigger.PSEUDO)) {
                neg |= v.contains(RuleSet.Trigger.PRE_NEG) || v.contains(RuleSet.Trigger.POST_NEG);
                unc |= v.contains(RuleSet.Trigger.PRE_UNC) || v.contains(RuleSet.Trigger.POST_UNC);
            }
        }
        // Before the mention: triggers that start before it (a trigger may overlap the mention's first word, as in
        // "no focal" + "focal consolidation"), nearest first, until scope ends. Negation governs its whole scope: "no
        // opacity to suggest pneumonia" is negative although "suggest" is nearer. Uncertainty and hypothetical
        // triggers stack ("may be compatible with", "evaluate for possible"); attribution is transparent.
        for (int k = at - 1; k >= 0; k--) {
            PhraseMatcher.Match<RuleSet.Trigger> tr = triggers.get(k);
            if (sp.start() - tr.end() > scope.before() || tr.end() <= clauseStart || Clauses.subjectBetween(r, tr.end(), sp.start())) {
                break;
            }
            List<RuleSet.Trigger> v = tr.values();
            if (v.size() == 1 && v.contains(RuleSet.Trigger.LEAD_HYP)) {
                // "given the history of malignancy": only the finding right after it is history, not what follows
                int prev = Target.previousApart(targets, i);
                if (sp.start() - tr.end() <= scope.triggerGap() && (prev < 0 || targets.get(prev).end() <= tr.end())) {
                    hyp = true;
                    break;
                }
                continue;
            }
            if (v.contains(RuleSet.Trigger.PRE_NEG)) {
                neg = true;
                break;
            }
            if (v.contains(RuleSet.Trigger.PRE_UNC)) {
                unc = true;
            } else if (v.contains(RuleSet.Trigger.PRE_HYP)) {
                hyp = true;
            } else if (v.contains(RuleSet.Trigger.TERM) && describes(r, targets, i, k)) {
                continue; // "no persistent effusion": the word is the finding's own, and ends no scope
            } else if (v.contains(RuleSet.Trigger.TERM) || v.contains(RuleSet.Trigger.PSEUDO)) {
                break;
            }
        }
        // After the mention: the nearest trigger, if it acts backwards, unless the scope ends first. It reaches back
        // over another mention only through a list ("effusion or pneumothorax is not seen"), not across a clause
        // ("stable cardiomegaly, pulmonary edema has resolved").
        for (int k = firstAtOrAfter(triggers, sp.end()); k < triggers.size(); k++) {
            PhraseMatcher.Match<RuleSet.Trigger> tr = triggers.get(k);
            if (tr.start() - sp.end() > scope.after()) {
                break;
            }
            if (nextMention < tr.start() && !(tr.start() >= listEnd && tr.start() - listEnd <= scope.triggerGap()
                    && (clauses.hasJoiner(w, sp.end(), listEnd) || slashed(r, sp.end(), nextMention)))) {
                break; // past another finding: only through a list ("A, B or C are not seen", "nodule/mass: not
                // detected") that the trigger follows
            }
            if (nextMention >= tr.end() && nextMention - tr.end() <= scope.triggerGap()
                    && (tr.values().contains(RuleSet.Trigger.PRE_UNC) || tr.values().contains(RuleSet.Trigger.PRE_NEG))
                    && !scope.alternatives().contains(w[tr.start()]) && !phraseBroken(r, tr.end(), nextMention)) {
                break; // "opacity and possible effusion": the trigger leads the next finding ("versus" joins both)
            }
            if (tr.values().contains(RuleSet.Trigger.NEUTRAL) && tr.values().size() == 1) {
                continue; // "effusion previously noted has resolved"
            }
            if (Clauses.subjectBetween(r, sp.end(), tr.start())) {
                break; // "no pneumothorax heart size is not enlarged": the trigger is the new subject's
            }
            if (device && tr.values().contains(RuleSet.Trigger.POST_NEG) && rules.firstTipWord(w, sp.start() - rules.tipReach, tr.start()) >= 0) {
                break; // "PICC, tip not visualized", "the tip of the PICC is not seen": the line is there
            }
            List<RuleSet.Trigger> v = tr.values();
            if (v.contains(RuleSet.Trigger.POST_NEG)) {
                neg = true;
            } else if (v.contains(RuleSet.Trigger.POST_UNC)) {
                unc = true;
            } else if (v.contains(RuleSet.Trigger.POST_HYP)) {
                hyp = true;
            }
            break;
        }
        if (neg) {
            return Status.NEGATIVE;
        }
        if (hyp) {
            return null;
        }
        return unc ? Status.UNCERTAIN : Status.POSITIVE;
    }

    /**
     * After a negated mention and before the next one: a contrast word followed within {@code contrast.within} words
     * by a word that affirms the finding ("but present", "however seen"). Returns where the affirming clause starts,
     * or -1.
     */
    int contrasted(String[] w, int from, int to) {
        if (rules.contrastWords.isEmpty()) {
            return -1;
        }
        for (int k = from; k < Math.min(to, w.length); k++) {
            if (rules.contrastWords.contains(w[k])) {
                for (int j = k + 1; j <= k + rules.contrastWithin && j < Math.min(to, w.length); j++) {
                    if (rules.affirmWords.contains(w[j])) {
                        return j;
                    }
                }
                return -1;
            }
        }
        return -1;
    }

    /** Index of the first trigger starting at or after token {@code pos} (binary search; size when none). */
    private static int firstAtOrAfter(List<PhraseMatcher.Match<RuleSet.Trigger>> triggers, int pos) {
        int lo = 0, hi = triggers.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (triggers.get(mid).start() < pos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
