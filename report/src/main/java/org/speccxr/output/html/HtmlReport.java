package org.speccxr.output.html;

import org.speccxr.run.Provenance;
import org.speccxr.score.Scores;
import org.speccxr.verdict.VerdictRecord;

import java.util.List;

/**
 * The self-contained HTML report (report.html): spider charts, entity table, report-level view, pair browser and
 * provenance in one file that needs no network. All report-derived text is escaped: report text is untrusted.
 * The page itself is built in {@link org.speccxr.output.html}.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /** The page without report texts: the pair browser shows the judge's evidence sentences only. */
    public static String render(Scores scores, List<VerdictRecord> records, Provenance prov) {
        return render(scores, records, prov, HtmlOptions.NONE);
    }

    /** The page with optional extras: report texts for the pair browser, tau-b against human counts. */
    public static String render(Scores scores, List<VerdictRecord> records, Provenance prov, HtmlOptions options) {
        return new ReportPage(scores, records, prov, options).render();
    }

    /** The page from records gathered as they streamed past: a bounded sample for the pair browser. */
    public static String render(Scores scores, PairSample sample, Provenance prov, HtmlOptions options) {
        return new ReportPage(scores, sample, prov, options).render();
    }

    /** Writes {@code dir/report.html} from a streamed sample. */
    public static void write(java.nio.file.Path dir, Scores scores, PairSample sample, Provenance prov, HtmlOptions options) {
        org.speccxr.output.OutputWriter.write(dir.resolve("report.html"), render(scores, sample, prov, options));
    }

    /** Writes {@code dir/report.html} (to a temporary name, then moved into place). */
    public static void write(java.nio.file.Path dir, Scores scores, List<VerdictRecord> records, Provenance prov,
                             HtmlOptions options) {
        org.speccxr.output.OutputWriter.write(dir.resolve("report.html"), render(scores, records, prov, options));
    }

    /** HTML-escapes text for element content and attribute values. */
    public static String esc(String s) {
        return Html.esc(s);
    }
}
