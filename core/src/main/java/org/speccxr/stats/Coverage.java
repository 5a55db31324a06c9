package org.speccxr.stats;

import org.speccxr.entity.EntitySet;
import org.speccxr.judge.rules.Finding;
import org.speccxr.judge.rules.ReportExtractor;
import org.speccxr.judge.rules.ReportSegmenter;
import org.speccxr.judge.rules.RuleSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How much of a report an entity set can express (the paper's Table 2 "full coverage").
 *
 * <p>Definition: a report is split into sentences and sections by {@link ReportSegmenter}, as the rules extractor
 * splits it. A sentence is <b>covered</b> when the rules extraction, run on that sentence with the
 * entity set, finds at least one entity mention (positive, uncertain or negative) or a normal statement ("lungs are
 * clear" negates the entities it names), or the sentence compares the whole study with a prior one ("Stable chest.",
 * which the judge records as a comparison of every finding); otherwise it is uncovered. Sentences under the headers of the rules' {@code sections.not_findings}
 * (INDICATION, HISTORY, TECHNIQUE, COMPARISON, ...) and sentences that state nothing about the images (the rules'
 * {@code not_findings}: "2 images.", "PA and lateral views were obtained."; and its {@code requests} when they name no
 * finding: "Recommend followup radiographs.") are skipped (they state why and how the
 * study was done, not what it shows) unless {@code allSections} is set. A report is <b>fully covered</b> when every counted sentence is
 * covered; a report with no counted sentence is left out of the share.
 *
 * <p>The paper asked an LLM whether each sentence is entailed by the extracted entities; this is the offline,
 * deterministic analogue. Absolute numbers therefore differ from the paper's, but two entity sets measured with the
 * same rules are comparable, which is what the table is for.
 */
public final class Coverage {
    /** The sections whose sentences are not counted unless {@code allSections} is set. */
    /**
     * What a sentence that only compares the whole study ("Stable chest.") is covered by: the comparison the judge
     * gives every finding of the report.
     */
    public static final String WHOLE_STUDY_COMPARISON = "(whole-study comparison)";
    /** Only punctuation or digits: nothing to cover ("1.", "---"). */
    private static final Pattern NO_WORDS = Pattern.compile("[^\\p{L}]*");

    public record Sentence(String text, String section, boolean counted, List<String> entities) {
        public boolean covered() {
            return !entities.isEmpty();
        }
    }

    public record ReportCoverage(String id, List<Sentence> sentences) {
        public int counted() {
            return (int) sentences.stream().filter(Sentence::counted).count();
        }

        public int covered() {
            return (int) sentences.stream().filter(s -> s.counted() && s.covered()).count();
        }

        public boolean fullyCovered() {
            return counted() > 0 && covered() == counted();
        }

        public List<String> uncovered() {
            return sentences.stream().filter(s -> s.counted() && !s.covered()).map(Sentence::text).toList();
        }
    }

    /**
     * @param reports       reports read
     * @param measured      reports with at least one counted sentence (the denominator of the share)
     * @param fullyCovered  reports whose counted sentences are all covered
     */
    public record Summary(String entitySet, int entities, int reports, int measured, int fullyCovered, int sentences,
                          int coveredSentences, int skippedSentences) {
        public double fullCoverage() {
            return measured == 0 ? Double.NaN : (double) fullyCovered / measured;
        }

        public double sentenceCoverage() {
            return sentences == 0 ? Double.NaN : (double) coveredSentences / sentences;
        }
    }

    private final ReportExtractor extractor;
    private final boolean allSections;

    public Coverage(EntitySet set, RuleSet rules, boolean allSections) {
        this.extractor = new ReportExtractor(set, rules);
        this.allSections = allSections;
    }

    public ReportCoverage report(String id, String text) {
        List<Sentence> out = new ArrayList<>();
        if (text == null) {
            return new ReportCoverage(id, out);
        }
        for (ReportSegmenter.Segment seg : extractor.segmenter().segments(text)) {
            String s = seg.text();
            if (s.isEmpty() || NO_WORDS.matcher(s).matches()) {
                continue;
            }
            Map<String, Finding> found = extractor.extract(s);
            boolean counted = allSections || (!seg.inNonFindingsSection() && !extractor.statesNoFinding(s)
                    && !(found.isEmpty() && extractor.requests(s)));
            List<String> entities = found.isEmpty() && extractor.comparesWholeStudy(s) ? List.of(WHOLE_STUDY_COMPARISON)
                    : List.copyOf(found.keySet());
            out.add(new Sentence(s, seg.section(), counted, entities));
        }
        return new ReportCoverage(id, out);
    }

    public static Summary summarise(String name, EntitySet set, List<ReportCoverage> reports) {
        int measured = 0, full = 0, sentences = 0, covered = 0, skipped = 0;
        for (ReportCoverage r : reports) {
            if (r.counted() > 0) {
                measured++;
                if (r.fullyCovered()) {
                    full++;
                }
            }
            sentences += r.counted();
            covered += r.covered();
            skipped += r.sentences().size() - r.counted();
        }
        return new Summary(name, set.entities().size(), reports.size(), measured, full, sentences, covered, skipped);
    }
}
