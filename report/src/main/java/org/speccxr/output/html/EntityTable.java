package org.speccxr.output.html;

import org.speccxr.entity.Group;
import org.speccxr.score.Counts;
import org.speccxr.score.EntityScore;
import org.speccxr.score.ModelScores;
import org.speccxr.score.ScoreIntervals;
import org.speccxr.score.Scores;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.speccxr.output.html.Html.esc;

/**
 * The entity table: one row per entity and model with counts, support, F1 and attribute accuracies. Rows are
 * written in the page (so the table prints and reads without script); the page's script sorts and filters them
 * in place. Entities never mentioned in any report start hidden. Scores resting on fewer than the low-support
 * threshold are marked so that a 1/1 is not read like 900/1000.
 */
final class EntityTable {
    private EntityTable() {
    }

    static void render(StringBuilder h, Scores scores, List<Group> groups, int lowSupport) {
        Map<String, Integer> groupOrder = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            groupOrder.put(groups.get(i).id(), i);
        }
        int rows = 0, unseen = 0;
        StringBuilder body = new StringBuilder(64 * 1024);
        for (int mi = 0; mi < scores.models().size(); mi++) {
            ModelScores m = scores.models().get(mi);
            for (int ei = 0; ei < m.entities().size(); ei++) {
                EntityScore e = m.entities().get(ei);
                Counts c = e.counts();
                boolean seen = c.tp() + c.fp() + c.fn() + c.tn() > 0;
                rows++;
                if (!seen) {
                    unseen++;
                }
                String groupName = groups.stream().filter(g -> g.id().equals(e.entity().group())).map(Group::name)
                        .findFirst().orElse(e.entity().group());
                body.append("<tr data-group=\"").append(esc(e.entity().group())).append("\" data-kind=\"")
                        .append(e.entity().kind().label()).append("\" data-model=\"").append(mi).append("\" data-seen=\"")
                        .append(seen ? 1 : 0).append("\" data-name=\"").append(esc(e.entity().name().toLowerCase(java.util.Locale.ROOT)))
                        .append(' ').append(esc(e.entity().id())).append('"');
                if (!seen) {
                    body.append(" hidden");
                }
                body.append('>');
                body.append("<td class=\"ent\" title=\"").append(esc(e.entity().id()))
                        .append("\">").append(esc(e.entity().name())).append("</td>");
                body.append("<td class=\"txt\" data-v=\"").append(groupOrder.getOrDefault(e.entity().group(), 999)).append("\">")
                        .append(esc(groupName)).append("</td>");
                body.append("<td>").append(e.entity().kind().label()).append("</td>");
                body.append("<td class=\"txt model\" data-v=\"").append(mi).append("\"><span class=\"swatch\" style=\"background:")
                        .append(Palette.colour(mi)).append("\"></span>").append(esc(m.model())).append("</td>");
                num(body, c.tp());
                num(body, c.fp());
                num(body, c.fn());
                num(body, c.tn());
                boolean low = c.f1() != null && c.support() < lowSupport;
                body.append("<td data-v=\"").append(c.support()).append('"');
                if (low) {
                    body.append(" class=\"low\" title=\"low support: fewer than ").append(lowSupport)
                            .append(" reference positives\"");
                }
                body.append('>').append(c.support()).append(low ? "<span class=\"lowmark\" aria-label=\"low support\">\u25cc</span>" : "")
                        .append("</td>");
                ScoreIntervals.MetricIntervals ci = scores.intervals() == null ? ScoreIntervals.MetricIntervals.NONE
                        : scores.intervals().model(m.model()).entity(e.entity().id());
                metric(body, c.f1(), ci.f1(), true, c.support(), lowSupport, "F1 from " + c.support() + " reference positive"
                        + (c.support() == 1 ? "" : "s") + " (TP " + c.tp() + ", FP " + c.fp() + ", FN " + c.fn() + ")");
                metric(body, c.locationAccuracy(), ci.locationAccuracy(), false, c.locationN(), lowSupport, c.locationAligned() + " of " + c.locationN()
                        + " judged locations aligned");
                metric(body, c.severityAccuracy(), ci.severityAccuracy(), false, c.severityN(), lowSupport, c.severityAligned() + " of " + c.severityN()
                        + " judged severities aligned");
                metric(body, c.comparisonAccuracy(), ci.comparisonAccuracy(), false, c.tp(), lowSupport, c.comparisonOther() + " of " + c.tp()
                        + " TP without comparison error");
                body.append("</tr>\n");
            }
        }

        h.append("<div class=\"controls no-print\" id=\"et-controls\">");
        h.append("<label>Model <select id=\"et-model\"><option value=\"\">all models</option>");
        for (int mi = 0; mi < scores.models().size(); mi++) {
            h.append("<option value=\"").append(mi).append("\">").append(esc(scores.models().get(mi).model())).append("</option>");
        }
        h.append("</select></label>");
        h.append("<label>Group <select id=\"et-group\"><option value=\"\">all groups</option>");
        for (Group g : groups) {
            h.append("<option value=\"").append(esc(g.id())).append("\">").append(esc(g.name())).append("</option>");
        }
        h.append("</select></label>");
        h.append("<label>Kind <select id=\"et-kind\"><option value=\"\">findings and diagnoses</option>")
                .append("<option value=\"finding\">findings</option><option value=\"diagnosis\">diagnoses</option></select></label>");
        h.append("<label>Entity <input type=\"search\" id=\"et-search\" placeholder=\"name or id\" size=\"16\"></label>");
        h.append("<label class=\"check\"><input type=\"checkbox\" id=\"et-unseen\"> show the ").append(unseen)
                .append(" rows of entities never mentioned</label>");
        h.append("<span class=\"count\" id=\"et-count\">").append(rows - unseen).append(" of ").append(rows).append(" rows</span>");
        h.append("</div>\n");
        h.append("<p class=\"note\">Click a column header to sort (again to reverse). <span class=\"lowmark\">\u25cc</span> and grey "
                + "numbers: low support, resting on fewer than ").append(lowSupport).append(" cases (reference positives for F1, "
                + "judged attributes for accuracies); read them with care. \u2013: undefined (nothing to score).</p>\n");
        h.append("<div class=\"table-wrap\"><table class=\"entities\" id=\"entity-table\"><thead><tr>")
                .append(th("entity", "Entity", false, "text"))
                .append(th("group", "Group", false, "num"))
                .append(th("kind", "Kind", false, "text"))
                .append(th("model", "Model", false, "num"))
                .append(th("tp", "TP", true, "num"))
                .append(th("fp", "FP", true, "num"))
                .append(th("fn", "FN", true, "num"))
                .append(th("tn", "TN", true, "num"))
                .append(th("support", "Support", true, "num"))
                .append(th("f1", "F1", true, "num"))
                .append(th("loc", "Location acc.", true, "num"))
                .append(th("sev", "Severity acc.", true, "num"))
                .append(th("cmp", "Comparison acc.", true, "num"))
                .append("</tr></thead>\n<tbody>\n").append(body).append("</tbody></table></div>\n");
    }

    private static String th(String key, String label, boolean numeric, String type) {
        return "<th data-key=\"" + key + "\" data-type=\"" + type + "\"" + (numeric ? " class=\"n\"" : "")
                + " tabindex=\"0\" aria-sort=\"none\">" + label + "</th>";
    }

    private static void num(StringBuilder b, long v) {
        b.append("<td data-v=\"").append(v).append("\">").append(v).append("</td>");
    }

    /** A metric cell with its n; grey and marked when n is below the threshold; a small bar before the value. */
    /** @param showInterval print the interval in the cell (F1), not only in the tooltip (accuracies: the table stays narrow) */
    private static void metric(StringBuilder b, Double v, org.speccxr.score.Interval ci, boolean showInterval, long n,
                               int lowSupport, String tip) {
        b.append("<td data-v=\"").append(Html.sortValue(v)).append('"');
        boolean low = v != null && n < lowSupport;
        if (v == null) {
            b.append(" class=\"na\">\u2013</td>");
            return;
        }
        b.append(low ? " class=\"m low\"" : " class=\"m\"");
        String interval = ci == null ? "" : String.format(java.util.Locale.ROOT, "; 95%% interval [%.3f, %.3f]", ci.lo(), ci.hi());
        b.append(" title=\"").append(esc(tip + interval + (low ? "; low support" : ""))).append("\">");
        b.append("<span class=\"mb\"><i style=\"width:").append(Math.round(v * 100)).append("%\"></i></span>");
        b.append(Html.num3(v)).append("<small> (").append(n).append(")</small>");
        if (showInterval) {
            b.append(Html.ci(ci, 2));
        }
        if (low) {
            b.append("<span class=\"lowmark\" aria-label=\"low support\">\u25cc</span>");
        }
        b.append("</td>");
    }
}
