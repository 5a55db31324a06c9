package org.speccxr.output.html;

import org.speccxr.judge.ReportPair;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Optional inputs of the HTML report beyond scores and records.
 *
 * @param pairs      report texts by (model, id), for the pair browser; empty when the texts are not at hand (the page
 *                   then shows the judge's evidence sentences only)
 * @param alignment  agreement with human error counts, shown in the report-level view; null when not computed
 * @param lowSupport entities (and attribute accuracies) resting on fewer reference positives (judged attributes)
 *                   than this are marked as low support
 */
public record HtmlOptions(Map<PairKey, ReportPair> pairs, AlignmentSummary alignment, int lowSupport) {
    public static final int DEFAULT_LOW_SUPPORT = 10;
    public static final HtmlOptions NONE = new HtmlOptions(Map.of(), null, DEFAULT_LOW_SUPPORT);

    /** Key of a report pair: pair ids are unique per model. */
    public record PairKey(String model, String id) {
    }

    public HtmlOptions {
        pairs = pairs == null ? Map.of() : pairs;
        if (lowSupport < 0) {
            throw new IllegalArgumentException("lowSupport must be >= 0");
        }
    }

    /** Options with the report texts of {@code pairs} (a later pair with the same model and id wins). */
    public static HtmlOptions withPairs(Collection<ReportPair> pairs) {
        return NONE.pairs(pairs);
    }

    public HtmlOptions pairs(Collection<ReportPair> list) {
        Map<PairKey, ReportPair> m = new LinkedHashMap<>();
        for (ReportPair p : list) {
            m.put(new PairKey(p.model(), p.id()), p);
        }
        return new HtmlOptions(m, alignment, lowSupport);
    }

    public HtmlOptions alignment(AlignmentSummary a) {
        return new HtmlOptions(pairs, a, lowSupport);
    }

    public HtmlOptions lowSupport(int n) {
        return new HtmlOptions(pairs, alignment, n);
    }

    /**
     * Agreement of report-level error counts with human error counts (the paper's Table 1 statistic): the hook for
     * {@code align}. Kept independent of the statistics package so either side can change.
     *
     * @param humanFile the human annotation file's name, for the page
     * @param tauBMean  mean Kendall tau-b over runs (NaN when undefined)
     * @param tauBStd   sample standard deviation over runs (NaN with fewer than two runs)
     * @param n         pairs matched with a human count
     */
    public record AlignmentSummary(String humanFile, double tauBMean, double tauBStd, int n, List<RunTau> runs) {
        public AlignmentSummary {
            runs = runs == null ? List.of() : List.copyOf(runs);
        }
    }

    public record RunTau(int run, double tauB, int n) {
    }
}
