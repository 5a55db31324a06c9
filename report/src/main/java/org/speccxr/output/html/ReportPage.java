package org.speccxr.output.html;

import org.speccxr.entity.Group;
import org.speccxr.run.Provenance;
import org.speccxr.score.Macro;
import org.speccxr.score.ModelScores;
import org.speccxr.score.ScoreIntervals;
import org.speccxr.score.Scorer;
import org.speccxr.score.Scores;
import org.speccxr.util.Json;
import org.speccxr.verdict.VerdictRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.speccxr.output.html.Html.esc;

/**
 * The whole report page: one self-contained HTML file (inline CSS, SVG and script; nothing fetched) with the
 * overview, the spider charts, the entity table, the report-level view, the pair browser and the provenance.
 *
 * <p>Safety: every string from the input (report texts, ids, model names, evidence, judge output) is either
 * HTML-escaped into the markup or embedded in the JSON data block with '&lt;', '&gt;' and '&amp;' escaped, and the
 * script only ever puts it into the page with {@code textContent}. A Content-Security-Policy admits the page's
 * own script (by hash) and nothing else, as a second line of defence.
 */
public final class ReportPage {
    private static final String CSS = resource("report.css");
    private static final String JS = resource("report.js");

    private final Scores scores;
    private final PairSample sample;
    private final Provenance prov;
    private final HtmlOptions opts;

    public ReportPage(Scores scores, List<VerdictRecord> records, Provenance prov, HtmlOptions opts) {
        this(scores, PairSample.of(records == null ? List.of() : records, (opts == null ? HtmlOptions.NONE : opts).pairs(),
                PairSample.DEFAULT_LIMIT), prov, opts);
    }

    /** The page from records gathered as they streamed past (see {@link PairSample}). */
    public ReportPage(Scores scores, PairSample sample, Provenance prov, HtmlOptions opts) {
        this.scores = scores;
        this.sample = sample;
        this.prov = prov;
        this.opts = opts == null ? HtmlOptions.NONE : opts;
    }

    public String render() {
        List<Group> groups = Charts.groups(scores);
        PairData.Stats[] stats = new PairData.Stats[1];
        String pairJson = PairData.json(scores, sample, stats);
        String script = "\n" + JS + "\n";
        String scriptHash = "sha256-" + Base64.getEncoder().encodeToString(
                org.speccxr.util.Hashing.sha256().digest(script.getBytes(StandardCharsets.UTF_8)));

        StringBuilder h = new StringBuilder(pairJson.length() + 256 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; ")
                .append("style-src 'unsafe-inline'; script-src '").append(scriptHash).append("'; base-uri 'none'; form-action 'none'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"spec-cxr ").append(esc(prov == null ? "" : prov.toolVersion())).append("\">\n")
                .append("<title>spec-cxr report</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");

        header(h, stats[0]);
        h.append("<main>\n");
        section(h, "overview", "Overview");
        overview(h);
        h.append("</section>\n");

        section(h, "charts", "Entity-level results by display group");
        charts(h);
        h.append("</section>\n");

        section(h, "entities", "Entities");
        EntityTable.render(h, scores, groups, opts.lowSupport());
        h.append("</section>\n");

        section(h, "reports", "Report level");
        ReportLevel.render(h, scores, sample.errorHistograms(), opts.alignment());
        h.append("</section>\n");

        section(h, "pairs", "Pairs");
        pairBrowser(h, stats[0]);
        h.append("</section>\n");

        section(h, "provenance", "Provenance");
        provenance(h);
        h.append("</section>\n</main>\n");

        h.append("<script type=\"application/json\" id=\"pair-data\">").append(pairJson).append("</script>\n");
        h.append("<script>").append(script).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private void header(StringBuilder h, PairData.Stats stats) {
        h.append("<header class=\"top\"><div class=\"wrap\"><h1>spec-cxr evaluation</h1><p class=\"sub\">");
        List<String> bits = new ArrayList<>();
        bits.add(scores.models().size() + " model" + (scores.models().size() == 1 ? "" : "s"));
        bits.add(Html.count(stats.pairs()) + " evaluated report" + (stats.pairs() == 1 ? "" : "s"));
        if (prov != null) {
            if (prov.judge() != null) {
                bits.add("judge " + prov.judge());
            }
            if (prov.created() != null) {
                bits.add(prov.created());
            }
        }
        h.append(esc(String.join(" \u00b7 ", bits))).append("</p>\n<nav class=\"no-print\">")
                .append("<a href=\"#overview\">Overview</a><a href=\"#charts\">Charts</a><a href=\"#entities\">Entities</a>")
                .append("<a href=\"#reports\">Report level</a><a href=\"#pairs\">Pairs</a><a href=\"#provenance\">Provenance</a>")
                .append("</nav></div></header>\n");
    }

    private static void section(StringBuilder h, String id, String title) {
        h.append("<section id=\"").append(id).append("\"><h2>").append(esc(title)).append("</h2>\n");
    }

    private void overview(StringBuilder h) {
        if (scores.models().isEmpty()) {
            h.append("<p class=\"note\">No records.</p>\n");
            return;
        }
        boolean multiRun = scores.models().stream().anyMatch(m -> m.runs().size() > 1);
        h.append("<table class=\"num-table\" id=\"models\"><thead><tr><th>Model</th><th class=\"n\">Pairs</th>")
                .append("<th class=\"n\">Runs</th><th class=\"n\">Mean errors / report</th><th class=\"n\">Macro F1</th>")
                .append("<th class=\"n\">Location acc.</th><th class=\"n\">Severity acc.</th><th class=\"n\">Comparison acc.</th>")
                .append("<th class=\"n\">Warnings</th></tr></thead><tbody>\n");
        for (int i = 0; i < scores.models().size(); i++) {
            ModelScores m = scores.models().get(i);
            Macro mac = m.macro();
            ScoreIntervals.ModelIntervals iv = scores.intervals() == null ? ScoreIntervals.ModelIntervals.NONE
                    : scores.intervals().model(m.model());
            h.append("<tr><td><span class=\"swatch\" style=\"background:").append(Palette.colour(i)).append("\"></span>")
                    .append(esc(m.model())).append("</td><td class=\"n\">").append(Html.count(m.pairs())).append("</td><td class=\"n\">")
                    .append(m.runs().size()).append("</td><td class=\"n\">").append(Html.num2(m.meanErrorCount()))
                    .append(Html.ci(iv.meanErrorCount(), 2)).append("</td>");
            macroCell(h, mac.f1(), mac.nF1(), multiRun, m, Macro::f1, iv.macro().f1());
            macroCell(h, mac.locationAccuracy(), mac.nLocation(), multiRun, m, Macro::locationAccuracy, iv.macro().locationAccuracy());
            macroCell(h, mac.severityAccuracy(), mac.nSeverity(), multiRun, m, Macro::severityAccuracy, iv.macro().severityAccuracy());
            macroCell(h, mac.comparisonAccuracy(), mac.nComparison(), multiRun, m, Macro::comparisonAccuracy, iv.macro().comparisonAccuracy());
            h.append("<td class=\"n\">").append(m.warnings()).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n<p class=\"note\">Macro averages over the entities where each metric is defined (their "
                + "number in brackets), counts pooled over runs");
        if (multiRun) {
            h.append("; \u00b1 is the standard deviation of the per-run macro average");
        }
        if (scores.intervals() != null) {
            h.append("; [lo, hi] is the ").append(Math.round(scores.intervals().level() * 100))
                    .append("% bootstrap interval over references (").append(scores.intervals().resamples()).append(" resamples)");
        }
        h.append(". Accuracies count TP entities only.</p>\n");
    }

    private static void macroCell(StringBuilder h, Double v, int n, boolean multiRun, ModelScores m, Function<Macro, Double> f,
                                  org.speccxr.score.Interval ci) {
        h.append("<td class=\"n\">").append(Html.num3(v));
        if (multiRun && m.runs().size() > 1 && v != null) {
            double[] ms = Scorer.meanStd(m.macroByRun(), f);
            if (!Double.isNaN(ms[1])) {
                h.append(" \u00b1 ").append(Html.num3(ms[1]));
            }
        }
        h.append("<small> (").append(n).append(")</small>").append(Html.ci(ci, 3)).append("</td>");
    }

    private void charts(StringBuilder h) {
        h.append("<p class=\"note\">As in the paper's Figure 4: one chart per metric, one polygon per model, one axis per "
                + "display group (entities pooled). The grey area is the log frequency of each group's entity verdicts. "
                + "A missing point means there was not enough data to compute the metric for that group. Click a legend "
                + "entry to hide or show a model.</p>\n<div class=\"charts\">\n");
        for (Charts.Metric metric : Charts.Metric.values()) {
            ChartData d = Charts.data(scores, metric);
            h.append("<figure class=\"chart-box\" id=\"chart-").append(metric.id).append("\">")
                    .append(SvgWriter.inline(SpiderChart.build(d)));
            List<String> missing = new ArrayList<>();
            int missingCount = 0;
            for (ChartData.Series s : d.series()) {
                List<String> gaps = new ArrayList<>();
                for (int i = 0; i < d.axes().size(); i++) {
                    if (s.values()[i] == null) {
                        gaps.add(d.axes().get(i));
                        missingCount++;
                    }
                }
                if (gaps.size() == d.axes().size() && !gaps.isEmpty()) {
                    missing.add("<b>" + esc(s.name()) + "</b>: no group has data");
                } else if (!gaps.isEmpty()) {
                    missing.add("<b>" + esc(s.name()) + "</b>: " + esc(String.join(", ", gaps)));
                }
            }
            h.append("<figcaption>");
            if (missing.isEmpty()) {
                h.append("Every group has data for every model.");
            } else {
                h.append("<details><summary>").append(missingCount).append(" missing point").append(missingCount == 1 ? "" : "s")
                        .append(" (").append(esc(d.missingWhy())).append(")</summary>").append(String.join("<br>", missing))
                        .append("</details>");
            }
            h.append("</figcaption></figure>\n");
        }
        h.append("</div>\n");
    }

    private void pairBrowser(StringBuilder h, PairData.Stats stats) {
        h.append("<div class=\"controls no-print\" id=\"pb-controls\">")
                .append("<label>Model <select id=\"pb-model\"><option value=\"\">all models</option></select></label>")
                .append("<label id=\"pb-run-label\" hidden>Run <select id=\"pb-run\"><option value=\"\">all runs</option></select></label>")
                .append("<label>Entity <select id=\"pb-entity\"><option value=\"\">any entity</option></select></label>")
                .append("<label>Verdict <select id=\"pb-verdict\"><option value=\"\">any verdict</option>")
                .append("<option value=\"err\">any error</option><option value=\"FP\">FP</option><option value=\"FN\">FN</option>")
                .append("<option value=\"TP\">TP</option><option value=\"TN\">TN</option>")
                .append("<option value=\"loc\">location not aligned</option><option value=\"sev\">severity not aligned</option>")
                .append("<option value=\"cmp\">comparison error</option></select></label>")
                .append("<label>Pair id <input type=\"search\" id=\"pb-search\" placeholder=\"id contains\" size=\"12\"></label>")
                .append("<label>Order <select id=\"pb-order\"><option value=\"worst\">worst first</option>")
                .append("<option value=\"id\">by id</option></select></label>")
                .append("<span class=\"count\" id=\"pb-count\"></span></div>\n");
        if (stats.withText() == 0) {
            h.append("<p class=\"note\" id=\"pb-notext\">The report texts are not part of the verdict records, so only the "
                    + "judge's evidence sentences are shown. To see both reports side by side, run <code>spec-cxr report "
                    + "--evaluations FILE --input PAIRS --out report.html</code> with the pairs file that was evaluated.</p>\n");
        } else if (stats.withText() < stats.pairs()) {
            h.append("<p class=\"note\">").append(Html.count(stats.pairs() - stats.withText()))
                    .append(" evaluated reports have no matching pair in the input given; they show evidence only.</p>\n");
        }
        if (stats.shown() < stats.pairs()) {
            h.append("<p class=\"note\" id=\"pb-sampled\">The browser holds ").append(Html.count(stats.shown()))
                    .append(" of the ").append(Html.count(stats.pairs()))
                    .append(" evaluated reports, to keep this page small: the worst by error count and a sample of the rest"
                            + " drawn per model; the other ").append(Html.count(stats.pairs() - stats.shown()))
                    .append(" are all in <code>evaluations.jsonl</code>. Every score on this page counts them all.</p>\n");
        }
        h.append("<p class=\"note\">Evidence is highlighted in the text: <mark class=\"p1\">FP</mark> <mark class=\"p2\">FN</mark> "
                + "<mark class=\"p0 ae\">TP with an attribute error</mark> <mark class=\"p0\">TP</mark> <mark class=\"p3\">TN</mark>. "
                + "Point at a verdict to find its evidence.</p>\n");
        h.append("<div id=\"pairs-list\" aria-live=\"polite\"><noscript><p>The pair browser needs JavaScript.</p></noscript></div>\n")
                .append("<p class=\"no-print\"><button type=\"button\" id=\"pb-more\" hidden>Show more pairs</button></p>\n");
    }

    private void provenance(StringBuilder h) {
        if (prov == null) {
            h.append("<p class=\"note\">No provenance recorded.</p>\n");
            return;
        }
        h.append("<table class=\"prov\" id=\"prov-table\"><tbody>\n");
        row(h, "Tool", prov.tool() + " " + prov.toolVersion());
        row(h, "Command", prov.command());
        row(h, "Created", prov.created());
        row(h, "Judge", prov.judge());
        row(h, "Judge provider", prov.judgeProvider());
        row(h, "Judge model", prov.judgeModel());
        row(h, "Judge parameters", prov.judgeParameters() == null || prov.judgeParameters().isEmpty() ? null : json(prov.judgeParameters()));
        row(h, "Prompt / rules hash", prov.promptHash());
        row(h, "Runs", prov.runs() == null ? null : prov.runs().toString());
        row(h, "Input file", prov.inputFile());
        row(h, "Input hash", prov.inputHash());
        Map<String, Object> es = prov.entitySet();
        if (es != null) {
            row(h, "Entity set", es.get("source") + ", version " + es.get("version") + " (" + es.get("findings") + " findings, "
                    + es.get("diagnoses") + " diagnoses, " + es.get("groups") + " groups)");
            row(h, "Entity-set hash", String.valueOf(es.get("hash")));
        }
        if (opts.alignment() != null) {
            row(h, "Human annotations", opts.alignment().humanFile());
        }
        h.append("</tbody></table>\n");
    }

    private static void row(StringBuilder h, String k, String v) {
        if (v == null || v.isBlank()) {
            return;
        }
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n");
    }

    private static String json(Object o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
