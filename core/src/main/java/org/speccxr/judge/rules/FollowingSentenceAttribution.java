package org.speccxr.judge.rules;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A report-level post-processor, run once every sentence is read: a sentence that opens with words standing for the
 * previous sentence's finding ({@code continuations}: "Round density in the right upper lobe. This may represent a
 * nodule."; "Bandlike opacity at the left base. The appearance XXXX scarring or atelectasis.") says what that finding
 * is. It acts only when the previous sentence states one finding (present or hedged), so that the referent is plain.
 * The findings the continuation names without a place of their own, when they have a place, are where that finding is; and when the finding
 * is a present descriptor and every finding the continuation names is one the descriptor may be in its own phrase
 * ({@code descriptors} and {@code descriptors_in_phrase}, and none ruled out by its words), the descriptor only
 * describes them, as it would in one sentence ({@link DescriptorAttribution}).
 */
final class FollowingSentenceAttribution {
    private final RuleSet rules;
    /** Whether an entity has a location (a continuation's "low lung volumes" takes no place). */
    private final java.util.function.Predicate<String> located;

    FollowingSentenceAttribution(RuleSet rules, java.util.function.Predicate<String> located) {
        this.rules = rules;
        this.located = located;
    }

    /** The sentence opens with one of the {@code continuations} phrases. */
    boolean continues(String sentence) {
        String s = sentence.strip().toLowerCase(java.util.Locale.ROOT);
        for (String p : rules.continuations) {
            if (s.startsWith(p) && (s.length() == p.length() || !Character.isLetterOrDigit(s.charAt(p.length())))) {
                return true;
            }
        }
        return false;
    }

    /** @param continued pairs of sentences: a sentence and the continuation that follows it */
    void apply(Map<String, Finding> found, List<String[]> continued) {
        for (String[] pair : continued) {
            String previous = pair[0], continuation = pair[1];
            Set<String> before = entitiesStated(found, previous), after = entitiesStated(found, continuation);
            if (before.size() != 1 || after.isEmpty() || previous.equals(continuation)) {
                continue;
            }
            Finding d = found.get(before.iterator().next());
            Mention m = d.mentions.stream().filter(x -> x.sentence().equals(previous) && x.status() != Status.NEGATIVE)
                    .findFirst().orElseThrow();
            for (String e : after) {
                if (!located.test(e)) {
                    continue;
                }
                List<Mention> ms = found.get(e).mentions;
                for (int i = 0; i < ms.size(); i++) {
                    Mention x = ms.get(i);
                    if (x.sentence().equals(continuation) && x.status() != Status.NEGATIVE && x.sides().isEmpty() && x.zones().isEmpty()) {
                        ms.set(i, new Mention(x.entity(), x.status(), m.sides(), m.zones(),
                                x.severity() == null ? m.severity() : x.severity(), x.sizeMm() == null ? m.sizeMm() : x.sizeMm(),
                                x.comparison(), x.phrase(), x.sentence(), x.section(), x.explains()));
                    }
                }
            }
            Set<String> explainers = rules.explainersInPhrase.get(d.entity);
            if (m.status() != Status.POSITIVE || m.explains() != null || explainers == null
                    || !after.stream().allMatch(e -> explainers.contains(e) && !rules.ruledOut(e, m.phrase()))) {
                continue;
            }
            String by = after.iterator().next();
            for (int i = 0; i < d.mentions.size(); i++) {
                Mention x = d.mentions.get(i);
                if (x.sentence().equals(previous) && x.status() == Status.POSITIVE && x.explains() == null) {
                    d.mentions.set(i, x.explaining(by));
                }
            }
        }
    }

    /** The entities a sentence states present or hedged, in entity-set order of the findings map. */
    private static Set<String> entitiesStated(Map<String, Finding> found, String sentence) {
        Set<String> out = new LinkedHashSet<>();
        for (Finding f : found.values()) {
            for (Mention x : f.mentions) {
                if (x.sentence().equals(sentence) && x.status() != Status.NEGATIVE) {
                    out.add(f.entity);
                    break;
                }
            }
        }
        return out;
    }
}
