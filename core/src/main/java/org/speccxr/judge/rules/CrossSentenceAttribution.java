package org.speccxr.judge.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A report-level post-processor, run by the aggregation once every sentence is read. A descriptor stated at a place
 * ("streaky opacity in the right lower lung") that the report names elsewhere as a more specific finding of the
 * descriptor's list at the same place ("right basilar atelectasis") only describes that finding, as an opacity
 * attributed to it in its own sentence does ({@link DescriptorAttribution}). Both mentions are affirmed, the finding is
 * not named as one of alternatives ("edema or airspace disease"), and their locations agree: the same side where both
 * state one, a shared zone where both state one, and at least one of the two stated by both. It changes only pair
 * verdicts (labels ignore explanations). The {@code descriptors_in_report} are explained wherever the report affirms
 * their finding, with no place to agree: an enlarged cardiomediastinal silhouette in a report that states cardiomegaly.
 */
final class CrossSentenceAttribution {
    private final RuleSet rules;
    /** A differential word ({@code scope.differential_words}) right before or after a mention's phrase. */
    private final Pattern alternative;

    CrossSentenceAttribution(RuleSet rules) {
        this.rules = rules;
        String words = rules.scope.differentialWords().stream().map(Pattern::quote).collect(java.util.stream.Collectors.joining("|"));
        this.alternative = words.isEmpty() ? null
                : Pattern.compile("\\b(" + words + ")\\W+$|^\\W*(" + words + ")\\b", Pattern.CASE_INSENSITIVE);
    }

    void apply(Map<String, Finding> found) {
        // decided on the mentions as read, then applied: a descriptor that is itself explained (an interstitial
        // opacity) still explains another, whatever order the report names them in
        record Explained(Finding finding, int mention, String by) {
            void apply() {
                finding.mentions.set(mention, finding.mentions.get(mention).explaining(by));
            }
        }
        List<Explained> decided = new ArrayList<>();
        for (Finding d : found.values()) {
            Set<String> targets = rules.descriptors.get(d.entity);
            if (targets == null || d.status != Status.POSITIVE) {
                continue;
            }
            for (int i = 0; i < d.mentions.size(); i++) {
                Mention m = d.mentions.get(i);
                if (m.status() != Status.POSITIVE || m.explains() != null || (m.sides().isEmpty() && m.zones().isEmpty())) {
                    continue;
                }
                for (Finding t : found.values()) {
                    if (targets.contains(t.entity) && t.status != Status.NEGATIVE && !rules.ruledOut(t.entity, m.phrase())
                            && t.mentions.stream().anyMatch(x -> explainsElsewhere(x, d, m) && samePlace(m, x))) {
                        decided.add(new Explained(d, i, t.entity));
                        break;
                    }
                }
            }
        }
        decided.forEach(Explained::apply);
        // descriptors_in_report: "the cardiomediastinal silhouette is enlarged" in a report that states cardiomegaly;
        // decided on the mentions as they stand here, then applied, so the entries' order does not matter
        decided.clear();
        for (RuleSet.ReportDescriptor rd : rules.reportDescriptors) {
            Finding d = found.get(rd.descriptor());
            String by = d == null ? null : rd.by().stream().filter(t -> affirmed(found.get(t))).findFirst().orElse(null);
            if (by == null) {
                continue;
            }
            for (int i = 0; i < d.mentions.size(); i++) {
                Mention m = d.mentions.get(i);
                if (m.status() == Status.POSITIVE && m.explains() == null
                        && java.util.Arrays.stream(Tokens.of(m.phrase()).words).anyMatch(rd.words()::contains)) {
                    decided.add(new Explained(d, i, by));
                }
            }
        }
        decided.forEach(Explained::apply);
    }

    /** The finding has a mention that affirms it in its own right. */
    private static boolean affirmed(Finding f) {
        return f != null && f.mentions.stream().anyMatch(x -> x.status() == Status.POSITIVE && x.explains() == null);
    }

    /**
     * Mention x of a finding can explain descriptor d's mention m named elsewhere: x is affirmed, or hedged where its own
     * sentence reads the descriptor as it ("stable biapical opacities, possibly scarring"); it is not offered as one of
     * alternatives, nor written with the descriptor across a slash; and its sentence does not list the descriptor beside
     * it in its own right ("atelectasis, infiltrates and/or effusion" keeps the opacity).
     */
    private boolean explainsElsewhere(Mention x, Finding d, Mention m) {
        if (x.explains() != null || alternative(x) || slashedWith(x, d)) {
            return false;
        }
        if (x.status() != Status.POSITIVE && !(x.status() == Status.UNCERTAIN
                && d.mentions.stream().anyMatch(y -> y.sentence().equals(x.sentence()) && x.entity().equals(y.explains())))) {
            return false;
        }
        return !listedWith(x, m) && d.mentions.stream().noneMatch(y -> y != m && listedWith(x, y)
                && y.explains() == null && y.status() != Status.NEGATIVE);
    }

    /**
     * The two mentions are peers of one list in one sentence ("atelectasis, infiltrates and/or effusion"), joined by a
     * comma or a joining word (two findings glued where a slash was stripped are not a list).
     */
    private static boolean listedWith(Mention x, Mention m) {
        String between = between(x, m);
        return between != null && between.strip().toLowerCase(java.util.Locale.ROOT).matches(",|and|or|and/or|,\\s*(and|or|and/or)");
    }

    /** The text between two mentions' phrases in one sentence, or null when they are in different sentences. */
    private static String between(Mention x, Mention y) {
        String s = x.sentence();
        int a = s.indexOf(x.phrase()), b = y.sentence().equals(s) ? s.indexOf(y.phrase()) : -1;
        if (a < 0 || b < 0) {
            return null;
        }
        return a < b ? s.substring(Math.min(b, a + x.phrase().length()), b) : s.substring(Math.min(a, b + y.phrase().length()), a);
    }

    /** A mention named as one of alternatives ("edema or airspace disease"): the report does not commit to it. */
    private boolean alternative(Mention m) {
        int at = m.sentence().indexOf(m.phrase());
        if (at < 0 || alternative == null) {
            return false;
        }
        String before = m.sentence().substring(Math.max(0, at - 12), at);
        String after = m.sentence().substring(at + m.phrase().length(), Math.min(m.sentence().length(), at + m.phrase().length() + 12));
        return alternative.matcher(before).find() || alternative.matcher(after).find();
    }

    /**
     * The finding is written with the descriptor itself across a slash ("atelectasis/airspace disease"): the report
     * offers the plain opacity as the other reading, so the finding does not describe it.
     */
    private static boolean slashedWith(Mention x, Finding descriptor) {
        return descriptor.mentions.stream().map(y -> between(x, y)).anyMatch(b -> b != null && b.strip().equals("/"));
    }

    private static boolean samePlace(Mention a, Mention b) {
        Set<String> as = bothSides(a), bs = bothSides(b);
        boolean sideBoth = !as.isEmpty() && !bs.isEmpty(), zoneBoth = !a.zones().isEmpty() && !b.zones().isEmpty();
        return (sideBoth || zoneBoth) && (!sideBoth || as.equals(bs))
                && (!zoneBoth || a.zones().stream().anyMatch(b.zones()::contains));
    }

    private static Set<String> bothSides(Mention m) {
        Set<String> s = m.sides();
        return s.contains("bilateral") || (s.contains("left") && s.contains("right")) ? Set.of("left", "right") : s;
    }
}
