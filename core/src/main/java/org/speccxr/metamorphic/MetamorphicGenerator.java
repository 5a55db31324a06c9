package org.speccxr.metamorphic;

import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;
import org.speccxr.judge.rules.SentenceSplitter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes candidate reports from reference reports by known edits (metamorphic testing): delete or negate a finding,
 * add one, swap left and right, change a severity word, add or drop comparison language, or paraphrase harmlessly.
 * A judge that works counts one error per edit and none for a paraphrase.
 * <p>
 * The generator reads reports with its own small vocabulary ({@link EditVocabulary}: negation and hedge cues, sides,
 * severity words, comparison phrases), the entity set's names and synonyms, and the shared sentence splitter; never
 * with a judge's extraction, so the suite does not grade a judge on its own reading. A target is a finding named in
 * one sentence only, that sentence naming no other finding and carrying no negation or hedge, so one edit changes one
 * verdict; an edit that cannot be made and checked that way on a report is skipped. Everything is seeded, so the same
 * reports give the same variants.
 */
public final class MetamorphicGenerator {
    private final EntitySet set;
    private final EditVocabulary vocabulary;
    /** Every entity's name and synonyms, longest first, and the entity each names. */
    private final Pattern terms;
    private final Map<String, String> termEntity = new HashMap<>();
    private final Map<String, Pattern> excludes = new HashMap<>();

    public MetamorphicGenerator(EntitySet set) {
        this(set, EditVocabulary.bundled());
    }

    public MetamorphicGenerator(EntitySet set, EditVocabulary vocabulary) {
        this.set = set;
        this.vocabulary = vocabulary;
        List<String> all = new ArrayList<>();
        for (Entity e : set.entities()) {
            List<String> names = new ArrayList<>(e.synonyms());
            names.add(e.name());
            for (String n : names) {
                String t = n.toLowerCase(Locale.ROOT).strip();
                if (!t.isEmpty() && termEntity.putIfAbsent(t, e.id()) == null) {
                    all.add(t);
                }
            }
            if (!e.exclude().isEmpty()) {
                excludes.put(e.id(), EditVocabulary.words(e.exclude()));
            }
        }
        this.terms = EditVocabulary.words(all);
    }

    public static List<String> sentences(String text) {
        return SentenceSplitter.split(text == null ? "" : text.strip());
    }

    /** Where a sentence names an entity. */
    private record Named(String entity, int start, int end, String phrase) {
    }

    /**
     * One sentence as the generator reads it: the entities it names, whether a phrase in it is one an entity excludes
     * (then it is never a target), and whether it denies or doubts what it names.
     */
    record Sentence(String text, List<Named> named, boolean excluded, boolean denies) {
        Set<String> entities() {
            Set<String> out = new LinkedHashSet<>();
            named.forEach(n -> out.add(n.entity()));
            return out;
        }
    }

    private Sentence read(String text) {
        List<Named> named = new ArrayList<>();
        boolean excluded = false;
        Matcher m = terms.matcher(text);
        while (m.find()) {
            String e = termEntity.get(m.group(1).toLowerCase(Locale.ROOT));
            Pattern ex = excludes.get(e);
            if (ex != null) {
                Matcher x = ex.matcher(text);
                boolean covered = false;
                while (x.find()) {
                    covered |= x.start() <= m.start() && x.end() >= m.end();
                }
                if (covered) {
                    excluded = true;
                    continue;
                }
            }
            named.add(new Named(e, m.start(), m.end(), m.group(1)));
        }
        return new Sentence(text, List.copyOf(named), excluded, vocabulary.denies(text));
    }

    /** A possible edit: where and on what. */
    private record Target(EditKind kind, int sentence, String entity) {
    }

    /**
     * Variants of one reference: one per applicable edit kind, one paraphrase, and {@code stacked} variants with
     * two or three edits on different sentences.
     */
    public List<Variant> variants(String id, String reference, long seed, int stacked) {
        Random rnd = new Random(seed ^ id.hashCode());
        List<Sentence> sents = new ArrayList<>();
        for (String s : sentences(reference)) {
            sents.add(read(s));
        }
        List<Target> targets = targets(sents);
        List<Variant> out = new ArrayList<>();
        // One variant per kind of edit, on a random applicable target.
        for (EditKind kind : EditKind.values()) {
            if (kind == EditKind.PARAPHRASE) {
                continue;
            }
            List<Target> ofKind = targets.stream().filter(t -> t.kind == kind).toList();
            if (!ofKind.isEmpty()) {
                Target t = ofKind.get(rnd.nextInt(ofKind.size()));
                apply(sents, List.of(t), rnd, false).ifPresent(c -> out.add(new Variant(id + "/" + kind.name().toLowerCase(Locale.ROOT),
                        reference, c, List.of(kind), List.of(t.entity))));
            }
        }
        String para = paraphrase(sents, rnd);
        if (!para.equals(reference)) {
            out.add(new Variant(id + "/paraphrase", reference, para, List.of(EditKind.PARAPHRASE), List.of()));
        }
        // Stacked edits: different sentences and entities, in a paraphrased report.
        for (int k = 0; k < stacked; k++) {
            List<Target> shuffled = new ArrayList<>(targets);
            Collections.shuffle(shuffled, rnd);
            int want = 2 + rnd.nextInt(2);
            List<Target> chosen = new ArrayList<>();
            Set<Integer> usedSentences = new HashSet<>();
            Set<String> usedEntities = new HashSet<>();
            for (Target t : shuffled) {
                if (chosen.size() == want) {
                    break;
                }
                boolean additive = t.kind == EditKind.ADD_FINDING;
                if ((!additive && usedSentences.contains(t.sentence)) || usedEntities.contains(t.entity)) {
                    continue;
                }
                chosen.add(t);
                if (!additive) {
                    usedSentences.add(t.sentence);
                }
                usedEntities.add(t.entity);
            }
            if (chosen.size() >= 2) {
                final int n = k;
                apply(sents, chosen, rnd, true).ifPresent(c -> out.add(new Variant(id + "/stack" + n, reference, c,
                        chosen.stream().map(Target::kind).toList(), chosen.stream().map(Target::entity).toList())));
            }
        }
        return out;
    }

    private List<Target> targets(List<Sentence> sents) {
        Set<String> mentioned = new HashSet<>();
        boolean anyExcluded = false;
        // a sentence that compares but names no finding compares the whole study ("No interval change."): editing one
        // sentence's comparison words changes nothing there
        boolean wholeStudyCompared = false;
        for (Sentence s : sents) {
            mentioned.addAll(s.entities());
            anyExcluded |= s.excluded();
            wholeStudyCompared |= s.named().isEmpty() && vocabulary.comparison().matcher(s.text()).find();
        }
        List<Target> out = new ArrayList<>();
        for (int i = 0; i < sents.size(); i++) {
            Sentence s = sents.get(i);
            if (s.entities().size() != 1 || s.named().size() != 1 || s.excluded() || s.denies()) {
                continue;
            }
            String e = s.named().get(0).entity();
            // the entity must be named in this sentence only, so one edit changes one verdict
            long sentencesWithIt = sents.stream().filter(x -> x.entities().contains(e)).count();
            if (sentencesWithIt != 1) {
                continue;
            }
            Entity entity = set.get(e);
            String lower = s.text().toLowerCase(Locale.ROOT);
            out.add(new Target(EditKind.DELETE_FINDING, i, e));
            out.add(new Target(EditKind.NEGATE_FINDING, i, e));
            if (entity.location() && EditVocabulary.count(vocabulary.sides(), lower) == 1
                    && !vocabulary.bothSides().matcher(lower).find()) {
                out.add(new Target(EditKind.SWAP_LATERALITY, i, e));
            }
            // the severity word must modify the finding, not be part of its name ("large heart" is the finding)
            String phrase = s.named().get(0).phrase();
            if (entity.severity() && EditVocabulary.count(vocabulary.severityWords(), lower) == 1
                    && !lower.matches("(?s).*\\d.*") && !vocabulary.severityWords().matcher(phrase).find()) {
                out.add(new Target(EditKind.CHANGE_SEVERITY, i, e));
            }
            if (!wholeStudyCompared) {
                boolean hasComparison = vocabulary.comparison().matcher(s.text()).find();
                out.add(new Target(hasComparison ? EditKind.DROP_COMPARISON : EditKind.ADD_COMPARISON, i, e));
            }
        }
        // an entity an excluded phrase might stand for is not added: the report may mention it already
        for (EditVocabulary.Addition add : vocabulary.additions()) {
            if (!mentioned.contains(add.entity()) && set.contains(add.entity()) && !anyExcluded) {
                out.add(new Target(EditKind.ADD_FINDING, -1, add.entity()));
            }
        }
        return out;
    }

    /** Applies the edits; empty when one of them could not be made and checked cleanly. */
    private Optional<String> apply(List<Sentence> sents, List<Target> edits, Random rnd, boolean shuffle) {
        List<String> texts = new ArrayList<>();
        sents.forEach(s -> texts.add(s.text()));
        List<String> added = new ArrayList<>();
        Set<Integer> deleted = new HashSet<>();
        for (Target t : edits) {
            if (t.kind == EditKind.ADD_FINDING) {
                for (EditVocabulary.Addition a : vocabulary.additions()) {
                    if (a.entity().equals(t.entity)) {
                        added.add(a.sentence());
                    }
                }
                continue;
            }
            String s = texts.get(t.sentence);
            Named n = sents.get(t.sentence).named().get(0);
            String edited = switch (t.kind) {
                case DELETE_FINDING -> null;
                case NEGATE_FINDING -> vocabulary.negatedForm().replace("{phrase}", n.phrase().toLowerCase(Locale.ROOT));
                case SWAP_LATERALITY -> swapSide(s);
                case CHANGE_SEVERITY -> changeSeverity(s);
                case ADD_COMPARISON -> addComparison(s, n.start());
                case DROP_COMPARISON -> dropComparison(s);
                default -> s;
            };
            if (edited == null) {
                deleted.add(t.sentence);
                continue;
            }
            if (edited.equals(s)) {
                return Optional.empty(); // the edit found nothing to change: no variant, rather than a false one
            }
            if (t.kind == EditKind.DROP_COMPARISON || t.kind == EditKind.ADD_COMPARISON) {
                // checked with the vocabulary: the finding still named alone, still affirmed, the comparison gone or there
                Sentence after = read(edited);
                boolean compares = vocabulary.comparison().matcher(edited).find();
                if (!after.entities().equals(Set.of(t.entity)) || after.denies() || after.excluded()
                        || compares != (t.kind == EditKind.ADD_COMPARISON)) {
                    return Optional.empty();
                }
            }
            texts.set(t.sentence, edited);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (!deleted.contains(i)) {
                out.add(texts.get(i));
            }
        }
        out.addAll(added);
        return Optional.of(join(shuffle ? reordered(out, rnd) : out));
    }

    private String swapSide(String s) {
        Matcher m = vocabulary.sides().matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String w = m.group(1);
            String r = vocabulary.laterality().get(w.toLowerCase(Locale.ROOT));
            m.appendReplacement(sb, Character.isUpperCase(w.charAt(0)) ? Character.toUpperCase(r.charAt(0)) + r.substring(1) : r);
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private String changeSeverity(String s) {
        Matcher m = vocabulary.severityWords().matcher(s);
        if (!m.find()) {
            return s;
        }
        String w = m.group(1);
        String r = vocabulary.severity().get(w.toLowerCase(Locale.ROOT));
        if (Character.isUpperCase(w.charAt(0))) {
            r = Character.toUpperCase(r.charAt(0)) + r.substring(1);
        }
        return s.substring(0, m.start()) + r + s.substring(m.end());
    }

    private String addComparison(String s, int at) {
        return s.substring(0, at) + vocabulary.comparisonAdded() + " " + s.substring(at);
    }

    private String dropComparison(String s) {
        String out = vocabulary.comparison().matcher(s).replaceAll("");
        out = out.replaceAll("\\s{2,}", " ").replaceAll("\\s+([,.;])", "$1").replaceAll(",\\s*\\.", ".")
                .replaceAll("^[,\\s]+", "").strip();
        if (!out.isEmpty()) {
            out = Character.toUpperCase(out.charAt(0)) + out.substring(1);
        }
        return out;
    }

    /**
     * Harmless rewrites plus sentence reordering; the meaning stays the same. A sentence that opens with an anaphor
     * ({@code anaphors}: "This may represent atelectasis.") moves with the one before it, which it is about.
     */
    String paraphrase(List<Sentence> sents, Random rnd) {
        List<String> out = new ArrayList<>();
        for (Sentence s : sents) {
            out.add(rewrite(s.text()));
        }
        return join(reordered(out, rnd));
    }

    /** The sentences in a random order, each that opens with an anaphor kept right after the one before it. */
    private List<String> reordered(List<String> sentences, Random rnd) {
        List<List<String>> blocks = new ArrayList<>();
        for (String s : sentences) {
            if (blocks.isEmpty() || !vocabulary.anaphors().matcher(s).find()) {
                blocks.add(new ArrayList<>());
            }
            blocks.get(blocks.size() - 1).add(s);
        }
        if (blocks.size() > 1) {
            Collections.shuffle(blocks, rnd);
        }
        List<String> out = new ArrayList<>();
        blocks.forEach(out::addAll);
        return out;
    }

    /** Joins sentences, ending each with a full stop when it has no end punctuation (reports often omit the last). */
    static String join(List<String> sentences) {
        StringBuilder sb = new StringBuilder();
        for (String s : sentences) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(s);
            if (!s.isEmpty() && ".!?".indexOf(s.charAt(s.length() - 1)) < 0) {
                sb.append('.');
            }
        }
        return sb.toString();
    }

    private static final String[][] REWRITES = {
            {"(?i)^there is no ", "No "}, {"(?i)^there are no ", "No "}, {"(?i)\\bno evidence of ", "no "},
            {"(?i)^the lungs are clear", "Lungs are clear"}, {"(?i)^lungs are clear", "The lungs are clear"},
            {"(?i)^heart size is normal", "Normal heart size"}, {"(?i)^normal heart size", "Heart size is normal"},
            {"(?i)\\bis within normal limits\\b", "is normal"}, {"(?i)\\bare within normal limits\\b", "are normal"},
            {"(?i)^there is an? ", "A "}, {"(?i)\\bpneumothoraces\\b", "pneumothorax"},
            {"(?i)\\bthe cardiomediastinal silhouette\\b", "the heart and mediastinum"}};

    static String rewrite(String s) {
        for (String[] r : REWRITES) {
            String t = s.replaceFirst(r[0], r[1]);
            if (!t.equals(s)) {
                return t;
            }
        }
        return s;
    }
}
