package org.speccxr.metamorphic;

import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;
import org.speccxr.judge.rules.Finding;
import org.speccxr.judge.rules.Mention;
import org.speccxr.judge.rules.ReportExtractor;
import org.speccxr.judge.rules.Status;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * Targets are chosen with the rules extraction so each edit touches one finding stated in one sentence only
 * (otherwise the expected count would be ambiguous); an edit that cannot be made safely on a report is skipped.
 * Everything is seeded, so the same reports give the same variants.
 */
public final class MetamorphicGenerator {
    private static final Pattern SPLIT = Pattern.compile("(?<=[.!?])\\s+|\\n+");
    private static final Pattern LEFT_RIGHT = Pattern.compile("\\b(left|right)\\b", Pattern.CASE_INSENSITIVE);
    private static final Map<String, String> SEVERITY_SWAP = new LinkedHashMap<>();
    private static final Pattern SEVERITY;
    private static final Pattern COMPARISON = Pattern.compile(
            "(,\\s*)?\\b(again (seen|noted|demonstrated|identified)|again|re-?demonstrated|unchanged( (from|since|compared (to|with)) (the )?(prior|previous)( (study|exam|examination|radiograph|film))?)?|"
                    + "stable( (from|since|compared (to|with)) (the )?(prior|previous)( (study|exam|examination|radiograph|film))?)?|stably|persistent(ly)?|persists|"
                    + "(new|newly)|(increased|increasing|decreased|decreasing|improved|improving|worsened|worsening|enlarging)( (in size|since (the )?(prior|previous)( (study|exam|examination|radiograph|film))?))?|"
                    + "(compared (to|with)|since|from) (the )?(prior|previous)( (study|exam|examination|radiograph|film))?|interval|previously (seen|noted|demonstrated))\\b",
            Pattern.CASE_INSENSITIVE);

    static {
        String[][] pairs = {{"small", "large"}, {"large", "small"}, {"mild", "severe"}, {"mildly", "markedly"},
                {"moderate", "mild"}, {"moderately", "mildly"}, {"severe", "mild"}, {"marked", "mild"}, {"markedly", "mildly"},
                {"minimal", "large"}, {"tiny", "large"}, {"trace", "large"}, {"massive", "small"}, {"extensive", "minimal"}};
        StringBuilder sb = new StringBuilder("\\b(");
        for (int i = 0; i < pairs.length; i++) {
            SEVERITY_SWAP.put(pairs[i][0], pairs[i][1]);
            sb.append(i > 0 ? "|" : "").append(pairs[i][0]);
        }
        SEVERITY = Pattern.compile(sb.append(")\\b").toString(), Pattern.CASE_INSENSITIVE);
    }

    /** Findings we add, each stated plainly in one sentence. */
    private static final String[][] ADDITIONS = {
            {"pneumothorax", "There is a small right apical pneumothorax."},
            {"pleural_effusion", "Small left pleural effusion."},
            {"consolidation", "Focal consolidation in the right lower lobe."},
            {"pulmonary_edema", "Mild interstitial pulmonary edema."},
            {"rib_fracture", "Acute fracture of the left sixth rib."},
            {"pulmonary_nodule", "A 6 mm nodule in the right upper lobe."},
            {"hiatal_hernia", "Small hiatal hernia."},
            {"pneumonia", "Right lower lobe pneumonia."},
            {"atelectasis", "Left basilar atelectasis."},
            {"cardiomegaly", "Moderate cardiomegaly."},
            {"emphysema", "Emphysema."},
            {"pulmonary_mass", "A 4 cm mass in the left upper lobe."},
            {"pneumoperitoneum", "Free air under the right hemidiaphragm."},
            {"endotracheal_tube", "Endotracheal tube tip 4 cm above the carina."}};

    private final ReportExtractor extractor;
    private final EntitySet set;

    public MetamorphicGenerator(ReportExtractor extractor) {
        this.extractor = extractor;
        this.set = extractor.entitySet();
    }

    public static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String s : SPLIT.split(text == null ? "" : text.strip())) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /** One sentence and what the extraction found in it. */
    private record Sentence(String text, Map<String, Finding> findings) {
        List<String> positives() {
            return findings.values().stream().filter(f -> f.status() == Status.POSITIVE).map(Finding::entity).toList();
        }
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
            sents.add(new Sentence(s, extractor.extract(s)));
        }
        Map<String, Finding> whole = extractor.extract(reference);
        List<Target> targets = targets(sents, whole);
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

    private List<Target> targets(List<Sentence> sents, Map<String, Finding> whole) {
        List<Target> out = new ArrayList<>();
        for (int i = 0; i < sents.size(); i++) {
            Sentence s = sents.get(i);
            List<String> pos = s.positives();
            if (pos.size() != 1 || s.findings.size() != 1) {
                continue;
            }
            String e = pos.get(0);
            Finding f = whole.get(e);
            // the entity must be mentioned in this sentence only, so one edit changes one verdict
            long sentencesWithIt = sents.stream().filter(x -> x.findings.containsKey(e)).count();
            if (f == null || sentencesWithIt != 1) {
                continue;
            }
            Entity entity = set.get(e);
            out.add(new Target(EditKind.DELETE_FINDING, i, e));
            out.add(new Target(EditKind.NEGATE_FINDING, i, e));
            Matcher lr = LEFT_RIGHT.matcher(s.text);
            int sides = 0;
            while (lr.find()) {
                sides++;
            }
            if (entity.location() && sides == 1 && !s.text.toLowerCase(Locale.ROOT).contains("bilateral")) {
                out.add(new Target(EditKind.SWAP_LATERALITY, i, e));
            }
            Matcher sv = SEVERITY.matcher(s.text);
            int sevs = 0;
            while (sv.find()) {
                sevs++;
            }
            // the severity word must modify the finding, not be part of its name ("the heart is large" is the finding)
            String phrase = s.findings.get(e).mentions().get(0).phrase();
            if (entity.severity() && sevs == 1 && !s.text.matches("(?s).*\\d.*") && !SEVERITY.matcher(phrase).find()) {
                out.add(new Target(EditKind.CHANGE_SEVERITY, i, e));
            }
            // a report that compares the whole study ("No interval change.") compares every finding: editing one
            // sentence's comparison words changes nothing there
            if (!f.wholeStudyCompared()) {
                boolean hasComparison = COMPARISON.matcher(s.text).find() || f.comparison();
                out.add(new Target(hasComparison ? EditKind.DROP_COMPARISON : EditKind.ADD_COMPARISON, i, e));
            }
        }
        Set<String> mentioned = whole.keySet();
        for (String[] add : ADDITIONS) {
            if (!mentioned.contains(add[0]) && set.contains(add[0])) {
                out.add(new Target(EditKind.ADD_FINDING, -1, add[0]));
            }
        }
        return out;
    }

    /** Applies the edits; empty when one of them could not be made cleanly. */
    private Optional<String> apply(List<Sentence> sents, List<Target> edits, Random rnd, boolean shuffle) {
        List<String> texts = new ArrayList<>();
        sents.forEach(s -> texts.add(s.text));
        List<String> added = new ArrayList<>();
        Set<Integer> deleted = new HashSet<>();
        for (Target t : edits) {
            if (t.kind == EditKind.ADD_FINDING) {
                for (String[] a : ADDITIONS) {
                    if (a[0].equals(t.entity)) {
                        added.add(a[1]);
                    }
                }
                continue;
            }
            String s = texts.get(t.sentence);
            Mention m = sents.get(t.sentence).findings.get(t.entity).mentions().get(0);
            String edited = switch (t.kind) {
                case DELETE_FINDING -> null;
                case NEGATE_FINDING -> "No " + m.phrase().toLowerCase(Locale.ROOT) + ".";
                case SWAP_LATERALITY -> swapSide(s);
                case CHANGE_SEVERITY -> changeSeverity(s);
                case ADD_COMPARISON -> addComparison(s, m.phrase());
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
                // the finding must survive the edit as a positive statement
                Finding f = extractor.extract(edited).get(t.entity);
                if (f == null || f.status() != Status.POSITIVE) {
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
        if (shuffle) {
            Collections.shuffle(out, rnd);
        }
        return Optional.of(join(out));
    }

    private static String swapSide(String s) {
        Matcher m = LEFT_RIGHT.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String w = m.group(1);
            String r = w.equalsIgnoreCase("left") ? "right" : "left";
            m.appendReplacement(sb, Character.isUpperCase(w.charAt(0)) ? Character.toUpperCase(r.charAt(0)) + r.substring(1) : r);
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String changeSeverity(String s) {
        Matcher m = SEVERITY.matcher(s);
        if (!m.find()) {
            return s;
        }
        String w = m.group(1);
        String r = SEVERITY_SWAP.get(w.toLowerCase(Locale.ROOT));
        if (Character.isUpperCase(w.charAt(0))) {
            r = Character.toUpperCase(r.charAt(0)) + r.substring(1);
        }
        return s.substring(0, m.start()) + r + s.substring(m.end());
    }

    private static String addComparison(String s, String phrase) {
        int at = s.indexOf(phrase);
        if (at < 0) {
            return s;
        }
        return s.substring(0, at) + "new " + s.substring(at);
    }

    private static String dropComparison(String s) {
        String out = COMPARISON.matcher(s).replaceAll("");
        out = out.replaceAll("\\s{2,}", " ").replaceAll("\\s+([,.;])", "$1").replaceAll(",\\s*\\.", ".")
                .replaceAll("^[,\\s]+", "").strip();
        if (!out.isEmpty()) {
            out = Character.toUpperCase(out.charAt(0)) + out.substring(1);
        }
        return out;
    }

    /** Harmless rewrites plus sentence reordering; the meaning stays the same. */
    static String paraphrase(List<Sentence> sents, Random rnd) {
        List<String> out = new ArrayList<>();
        for (Sentence s : sents) {
            out.add(rewrite(s.text));
        }
        if (out.size() > 1) {
            Collections.shuffle(out, rnd);
        }
        return join(out);
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
