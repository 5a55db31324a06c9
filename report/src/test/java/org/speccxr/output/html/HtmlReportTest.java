package org.speccxr.output.html;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.speccxr.output.html.HtmlReport;
import org.speccxr.util.Json;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The page as text: self-contained, escaped, with the expected parts and data. No browser needed. */
class HtmlReportTest {

    private static String dataBlock(String html) {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"pair-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("pair data block").isTrue();
        return m.group(1);
    }

    @Test
    void pageIsSelfContained() {
        Fixtures.Bundle b = Fixtures.synthetic(20, List.of("m1", "m2"), 1);
        String html = HtmlReport.render(b.scores(), b.records(), Fixtures.provenance(), b.options());
        assertThat(html).startsWith("<!DOCTYPE html>");
        // nothing is fetched: no external scripts, styles, images or fonts
        assertThat(html).doesNotContainPattern("(?i)<script[^>]+src=");
        assertThat(html).doesNotContainPattern("(?i)<link[^>]+href=");
        assertThat(html).doesNotContainPattern("(?i)url\\(\\s*['\"]?https?:");
        assertThat(html).doesNotContainPattern("(?i)(src|href)=\"https?:");
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://").doesNotContain("https://");
        assertThat(html).contains("Content-Security-Policy").contains("default-src 'none'");
        assertThat(html).contains("@media print");
        // every section is there
        for (String id : List.of("overview", "charts", "entities", "reports", "pairs", "provenance")) {
            assertThat(html).contains("<section id=\"" + id + "\">");
        }
        // four inline charts
        assertThat(Pattern.compile("<svg ").matcher(html).results().count()).isGreaterThanOrEqualTo(4);
        assertThat(html).contains("id=\"chart-presence_f1\"", "id=\"chart-location_accuracy\"",
                "id=\"chart-severity_accuracy\"", "id=\"chart-comparison_accuracy\"");
    }

    @Test
    void hostileTextIsEscapedEverywhere() {
        Fixtures.Bundle b = Fixtures.hostile();
        String html = HtmlReport.render(b.scores(), b.records(), Fixtures.provenance(), b.options());
        String json = dataBlock(html);
        // the JSON block can neither be closed nor commented out by data
        assertThat(json).doesNotContain("<").doesNotContain(">").doesNotContain("&");
        // outside the JSON block, no payload appears as markup
        String markup = html.replace(json, "");
        assertThat(markup).doesNotContain("<script>document.title").doesNotContain("<img").doesNotContain("<svg onload")
                .doesNotContain("<b>model</b>");
        assertThat(markup).contains("evil&lt;b&gt;model&lt;/b&gt;");
        // only the page's own two script elements
        assertThat(Pattern.compile("<script").matcher(markup).results().count()).isEqualTo(2);
        // the data still holds the exact texts
        JsonNode data = parse(json);
        List<String> strings = Json.MAPPER.convertValue(data.get("strings"), List.class);
        assertThat(strings).anyMatch(s -> s.contains(Fixtures.SCRIPT_PAYLOAD) && s.contains(Fixtures.CLOSE_PAYLOAD));
        assertThat(data.get("models").toString()).contains("evil<b>model</b>");
    }

    @Test
    void evidenceIsLocatedInTheTexts() {
        Fixtures.Bundle b = Fixtures.synthetic(30, List.of("m1"), 2);
        String html = HtmlReport.render(b.scores(), b.records(), Fixtures.provenance(), b.options());
        JsonNode data = parse(dataBlock(html));
        assertThat(data.get("hasText").asBoolean()).isTrue();
        JsonNode strings = data.get("strings");
        int located = 0;
        for (JsonNode p : data.get("pairs")) {
            String ref = strings.get(p.get(5).asInt()).asText();
            String cand = strings.get(p.get(6).asInt()).asText();
            for (JsonNode v : p.get(7)) {
                if (v.get(5).asInt() >= 0) {
                    String ev = strings.get(v.get(5).asInt()).asText();
                    JsonNode r = v.get(7);
                    assertThat(r.size()).as("reference evidence found").isEqualTo(2);
                    assertThat(ref.substring(r.get(0).asInt(), r.get(1).asInt())).isEqualTo(ev);
                    located++;
                }
                if (v.get(6).asInt() >= 0) {
                    JsonNode r = v.get(8);
                    assertThat(cand.substring(r.get(0).asInt(), r.get(1).asInt()))
                            .isEqualTo(strings.get(v.get(6).asInt()).asText());
                }
            }
        }
        assertThat(located).isGreaterThan(50);
        // worst pairs first
        int prev = Integer.MAX_VALUE;
        for (JsonNode p : data.get("pairs")) {
            assertThat(p.get(3).asInt()).isLessThanOrEqualTo(prev);
            prev = p.get(3).asInt();
        }
    }

    @Test
    void withoutTextsTheEvidenceSentencesAreKept() {
        Fixtures.Bundle b = Fixtures.synthetic(10, List.of("m1"), 3);
        String html = HtmlReport.render(b.scores(), b.records(), Fixtures.provenance());
        JsonNode data = parse(dataBlock(html));
        assertThat(data.get("hasText").asBoolean()).isFalse();
        assertThat(html).contains("id=\"pb-notext\"");
        List<String> strings = Json.MAPPER.convertValue(data.get("strings"), List.class);
        String someEvidence = b.records().get(0).entities().get(0).extra().values().iterator().next().toString();
        assertThat(strings).contains(someEvidence);
        for (JsonNode p : data.get("pairs")) {
            assertThat(p.get(5).asInt()).isEqualTo(-1);
        }
    }

    @Test
    void locateHandlesCaseWhitespaceAndSeveralSentences() {
        String text = "Small RIGHT pleural\neffusion. No pneumothorax.  Mild   cardiomegaly.";
        assertThat(PairData.locate(text, "small right pleural effusion.")).hasSize(1);
        List<int[]> r = PairData.locate(text, "No pneumothorax. \u2026 Mild cardiomegaly.");
        assertThat(r).hasSize(2);
        assertThat(text.substring(r.get(0)[0], r.get(0)[1])).isEqualTo("No pneumothorax.");
        assertThat(text.substring(r.get(1)[0], r.get(1)[1])).isEqualTo("Mild   cardiomegaly.");
        assertThat(PairData.locate(text, "not in the text")).isEmpty();
    }

    @Test
    void alignmentHookShowsTauB() {
        Fixtures.Bundle b = Fixtures.synthetic(10, List.of("m1"), 4);
        String without = HtmlReport.render(b.scores(), b.records(), Fixtures.provenance(), b.options());
        assertThat(without).contains("id=\"tau-none\"");
        HtmlOptions.AlignmentSummary a = new HtmlOptions.AlignmentSummary("rexval<human>.csv", 0.734, 0.004, 50,
                List.of(new HtmlOptions.RunTau(1, 0.73, 50), new HtmlOptions.RunTau(2, 0.738, 50)));
        String with = HtmlReport.render(b.scores(), b.records(), Fixtures.provenance(), b.options().alignment(a));
        assertThat(with).contains("id=\"tau\"").contains("0.734").contains("\u00b1 0.004").contains("rexval&lt;human&gt;.csv");
    }

    @Test
    void lowSupportIsMarked() {
        Fixtures.Bundle b = Fixtures.synthetic(10, List.of("m1"), 5);
        String html = HtmlReport.render(b.scores(), b.records(), Fixtures.provenance(), b.options().lowSupport(1000));
        assertThat(html).contains("class=\"m low\"").contains("low support");
        String none = HtmlReport.render(b.scores(), b.records(), Fixtures.provenance(), b.options().lowSupport(0));
        assertThat(none).doesNotContain("class=\"m low\"");
    }

    @Test
    void smallEntitySetsAndNoRecordsStillRender() {
        java.util.function.Function<String, org.speccxr.entity.Entity> ent = id -> new org.speccxr.entity.Entity(id, id.toUpperCase(),
                org.speccxr.entity.Entity.Kind.FINDING, "c", id.startsWith("a") ? "g1" : "g2", true, true, List.of(id), List.of(), 1);
        org.speccxr.entity.EntitySet two = new org.speccxr.entity.EntitySet("t", List.of(new org.speccxr.entity.Group("g1", "Group one"),
                new org.speccxr.entity.Group("g2", "Group two")), List.of(ent.apply("a1"), ent.apply("b1")), "sha256:0", "test");
        List<org.speccxr.verdict.VerdictRecord> recs = List.of(org.speccxr.verdict.VerdictNormalizer.toRecord("p1", "m", 1, "rules",
                List.of(org.speccxr.verdict.EntityVerdict.of("a1", org.speccxr.verdict.Presence.TP),
                        org.speccxr.verdict.EntityVerdict.of("b1", org.speccxr.verdict.Presence.FN)), two));
        org.speccxr.score.Scores s = org.speccxr.score.Scorer.score(recs, two);
        String html = HtmlReport.render(s, recs, Fixtures.provenance());
        assertThat(html).contains("class=\"bar\"").doesNotContain("polygon class=\"series\"");

        org.speccxr.score.Scores empty = org.speccxr.score.Scorer.score(List.of(), Fixtures.SET);
        String none = HtmlReport.render(empty, List.of(), null);
        assertThat(none).contains("No records.").contains("No provenance recorded.");
    }

    @Test
    void naturalOrder() {
        assertThat(PairData.natural("p2", "p10")).isNegative();
        assertThat(PairData.natural("p10", "p9")).isPositive();
        assertThat(PairData.natural("a", "a1")).isNegative();
        assertThat(PairData.natural("b", "a")).isPositive();
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
