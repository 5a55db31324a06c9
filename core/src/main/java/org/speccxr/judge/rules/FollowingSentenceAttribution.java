package org.speccxr.judge.rules;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A report-level post-processor, run once every sentence is read: a sentence that opens with words standing for the
 * previous sentence's finding ({@code continuations}: "Round density in the right upper lobe. This may represent a
 * nodule."; "Streaky density at the right base. The appearance XXXX old scarring.") says what that finding
 * is. It acts only when the previous sentence states one finding (present or hedged), so that the referent is plain,
 * and only when the continuation links its findings to it: an attribution or a hedge ("is likely", "may represent")
 * in the stretch before its first finding that no comma or stop cuts, or a redacted word right after the opening
 * words ("The appearance XXXX old scarring"). The findings the continuation names without a place of their own, when
 * they have a place, are where that finding is; and when the finding is a present descriptor and every finding the continuation names is one the descriptor may
 * be in its own phrase ({@code descriptors} and {@code descriptors_in_phrase}, none ruled out by its words), the
 * descriptor only describes them, as it would in one sentence ({@link DescriptorAttribution}).
 */
final class FollowingSentenceAttribution {
    /** Where one mention of a sentence went: its finding and its index in the finding's mentions. */
    record Placed(Finding finding, int index) {
        Mention mention() {
            return finding.mentions.get(index);
        }
    }

    /** A sentence read right after another of the same section, with where each sentence's mentions went. */
    record Continued(List<Placed> previous, String sentence, List<Placed> placed) {
    }

    private final RuleSet rules;
    /** Whether an entity has a location (a continuation's "low lung volumes" takes no place). */
    private final Predicate<String> located;

    /** The {@code continuations} as words, folded as a sentence's are. */
    private final List<String[]> openings = new java.util.ArrayList<>();
    /** Their first words: a cheap test before a sentence is read again. */
    private final Set<String> openingFirstWords = new java.util.HashSet<>();
    private static final java.util.regex.Pattern FIRST_WORD = java.util.regex.Pattern.compile("[A-Za-z]+");

    FollowingSentenceAttribution(RuleSet rules, Predicate<String> located) {
        this.rules = rules;
        this.located = located;
        for (String p : rules.continuations) {
            String[] words = Tokens.phrase(p); // never empty: the schema refuses a phrase without a word
            openings.add(words);
            openingFirstWords.add(words[0]);
        }
    }

    /** The sentence may open with a continuation phrase: only such sentences are worth tokenising again. */
    boolean mayContinue(String sentence) {
        java.util.regex.Matcher m = FIRST_WORD.matcher(sentence);
        return m.find() && openingFirstWords.contains(Tokens.fold(m.group().toLowerCase(java.util.Locale.ROOT)));
    }

    void apply(List<Continued> continued) {
        for (Continued c : continued) {
            List<Placed> before = c.previous().stream().filter(p -> p.mention().status() != Status.NEGATIVE).toList();
            List<Placed> after = c.placed().stream().filter(p -> p.mention().status() != Status.NEGATIVE).toList();
            if (before.size() != 1 || after.isEmpty()) {
                continue;
            }
            Tokens tokens = Tokens.of(c.sentence()); // once for both tests below
            if (!links(c.sentence(), tokens, after)) {
                continue;
            }
            Placed referent = before.get(0);
            Mention m = referent.mention();
            for (Placed p : after) {
                Mention x = p.mention();
                if (located.test(x.entity()) && x.sides().isEmpty() && x.zones().isEmpty()) {
                    p.finding().mentions.set(p.index(), new Mention(x.entity(), x.status(), m.sides(), m.zones(),
                            x.severity() == null ? m.severity() : x.severity(), x.sizeMm() == null ? m.sizeMm() : x.sizeMm(),
                            x.comparison(), x.phrase(), x.sentence(), x.section(), x.explains()));
                }
            }
            Set<String> explainers = rules.explainersInPhrase.get(m.entity());
            if (m.status() == Status.POSITIVE && m.explains() == null && explainers != null
                    && after.stream().map(p -> p.mention().entity()).allMatch(e -> explainers.contains(e) && !rules.ruledOut(e, m.phrase()))
                    && !onlyRaised(m, after, tokens)) {
                referent.finding().mentions.set(referent.index(), m.explaining(after.get(0).mention().entity()));
            }
        }
    }

    /**
     * "Left basilar blunting. This may represent a small effusion.": every finding of the continuation is only raised,
     * by no committing hedge, and the referent is a descriptor that stays beside them ({@code descriptors_kept_when_hedged}).
     */
    private boolean onlyRaised(Mention referent, List<Placed> after, Tokens sentence) {
        return after.stream().allMatch(p -> p.mention().status() == Status.UNCERTAIN
                && rules.keptWhenHedged(referent.entity(), p.mention().entity()))
                && !rules.committingHedgeIn(sentence.words, 0, Integer.MAX_VALUE);
    }

    /**
     * The sentence opens with one of the {@code continuations} phrases, and an attribution or a hedge stands in the
     * stretch before the first of its findings that no comma or stop cuts, or a redacted word follows the opening
     * words ("This is unchanged, and there is a small effusion" links nothing).
     */
    private boolean links(String sentence, Tokens t, List<Placed> findings) {
        String[] w = t.words;
        int opening = openingWords(w);
        if (opening == 0) {
            return false;
        }
        int first = w.length;
        for (Placed p : findings) {
            int at = sentence.indexOf(p.mention().phrase());
            for (int k = opening; k < w.length && at >= 0; k++) {
                if (t.start[k] >= at) {
                    first = Math.min(first, k);
                    break;
                }
            }
        }
        if (first >= w.length || first <= opening) {
            return false;
        }
        // the link is read in the last stretch before the finding that no comma or stop cuts ("This has developed in
        // the interval, and may represent atypical pneumonia"; "This is unchanged, and there is a small effusion" has
        // none)
        int from = opening;
        for (int k = opening + 1; k <= first; k++) {
            if (Clauses.hasBreakChar(sentence, t.end[k - 1], t.start[k])) {
                from = k;
            }
        }
        if (from == opening && rules.redactedWords.contains(w[opening])) {
            return true; // "The appearance XXXX old scarring": the linking word was redacted
        }
        for (PhraseMatcher.Match<RuleSet.Trigger> tr : rules.triggers.findAll(w)) {
            if (tr.start() >= from && tr.end() <= first
                    && (tr.values().contains(RuleSet.Trigger.ATTR) || tr.values().contains(RuleSet.Trigger.PRE_UNC))) {
                return true;
            }
        }
        return false;
    }

    /** How many words of the sentence the continuation phrase it opens with takes, or 0. */
    private int openingWords(String[] w) {
        int best = 0;
        for (String[] pw : openings) {
            boolean match = pw.length <= w.length;
            for (int i = 0; match && i < pw.length; i++) {
                match = w[i].equals(pw[i]);
            }
            if (match) {
                best = Math.max(best, pw.length);
            }
        }
        return best;
    }
}
