package org.speccxr.output;

import org.speccxr.run.Provenance;
import org.speccxr.score.Counts;
import org.speccxr.score.EntityScore;
import org.speccxr.score.GroupScore;
import org.speccxr.score.ModelScores;
import org.speccxr.score.Scores;
import org.speccxr.util.Csv;
import org.speccxr.util.Json;
import org.speccxr.verdict.VerdictRecord;

import java.util.List;

/** A self-contained HTML page of the scores. All report-derived text is escaped: report text is untrusted. */
public final class HtmlReport {
    private HtmlReport() {
    }

    public static String render(Scores scores, List<VerdictRecord> records, Provenance prov) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>spec-cxr report</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}table{border-collapse:collapse;margin:1rem 0}")
                .append("th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:right}th:first-child,td:first-child{text-align:left}")
                .append("</style></head><body>\n<h1>spec-cxr evaluation</h1>\n");
        h.append("<h2>Models</h2><table><tr><th>model</th><th>pairs</th><th>mean errors</th><th>macro F1</th>")
                .append("<th>location acc.</th><th>severity acc.</th><th>comparison acc.</th></tr>\n");
        for (ModelScores m : scores.models()) {
            h.append("<tr><td>").append(esc(m.model())).append("</td><td>").append(m.pairs()).append("</td><td>")
                    .append(Csv.num(m.meanErrorCount())).append("</td><td>").append(Csv.num(m.macro().f1())).append("</td><td>")
                    .append(Csv.num(m.macro().locationAccuracy())).append("</td><td>").append(Csv.num(m.macro().severityAccuracy()))
                    .append("</td><td>").append(Csv.num(m.macro().comparisonAccuracy())).append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (ModelScores m : scores.models()) {
            h.append("<h2>Groups: ").append(esc(m.model())).append("</h2><table><tr><th>group</th><th>support</th><th>TP</th>")
                    .append("<th>FP</th><th>FN</th><th>F1</th></tr>\n");
            for (GroupScore g : m.groups()) {
                Counts c = g.counts();
                h.append("<tr><td>").append(esc(g.group().name())).append("</td><td>").append(c.support()).append("</td><td>")
                        .append(c.tp).append("</td><td>").append(c.fp).append("</td><td>").append(c.fn).append("</td><td>")
                        .append(Csv.num(c.f1())).append("</td></tr>\n");
            }
            h.append("</table>\n<h2>Entities: ").append(esc(m.model())).append("</h2><table><tr><th>entity</th><th>support</th>")
                    .append("<th>TP</th><th>FP</th><th>FN</th><th>TN</th><th>F1</th></tr>\n");
            for (EntityScore e : m.entities()) {
                Counts c = e.counts();
                if (c.tp + c.fp + c.fn + c.tn == 0) {
                    continue;
                }
                h.append("<tr><td>").append(esc(e.entity().name())).append("</td><td>").append(c.support()).append("</td><td>")
                        .append(c.tp).append("</td><td>").append(c.fp).append("</td><td>").append(c.fn).append("</td><td>")
                        .append(c.tn).append("</td><td>").append(Csv.num(c.f1())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        try {
            h.append("<h2>Provenance</h2><pre>").append(esc(Json.PRETTY.writeValueAsString(prov))).append("</pre>\n");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    /** HTML-escapes text for element content and attribute values. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
