package org.speccxr.judge.rules;

import org.speccxr.entity.EntitySet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Single-report extraction, as a pipeline of stages with one job each (in the manner of medspaCy/pyConTextNLP):
 * <ol>
 *   <li>{@link ReportSegmenter}: sections and sentences;</li>
 *   <li>{@link StatementFilter}: sentences that assert no finding (questions, "2 images.") are not read;</li>
 *   <li>{@link TargetMatcher}: the words that name entities (synonyms, patterns, span resolution);</li>
 *   <li>{@link ConText}: each target's status from triggers with direction and scope, and clause boundaries;</li>
 *   <li>modifier readers: {@link LocationReader} (side, zone, spine level, tip site), {@link SeverityReader}
 *       (severity words and sizes), {@link ComparisonReader};</li>
 *   <li>post-processors, in order: {@link QuestionMarks}, {@link DescriptorAttribution}, {@link ListDistribution},
 *       {@link FractureSites}, {@link NormalStatements};</li>
 *   <li>aggregation ({@link #extract}): a report's mentions into one {@link Finding} per entity, with whole-study
 *       comparisons and {@link CrossSentenceAttribution}; {@link RulesJudge} turns two reports' findings into the
 *       verdict record.</li>
 * </ol>
 * Every vocabulary, window and threshold comes from the {@link RuleSet}. Stateless after construction (but for
 * bounded memos) and safe to share between threads.
 */
public final class ReportExtractor {
    /*
     * What a sentence says depends on the sentence (and its section) alone, and reports repeat their sentences a great
     * deal: remembered, bounded (see SentenceMemo). Mentions are immutable, so the same list can be handed out again.
     */
    private final SentenceMemo<List<Mention>> mentionsMemo = new SentenceMemo<>(1 << 16);

    private final EntitySet set;
    private final RuleSet rules;
    private final ReportSegmenter segmenter;
    private final StatementFilter statements;
    private final TargetMatcher targets;
    private final GluedWords glued;
    private final Clauses clauses;
    private final ConText context;
    private final LocationReader location;
    private final SeverityReader severity;
    private final ComparisonReader comparison;
    private final List<PostProcessor> postProcessors;
    private final CrossSentenceAttribution crossSentence;
    private final FollowingSentenceAttribution following;

    public ReportExtractor(EntitySet set, RuleSet rules) {
        rules.checkEntities(set); // a user's rules naming an id outside the set are refused, not silently dropped
        this.set = set;
        this.rules = rules;
        this.segmenter = new ReportSegmenter(rules);
        this.statements = new StatementFilter(rules);
        this.targets = new TargetMatcher(set, rules);
        this.glued = new GluedWords(set, rules);
        this.clauses = new Clauses(rules.scope);
        this.context = new ConText(rules, clauses);
        java.util.function.Predicate<String> located = id -> set.find(id).map(org.speccxr.entity.Entity::location).orElse(false);
        this.location = new LocationReader(rules, located);
        this.severity = new SeverityReader(rules);
        this.comparison = new ComparisonReader(rules);
        // a diagnosis offered for a compared finding is not compared itself: the post-processors that share a
        // finding's words need to tell diagnoses apart
        java.util.function.Predicate<String> diagnosis = id -> set.find(id).map(e -> e.kind() == org.speccxr.entity.Entity.Kind.DIAGNOSIS).orElse(false);
        this.postProcessors = List.of(new QuestionMarks(), new DescriptorAttribution(rules, clauses, diagnosis),
                new ListDistribution(rules, clauses, location, severity, comparison, diagnosis), new AdjacentFindings(rules),
                new FractureSites(set, rules),
                new NormalStatements(set, rules));
        this.crossSentence = new CrossSentenceAttribution(rules);
        this.following = new FollowingSentenceAttribution(rules, located);
    }

    public EntitySet entitySet() {
        return set;
    }

    /** The segmenter this extractor reads reports with (its rules' section headers). */
    public ReportSegmenter segmenter() {
        return segmenter;
    }

    /**
     * The sentence states nothing about the images ("PA and lateral views were obtained.", "2 images.", a
     * notification): one of the rules' {@code not_findings} statements.
     */
    public boolean statesNoFinding(String sentence) {
        return statements.statesNoFinding(sentence, Tokens.of(sentence).words);
    }

    /** The sentence requests or recommends something ("Recommend followup radiographs."): the rules' {@code requests}. */
    public boolean requests(String sentence) {
        return statements.requests(sentence);
    }

    /** The sentence compares the whole study with a prior one ("No interval change.", "Stable chest."). */
    public boolean comparesWholeStudy(String sentence) {
        return statements.comparesWholeStudy(sentence);
    }

    /** Findings keyed by entity id, in entity-set order. */
    public Map<String, Finding> extract(String report) {
        Map<String, Finding> found = new LinkedHashMap<>();
        if (report == null || report.isBlank()) {
            return found;
        }
        boolean wholeStudyCompared = false;
        // where each read sentence's mentions went, so a continuation acts on that occurrence of a repeated sentence
        List<FollowingSentenceAttribution.Placed> previous = null;
        String previousSection = null;
        List<FollowingSentenceAttribution.Continued> continued = new ArrayList<>();
        List<ReportSegmenter.Segment> segments = segmenter.segments(report);
        // the next header from segment i on opens the findings body ("FINDINGS:"; rules: sections.body)
        boolean[] bodyNext = new boolean[segments.size() + 1];
        for (int i = segments.size() - 1; i >= 0; i--) {
            ReportSegmenter.Segment seg = segments.get(i);
            bodyNext[i] = seg.opensSection() ? rules.bodySections.contains(seg.section()) : bodyNext[i + 1];
        }
        for (int i = 0; i < segments.size(); i++) {
            ReportSegmenter.Segment seg = segments.get(i);
            String sentence = seg.text(), section = seg.section();
            // a non-findings section says why or how the study was made ("INDICATION: known right pneumothorax."):
            // its opening sentence, and the ones after it when the next header opens the findings body ("HISTORY:
            // Cough. Prior pneumonia. FINDINGS: ..."); reports often go on to their findings without a header (and
            // close with an IMPRESSION:), so otherwise only the opening sentence is skipped
            // a non-findings section may still be read for a few entities: "TECHNIQUE: Underpenetrated AP view."
            java.util.Set<String> only = null;
            if (sentence.isEmpty() || (seg.inNonFindingsSection() && (seg.opensSection() || bodyNext[i + 1])
                    && (only = rules.sectionReadFor.get(section)) == null)) {
                continue;
            }
            List<FollowingSentenceAttribution.Placed> placed = new ArrayList<>();
            for (Mention m : sentence(sentence, section)) {
                if (only != null && !only.contains(m.entity())) {
                    continue;
                }
                Finding f = found.computeIfAbsent(m.entity(), Finding::new);
                f.add(m);
                placed.add(new FollowingSentenceAttribution.Placed(f, f.mentions.size() - 1));
            }
            wholeStudyCompared |= comparesWholeStudy(sentence);
            // "Hazy density at the right base. This may be atelectasis.": the second sentence is about the first's
            if (previous != null && !seg.opensSection() && java.util.Objects.equals(previousSection, section)
                    && following.mayContinue(sentence)) {
                continued.add(new FollowingSentenceAttribution.Continued(previous, sentence, placed));
            }
            previous = placed;
            previousSection = section;
        }
        following.apply(continued);
        if (wholeStudyCompared) {
            found.values().forEach(f -> f.comparedAsAWhole = true);
        }
        crossSentence.apply(found);
        Map<String, Finding> ordered = new LinkedHashMap<>();
        found.values().stream().sorted(Comparator.comparingInt(f -> set.ordinal(f.entity())))
                .forEach(f -> ordered.put(f.entity(), f));
        return ordered;
    }

    List<Mention> sentence(String text, String section) {
        String key = section == null ? text : section + '\u0000' + text;
        return mentionsMemo.get(key, k -> List.copyOf(read(text, section)));
    }

    /** The other targets read inside a pattern target's words. */
    private static List<Target> inner(List<Target> found, int i) {
        Target sp = found.get(i);
        if (!sp.pattern()) {
            return List.of();
        }
        List<Target> in = new ArrayList<>(2);
        for (int k = 0; k < found.size(); k++) {
            Target o = found.get(k);
            if (k != i && sp.start() <= o.start() && o.end() <= sp.end() && o.length() < sp.length()) {
                in.add(o);
            }
        }
        return in;
    }

    /** One sentence through the stages after segmentation. */
    private List<Mention> read(String text, String section) {
        Tokens t = glued.split(text, Tokens.of(text));
        String[] w = t.words;
        if (statements.assertsNothing(text, w)) {
            return new ArrayList<>();
        }
        SentenceReading r = new SentenceReading(text, section, t, rules.triggers.findAll(w));
        List<Target> found = targets.find(text, t);
        r.subjects = clauses.subjects(r, found);
        r.listedSubjectWords = clauses.listedSubjectWords(r);
        ConText.Structure structure = context.structure(r, found);
        for (int i = 0; i < found.size(); i++) {
            Target sp = found.get(i);
            Status status = context.status(r, found, i, structure);
            if (status == null) {
                continue;
            }
            // modifiers reach to the phrase boundary between this target and its nearest neighbours that do not
            // overlap it: a pattern read over it ("lytic lesion in the left humerus concerning for metastasis") is
            // another reading of the same words, not a neighbour
            int prev = Target.previousApart(found, i), next = Target.nextApart(found, i);
            int prevEnd = prev >= 0 ? clauses.split(r, found.get(prev).end(), sp.start(), false) : 0;
            int nextStart = next < found.size() ? clauses.split(r, sp.end(), found.get(next).start(), true) : w.length;
            nextStart = Clauses.subjectFrom(r, sp.end(), nextStart); // a new subject's words are not this finding's
            r.add(new Mention(sp.entity(), status, location.sides(r, sp, prevEnd, nextStart), location.zones(r, sp, prevEnd, nextStart),
                    severity.severity(w, sp, prevEnd, nextStart, inner(found, i)),
                    // a device's measurement is where its tip is ("4 cm above the carina"), not its size
                    rules.tipEntities.contains(sp.entity()) ? null : severity.sizeMm(r, sp, prevEnd, nextStart),
                    comparison.comparison(w, sp, clauses.afterSubject(r, prevEnd, sp.start()), nextStart), r.phrase(sp), text, section),
                    sp, location.reach(sp, prevEnd, nextStart, w.length));
            int affirmed = status == Status.NEGATIVE ? context.contrasted(w, sp.end(), nextStart) : -1;
            if (affirmed >= 0) {
                // "Pneumothorax is absent on the left but present on the right": the clause after the contrast word
                // states the finding where it is
                Target rest = new Target(sp.entity(), affirmed, affirmed, false);
                r.add(new Mention(sp.entity(), Status.POSITIVE, location.sides(r, rest, affirmed, nextStart),
                                location.zones(r, rest, affirmed, nextStart), severity.severity(w, rest, affirmed, nextStart),
                                null, false, r.phrase(sp), text, section),
                        rest, new int[]{affirmed, affirmed});
            }
        }
        for (PostProcessor p : postProcessors) {
            p.apply(r);
        }
        return r.mentions;
    }
}
