package org.speccxr.judge.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pipeline's first stage: a report's sentences with the section each belongs to, the one segmentation used by
 * the extractor, {@code coverage} and {@code label}. Sentences come from {@link SentenceSplitter}; a sentence that
 * starts with one of the rules' section headers ("FINDINGS:", "Indication:") opens that section and loses the header.
 */
public final class ReportSegmenter {
    private final SentenceSplitter splitter;
    private final Pattern header;
    private final Set<String> notFindings;

    public ReportSegmenter(RuleSet rules) {
        // longest first, so that "reason for exam:" is not read as "reason" followed by words
        List<String> headers = new ArrayList<>(rules.sectionHeaders);
        headers.sort((a, b) -> b.length() - a.length());
        StringBuilder alt = new StringBuilder();
        for (String h : headers) {
            alt.append(alt.isEmpty() ? "" : "|").append(Pattern.quote(h));
        }
        this.header = Pattern.compile("^\\s*(" + (alt.isEmpty() ? "(?!)" : alt) + ")\\s*:", Pattern.CASE_INSENSITIVE);
        this.notFindings = Set.copyOf(rules.notFindingSections);
        this.splitter = new SentenceSplitter(rules);
    }

    private static volatile ReportSegmenter standard;

    /** The segmenter of the bundled rules. */
    public static ReportSegmenter standard() {
        ReportSegmenter s = standard;
        if (s == null) {
            s = new ReportSegmenter(RuleSet.loadDefault());
            standard = s;
        }
        return s;
    }

    /**
     * @param text                 the sentence without its header; may be empty when a header stands alone
     * @param section              the current section's name, lower case ("" before the first header)
     * @param opensSection         this sentence carried the header
     * @param inNonFindingsSection the section says why or how the study was made ("indication", "technique")
     */
    public record Segment(String text, String section, boolean opensSection, boolean inNonFindingsSection) {
    }

    public List<Segment> segments(String report) {
        List<Segment> out = new ArrayList<>();
        if (report == null) {
            return out;
        }
        String section = "";
        for (String raw : splitter.sentences(report)) {
            String sentence = raw.strip();
            boolean opens = false;
            Matcher sec = header.matcher(sentence);
            if (sec.find()) {
                section = sec.group(1).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
                sentence = sentence.substring(sec.end()).strip();
                opens = true;
            }
            if (!sentence.isEmpty() || opens) {
                out.add(new Segment(sentence, section, opens, notFindings.contains(section)));
            }
        }
        return out;
    }
}
