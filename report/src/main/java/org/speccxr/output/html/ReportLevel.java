package org.speccxr.output.html;

import org.speccxr.output.html.Scene.Anchor;
import org.speccxr.output.html.Scene.Line;
import org.speccxr.output.html.Scene.Rect;
import org.speccxr.output.html.Scene.Style;
import org.speccxr.output.html.Scene.Text;
import org.speccxr.score.Counts;
import org.speccxr.score.ModelScores;
import org.speccxr.score.ReportScore;
import org.speccxr.score.Scores;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import static org.speccxr.output.html.Html.esc;

/** The report-level view: error-count distributions, the error breakdown by type, and tau-b when available. */
final class ReportLevel {
    /** Error counts at or above this share the last histogram bar. */
    static final int CAP = 15;

    private ReportLevel() {
    }

    /** @param histograms per model, the number of reports at each error count (see {@link PairSample}) */
    static void render(StringBuilder h, Scores scores, Map<String, long[]> histograms,
                       HtmlOptions.AlignmentSummary alignment) {
        List<ModelScores> models = scores.models();
        List<Distribution> counts = new ArrayList<>();
        int maxErrors = 0;
        for (ModelScores m : models) {
            Distribution d = new Distribution(histograms.getOrDefault(m.model(), new long[0]));
            counts.add(d);
            maxErrors = Math.max(maxErrors, d.max());
        }

        h.append("<h3>Error count per report</h3>\n");
        h.append("<table class=\"num-table\"><thead><tr><th>Model</th><th class=\"n\">Reports</th><th class=\"n\">Mean</th>")
                .append("<th class=\"n\">Median</th><th class=\"n\">90th pct.</th><th class=\"n\">Max</th>")
                .append("<th class=\"n\">Error-free</th><th class=\"n\">Weighted mean</th></tr></thead><tbody>\n");
        for (int i = 0; i < models.size(); i++) {
            ModelScores m = models.get(i);
            Distribution e = counts.get(i);
            long zero = e.count(0);
            h.append("<tr><td>").append(swatch(i)).append(esc(m.model())).append("</td><td class=\"n\">").append(Html.count(e.n()))
                    .append("</td><td class=\"n\">").append(Html.num2(m.meanErrorCount())).append("</td><td class=\"n\">")
                    .append(e.n() == 0 ? "\u2013" : fmt(e.quantile(0.5))).append("</td><td class=\"n\">")
                    .append(e.n() == 0 ? "\u2013" : fmt(e.quantile(0.9))).append("</td><td class=\"n\">")
                    .append(e.n() == 0 ? "\u2013" : Integer.toString(e.max())).append("</td><td class=\"n\">")
                    .append(e.n() == 0 ? "\u2013" : String.format(Locale.ROOT, "%.0f%%", 100.0 * zero / e.n()))
                    .append("</td><td class=\"n\">").append(Html.num2(m.meanWeightedErrors())).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");

        int buckets = Math.min(maxErrors, CAP) + 1;
        double maxShare = 0;
        List<double[]> shares = new ArrayList<>();
        for (Distribution e : counts) {
            double[] s = new double[buckets];
            for (int x = 0; x <= e.max(); x++) {
                s[Math.min(x, buckets - 1)] += (double) e.count(x) / e.n();
            }
            for (double v : s) {
                maxShare = Math.max(maxShare, v);
            }
            shares.add(s);
        }
        h.append("<div class=\"histograms\">");
        for (int i = 0; i < models.size(); i++) {
            h.append("<figure>").append(SvgWriter.inline(histogram(models.get(i).model(), i, shares.get(i), counts.get(i).n(),
                    maxShare, maxErrors > CAP))).append("</figure>");
        }
        h.append("</div>\n<p class=\"note\">Share of reports (pairs \u00d7 runs) with each error count; all models on the same scale")
                .append(maxErrors > CAP ? "; the last bar gathers " + CAP + " errors or more" : "").append(".</p>\n");

        h.append("<h3>Errors by type</h3>\n");
        h.append("<table class=\"num-table breakdown\"><thead><tr><th>Model</th>");
        for (String t : TYPES) {
            h.append("<th class=\"n\">").append(t).append("</th>");
        }
        h.append("<th class=\"n\">Total</th><th class=\"bar-col\">Share</th></tr></thead><tbody>\n");
        for (int i = 0; i < models.size(); i++) {
            Counts t = models.get(i).totals();
            long[] v = {t.fp(), t.fn(), t.locationNotAligned(), t.severityNotAligned(), t.comparisonAdding(), t.comparisonMissing()};
            long total = Arrays.stream(v).sum();
            h.append("<tr><td>").append(swatch(i)).append(esc(models.get(i).model())).append("</td>");
            for (long x : v) {
                h.append("<td class=\"n\">").append(Html.count(x)).append("<small>")
                        .append(total == 0 ? "" : String.format(Locale.ROOT, " %.0f%%", 100.0 * x / total)).append("</small></td>");
            }
            h.append("<td class=\"n\"><b>").append(Html.count(total)).append("</b></td><td class=\"bar-col\"><div class=\"stack\">");
            for (int k = 0; k < v.length; k++) {
                if (v[k] > 0) {
                    h.append("<span class=\"t").append(k).append("\" style=\"width:")
                            .append(String.format(Locale.ROOT, "%.2f", 100.0 * v[k] / total)).append("%\" title=\"")
                            .append(TYPES[k]).append(": ").append(v[k]).append("\"></span>");
                }
            }
            h.append("</div></td></tr>\n");
        }
        h.append("</tbody></table>\n<p class=\"legend-types\">");
        for (int k = 0; k < TYPES.length; k++) {
            h.append("<span><i class=\"t").append(k).append("\"></i>").append(TYPES[k]).append("</span>");
        }
        h.append("</p>\n<p class=\"note\">FP: entity in the candidate only; FN: missed from the reference; location and severity "
                + "errors and comparison errors are counted on TP entities only, so nothing is penalised twice. Totals over all "
                + "pairs and runs.</p>\n");

        h.append("<h3>Agreement with human error counts</h3>\n");
        if (alignment == null) {
            h.append("<p class=\"note\" id=\"tau-none\">Not computed for this report. Kendall's tau-b between these error counts "
                    + "and radiologists' appears here when a human annotation file is given (see <code>spec-cxr align</code>).</p>\n");
        } else {
            h.append("<p id=\"tau\">Kendall's tau-b against <b>").append(esc(alignment.humanFile())).append("</b>: <b>")
                    .append(Html.num3(alignment.tauBMean())).append("</b>");
            if (!Double.isNaN(alignment.tauBStd()) && alignment.runs().size() > 1) {
                h.append(" \u00b1 ").append(Html.num3(alignment.tauBStd())).append(" over ").append(alignment.runs().size())
                        .append(" runs");
            }
            h.append(" (").append(Html.count(alignment.n())).append(" pairs matched).</p>\n");
            if (alignment.runs().size() > 1) {
                h.append("<table class=\"num-table\"><thead><tr><th>Run</th><th class=\"n\">tau-b</th><th class=\"n\">Pairs</th></tr></thead><tbody>");
                for (HtmlOptions.RunTau r : alignment.runs()) {
                    h.append("<tr><td>").append(r.run()).append("</td><td class=\"n\">").append(Html.num3(r.tauB()))
                            .append("</td><td class=\"n\">").append(r.n()).append("</td></tr>");
                }
                h.append("</tbody></table>\n");
            }
        }
    }

    static final String[] TYPES = {"FP", "FN", "Location", "Severity", "Comparison added", "Comparison missed"};

    private static String swatch(int i) {
        return "<span class=\"swatch\" style=\"background:" + Palette.colour(i) + "\"></span>";
    }

    /** The error counts of one model's reports, as counts per value: the sorted list, without holding it. */
    record Distribution(long[] hist) {
        long n() {
            return Arrays.stream(hist).sum();
        }

        long count(int errors) {
            return errors < hist.length ? hist[errors] : 0;
        }

        int max() {
            for (int k = hist.length - 1; k >= 0; k--) {
                if (hist[k] > 0) {
                    return k;
                }
            }
            return 0;
        }

        /** The k-th smallest error count (0-based), as {@code sorted[k]} would be. */
        long at(long k) {
            long seen = 0;
            for (int v = 0; v < hist.length; v++) {
                seen += hist[v];
                if (k < seen) {
                    return v;
                }
            }
            return max();
        }

        /** Linear interpolation between order statistics, as before on the sorted array. */
        double quantile(double q) {
            double pos = q * (n() - 1);
            long lo = (long) Math.floor(pos);
            long hi = (long) Math.ceil(pos);
            return at(lo) + (at(hi) - at(lo)) * (pos - lo);
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }

    /** A small histogram of the share of reports per error count. */
    static Scene histogram(String model, int series, double[] share, long n, double maxShare, boolean capped) {
        int w = 300, hgt = 170;
        double x0 = 34, x1 = w - 8, y0 = 30, y1 = hgt - 30;
        Scene s = new Scene(w, hgt, "Error counts: " + model);
        String name = model.length() > 34 ? model.substring(0, 33) + "\u2026" : model;
        s.add(new Text(x0, 16, name + "  (" + n + " reports)", 11, Anchor.START, true, false, "#222222", null));
        double top = maxShare <= 0 ? 1 : Math.min(1, Math.ceil(maxShare * 5 - 1e-9) / 5.0);
        for (int k = 0; k <= 2; k++) {
            double v = top * k / 2;
            double y = y1 - (y1 - y0) * k / 2;
            s.add(new Line(x0, y, x1, y, Style.stroke("#e0e0e0", 0.7), null));
            s.add(new Text(x0 - 4, y + 3, String.format(Locale.ROOT, "%.0f%%", v * 100), 9, Anchor.END, false, false, "#777777", null));
        }
        int b = share.length;
        double bw = (x1 - x0) / b;
        String c = Palette.colour(series);
        for (int k = 0; k < b; k++) {
            double hh = (y1 - y0) * share[k] / top;
            String label = capped && k == b - 1 ? k + "+" : Integer.toString(k);
            if (share[k] > 0) {
                s.add(new Rect(x0 + k * bw + 1, y1 - hh, Math.max(1, bw - 2), hh, new Style(c, 0.8, null, 0, false), "hbar",
                        series, label + " errors: " + String.format(Locale.ROOT, "%.1f%%", share[k] * 100) + " of reports"));
            }
            if (b <= 16 || k % 2 == 0 || k == b - 1) {
                s.add(new Text(x0 + k * bw + bw / 2, y1 + 12, label, 9, Anchor.MIDDLE, false, false, "#555555", null));
            }
        }
        s.add(new Line(x0, y1, x1, y1, Style.stroke("#999999", 0.8), null));
        s.add(new Text((x0 + x1) / 2, hgt - 4, "errors per report", 9, Anchor.MIDDLE, false, false, "#777777", null));
        return s;
    }
}
