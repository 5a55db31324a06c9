package org.speccxr.judge.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A report's sentences with the section each belongs to: the one segmentation used by the extractor, {@code
 * coverage} and {@code label}. Sentences come from {@link SentenceSplitter}; a sentence that starts with a header
 * ("FINDINGS:", "Indication:") opens that section and loses the header.
 */
public final class ReportSegmenter {
    private ReportSegmenter() {
    }

    private static final Pattern SECTION = Pattern.compile("^\\s*(findings|impression|conclusion|comparison|indication|history|"
            + "clinical history|clinical information|clinical indication|reason for exam(?:ination)?|reason|technique|examination)\\s*:",
            Pattern.CASE_INSENSITIVE);

    /** Sections that say why or how the study was made, not what it shows. */
    public static final Set<String> NOT_FINDINGS = Set.of("indication", "history", "clinical history",
            "clinical information", "clinical indication", "reason for exam", "reason for examination", "reason",
            "comparison", "technique", "examination");

    /**
     * @param text         the sentence without its header; may be empty when a header stands alone
     * @param section      the current section's name, lower case ("" before the first header)
     * @param opensSection this sentence carried the header
     */
    public record Segment(String text, String section, boolean opensSection) {
        /** The section says why or how the study was made ("indication", "technique"). */
        public boolean inNonFindingsSection() {
            return NOT_FINDINGS.contains(section);
        }
    }

    public static List<Segment> segments(String report) {
        List<Segment> out = new ArrayList<>();
        if (report == null) {
            return out;
        }
        String section = "";
        for (String raw : SentenceSplitter.split(report)) {
            String sentence = raw.strip();
            boolean opens = false;
            Matcher sec = SECTION.matcher(sentence);
            if (sec.find()) {
                section = sec.group(1).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
                sentence = sentence.substring(sec.end()).strip();
                opens = true;
            }
            if (!sentence.isEmpty() || opens) {
                out.add(new Segment(sentence, section, opens));
            }
        }
        return out;
    }
}
