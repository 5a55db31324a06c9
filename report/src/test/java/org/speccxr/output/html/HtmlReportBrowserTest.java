package org.speccxr.output.html;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.speccxr.output.html.HtmlReport;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictRecord;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report in a real browser (headless Chromium over the DevTools protocol): charts render, the entity table sorts
 * and filters, the pair browser filters and renders lazily, injected script never runs, and 10,000 pairs stay fast.
 * Skipped with a message when Chromium is not installed, failed instead when SPEC_CXR_REQUIRE_BROWSER=1 ({@code .ci/run}
 * installs it and sets that). Screenshots are left in
 * target/browser-test/ for a human to look at.
 */
class HtmlReportBrowserTest {
    private static final Path OUT = Path.of("target", "browser-test");
    private static Chromium browser;

    @BeforeAll
    static void start() throws Exception {
        Path bin = Chromium.binaryOrSkip();
        Files.createDirectories(OUT);
        browser = Chromium.launch(bin);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    private static String write(String name, String html) throws IOException {
        Path f = OUT.resolve(name).toAbsolutePath();
        Files.writeString(f, html, StandardCharsets.UTF_8);
        return f.toUri().toString();
    }

    private static void save(String name, byte[] png) throws IOException {
        Files.write(OUT.resolve(name), png);
    }

    private static void assertClean() {
        assertThat(browser.exceptions()).as("script errors").isEmpty();
        assertThat(browser.dialogs()).as("dialogs").isEmpty();
        assertThat(browser.eval("window.__csp")).as("CSP violations").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).isEmpty();
    }

    private static void set(String id, String value) {
        browser.eval("(function(){var c=document.getElementById('" + id + "');c.value=" + Chromium.jsString(value)
                + ";c.dispatchEvent(new Event(c.type==='search'?'input':'change'));})()");
    }

    @Test
    void chartsRenderWithOnePolygonPerModelAndPrint() throws Exception {
        Fixtures.Bundle b = Fixtures.synthetic(80, List.of("model-a", "model-b", "model-c"), 21);
        String url = write("charts.html", HtmlReport.render(b.scores(), b.records(), Fixtures.provenance(), b.options()));
        browser.viewport(1280, 900);
        browser.load(url);
        assertClean();

        long expected = 0;
        for (Charts.Metric m : Charts.Metric.values()) {
            ChartData d = Charts.data(b.scores(), m);
            for (ChartData.Series s : d.series()) {
                if (java.util.Arrays.stream(s.values()).allMatch(v -> v != null)) {
                    expected++;
                }
            }
        }
        assertThat(expected).as("the fixture gives complete polygons").isGreaterThanOrEqualTo(6);
        assertThat(browser.evalLong("document.querySelectorAll('#charts svg.chart').length")).isEqualTo(4);
        assertThat(browser.evalLong("document.querySelectorAll('#charts polygon.series').length")).isEqualTo(expected);
        assertThat(browser.evalLong("document.querySelectorAll('#charts polygon.freq').length")).isEqualTo(4);
        assertThat(browser.evalLong("document.querySelectorAll('#charts polygon.ring').length")).isEqualTo(20);
        // presence F1: every group has data in this fixture, so one filled polygon per model
        assertThat(browser.evalLong("document.querySelectorAll('#chart-presence_f1 polygon.series').length")).isEqualTo(3);
        // the polygons have real size on screen
        assertThat(browser.evalLong("Math.round(document.querySelector('#chart-presence_f1 polygon.series').getBoundingClientRect().width)"))
                .isGreaterThan(100);

        byte[] charts = browser.screenshotOf("#charts");
        save("charts.png", charts);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(charts));
        assertThat(img.getWidth()).isGreaterThan(1000);
        assertThat(ChartsTest.nonWhiteShare(img)).as("charts are not blank").isGreaterThan(0.05);
        save("page-top.png", browser.screenshot(0, 0, 1280, 2400));

        // legend click hides a model in every chart, and a second click brings it back
        browser.eval("document.querySelector('#chart-presence_f1 .legend-hit[data-series=\"1\"]').dispatchEvent(new MouseEvent('click'))");
        assertThat(browser.evalLong("document.querySelectorAll('#charts polygon.series.off').length")).isGreaterThan(0);
        browser.eval("document.querySelector('#chart-presence_f1 .legend-hit[data-series=\"1\"]').dispatchEvent(new MouseEvent('click'))");
        assertThat(browser.evalLong("document.querySelectorAll('#charts .off').length")).isZero();

        // printable: the print layout hides the controls and a PDF comes out
        browser.call("Emulation.setEmulatedMedia", Chromium.obj("media", "print"));
        assertThat(browser.evalString("getComputedStyle(document.getElementById('et-controls')).display")).isEqualTo("none");
        save("print-top.png", browser.screenshot(0, 0, 1280, 1800));
        browser.call("Emulation.setEmulatedMedia", Chromium.obj("media", ""));
        JsonNode pdf = browser.call("Page.printToPDF", Chromium.obj("printBackground", true));
        byte[] bytes = Base64.getDecoder().decode(pdf.path("data").asText());
        assertThat(new String(bytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        Files.write(OUT.resolve("charts.pdf"), bytes);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> column(int index) {
        return (List<Object>) browser.eval("Array.prototype.filter.call(document.querySelectorAll('#entity-table tbody tr'),"
                + "function(r){return !r.hidden;}).map(function(r){var v=r.cells[" + index + "].getAttribute('data-v');"
                + "return v===''?null:parseFloat(v);})");
    }

    @Test
    void entityTableSortsAndFilters() throws Exception {
        Fixtures.Bundle b = Fixtures.synthetic(60, List.of("model-a", "model-b"), 22);
        String url = write("table.html", HtmlReport.render(b.scores(), b.records(), Fixtures.provenance(), b.options()));
        browser.load(url);
        assertClean();
        long visible = browser.evalLong("Array.prototype.filter.call(document.querySelectorAll('#entity-table tbody tr'),function(r){return !r.hidden;}).length");
        long seen = b.scores().models().stream().flatMap(m -> m.entities().stream())
                .filter(e -> e.counts().tp() + e.counts().fp() + e.counts().fn() + e.counts().tn() > 0).count();
        assertThat(visible).isEqualTo(seen);

        // sort by F1: descending first, undefined values last; then ascending
        browser.eval("document.querySelector('#entity-table th[data-key=f1]').click()");
        assertThat(browser.evalString("document.querySelector('#entity-table th[data-key=f1]').getAttribute('aria-sort')")).isEqualTo("descending");
        assertSorted(column(9), -1);
        browser.eval("document.querySelector('#entity-table th[data-key=f1]').click()");
        assertSorted(column(9), 1);
        // sort by support
        browser.eval("document.querySelector('#entity-table th[data-key=support]').click()");
        assertSorted(column(8), -1);
        save("table-sorted.png", browser.screenshotOf("#entities"));

        // filter by group, then kind, then model
        set("et-group", "pleura");
        List<Object> groups = (List<Object>) browser.eval("Array.prototype.filter.call(document.querySelectorAll('#entity-table tbody tr'),"
                + "function(r){return !r.hidden;}).map(function(r){return r.getAttribute('data-group');})");
        long pleuraSeen = b.scores().models().stream().flatMap(m -> m.entities().stream())
                .filter(e -> e.entity().group().equals("pleura"))
                .filter(e -> e.counts().tp() + e.counts().fp() + e.counts().fn() + e.counts().tn() > 0).count();
        assertThat(groups).hasSize((int) pleuraSeen).containsOnly("pleura");
        assertThat(browser.evalString("document.getElementById('et-count').textContent")).startsWith(pleuraSeen + " of ");
        assertThat(browser.evalString("location.hash")).contains("et.group=pleura");

        set("et-group", "");
        set("et-kind", "diagnosis");
        List<Object> kinds = (List<Object>) browser.eval("Array.prototype.filter.call(document.querySelectorAll('#entity-table tbody tr'),"
                + "function(r){return !r.hidden;}).map(function(r){return r.getAttribute('data-kind');})");
        assertThat(kinds).isNotEmpty().containsOnly("diagnosis");
        set("et-kind", "");
        set("et-model", "1");
        assertThat(browser.evalLong("Array.prototype.filter.call(document.querySelectorAll('#entity-table tbody tr'),"
                + "function(r){return !r.hidden && r.getAttribute('data-model')!=='1';}).length")).isZero();
        set("et-model", "");
        browser.eval("document.getElementById('et-unseen').click()");
        assertThat(browser.evalLong("Array.prototype.filter.call(document.querySelectorAll('#entity-table tbody tr'),function(r){return !r.hidden;}).length"))
                .isEqualTo(2L * Fixtures.SET.entities().size());

        // the state lives in the URL: a reload with the hash shows the same view
        browser.blank();
        browser.load(url + "#et.group=pleura&et.sort=f1&et.dir=desc");
        assertThat(browser.evalString("document.getElementById('et-group').value")).isEqualTo("pleura");
        assertThat(column(9)).hasSize((int) pleuraSeen);
        assertSorted(column(9), -1);
        assertClean();
    }

    private static void assertSorted(List<Object> values, int dir) {
        boolean nulls = false;
        Double prev = null;
        for (Object o : values) {
            if (o == null) {
                nulls = true;
                continue;
            }
            assertThat(nulls).as("undefined values sort last").isFalse();
            double v = ((Number) o).doubleValue();
            if (prev != null) {
                assertThat(dir * Double.compare(v, prev)).as("order").isGreaterThanOrEqualTo(0);
            }
            prev = v;
        }
        assertThat(prev).as("some defined values").isNotNull();
    }

    @Test
    void injectedScriptNeverRuns() throws Exception {
        Fixtures.Bundle b = Fixtures.hostile();
        String url = write("hostile.html", HtmlReport.render(b.scores(), b.records(), Fixtures.provenance(), b.options()));
        browser.load(url);
        int evil = b.scores().models().size() - 1;
        set("pb-model", Integer.toString(evil));
        browser.eval("document.querySelectorAll('#pairs-list tr').forEach(function(r){r.dispatchEvent(new MouseEvent('mouseenter'));})");
        // a sentinel image made after the rows were rendered, failing to decode (a data: URL, which the page's CSP
        // admits): an injected <img src=x onerror> was queued before it, so once the sentinel's error event has fired
        // (and one more task has run), any injected handler would have fired and any CSP violation been recorded
        assertThat(browser.eval("new Promise(function (resolve) { var i = new Image();"
                + " i.onerror = function () { setTimeout(function () { resolve('sentinel error'); }, 0); };"
                + " i.onload = function () { resolve('loaded'); }; i.src = 'data:image/png;base64,AAAA'; })"))
                .isEqualTo("sentinel error");
        assertThat(browser.evalString("document.title")).isEqualTo(Fixtures.TITLE);
        assertClean();
        assertThat(browser.evalLong("document.querySelectorAll('img').length")).isZero();
        assertThat(browser.evalLong("document.querySelectorAll('script').length")).isEqualTo(2);
        assertThat(browser.evalLong("document.querySelectorAll('[onerror],[onload]').length")).isZero();
        // the payloads are shown, as text
        String shown = browser.evalString("document.getElementById('pairs-list').textContent");
        assertThat(shown).contains(Fixtures.SCRIPT_PAYLOAD).contains(Fixtures.IMG_PAYLOAD).contains(Fixtures.CLOSE_PAYLOAD)
                .contains("evil<b>model</b>");
        assertThat(browser.evalLong("document.querySelectorAll('#pairs-list mark').length")).isGreaterThan(0);
        assertThat(browser.evalString("document.getElementById('charts').textContent")).contains("evil<b>model</b>");
        assertThat(browser.evalLong("document.querySelectorAll('#pairs-list b').length"))
                .as("no <b> made from the model name").isEqualTo(1); // the card's own error-count <b>
        save("hostile-pair.png", browser.screenshotOf("#pairs-list .pair"));
    }

    @Test
    void pairBrowserFiltersAndRendersLazily() throws Exception {
        Fixtures.Bundle b = Fixtures.synthetic(150, List.of("model-a", "model-b"), 23);
        String url = write("pairs.html", HtmlReport.render(b.scores(), b.records(), Fixtures.provenance(), b.options()));
        browser.load(url);
        assertClean();
        assertThat(browser.evalLong("document.querySelectorAll('#pairs-list .pair').length")).isEqualTo(20);
        browser.eval("document.getElementById('pb-more').click()");
        assertThat(browser.evalLong("document.querySelectorAll('#pairs-list .pair').length")).isEqualTo(40);
        // worst first
        @SuppressWarnings("unchecked")
        List<Object> errs = (List<Object>) browser.eval("Array.prototype.map.call(document.querySelectorAll('#pairs-list .pair .errs b'),"
                + "function(b){return parseInt(b.textContent,10);})");
        for (int i = 1; i < errs.size(); i++) {
            assertThat(((Number) errs.get(i)).intValue()).isLessThanOrEqualTo(((Number) errs.get(i - 1)).intValue());
        }
        save("pairs.png", browser.screenshotOf("#pairs"));

        // entity + verdict filter: pairs where pleural effusion is an FP
        long expected = b.records().stream().filter(r -> has(r, "pleural_effusion", Presence.FP)).count();
        int ei = Fixtures.SET.ids().indexOf("pleural_effusion");
        set("pb-entity", Integer.toString(ei));
        set("pb-verdict", "FP");
        assertThat(browser.evalString("document.getElementById('pb-count').textContent"))
                .contains(expected + " matching").contains(b.records().size() + " in all");
        assertThat(browser.evalLong("document.querySelectorAll('#pairs-list .pair').length")).isEqualTo(Math.min(20, expected));
        assertThat(browser.evalLong("document.querySelectorAll('#pairs-list tr.hit').length")).isEqualTo(Math.min(20, expected));
        // model filter
        set("pb-entity", "");
        set("pb-verdict", "");
        set("pb-model", "1");
        assertThat(browser.evalString("document.getElementById('pb-count').textContent")).contains("150 matching");
        set("pb-search", "s00007");
        assertThat(browser.evalLong("document.querySelectorAll('#pairs-list .pair').length")).isEqualTo(1);
        assertClean();
    }

    @Test
    void severalRunsCanBeFilteredByRun() throws Exception {
        org.speccxr.entity.EntitySet set = org.speccxr.entity.EntitySetLoader.loadDefault();
        List<org.speccxr.judge.ReportPair> pairs = org.speccxr.io.PairReader.read(Path.of("../examples/pairs.csv"));
        org.speccxr.run.Evaluation ev = org.speccxr.api.SpecCxr.evaluate(org.speccxr.api.SpecCxr.judge("rules", set), set, pairs, 3, 1);
        String html = HtmlReport.render(org.speccxr.score.Scorer.score(ev.records(), set), ev.records(),
                Fixtures.provenance(), HtmlOptions.withPairs(pairs));
        browser.load(write("runs.html", html));
        assertClean();
        assertThat(browser.evalString("String(document.getElementById('pb-run-label').hidden)")).isEqualTo("false");
        assertThat(browser.evalString("document.getElementById('pb-count').textContent")).contains("36 matching");
        set("pb-run", "2");
        assertThat(browser.evalString("document.getElementById('pb-count').textContent")).contains("12 matching");
        assertClean();
    }

    private static boolean has(VerdictRecord r, String entity, Presence p) {
        for (EntityVerdict v : r.entities()) {
            if (v.entity().equals(entity) && v.presence() == p) {
                return true;
            }
        }
        return false;
    }

    @Test
    void tenThousandPairsAreSampledIntoABoundedPage() throws Exception {
        Fixtures.Bundle b = Fixtures.synthetic(5000, List.of("model-a", "model-b"), 24);
        String html = HtmlReport.render(b.scores(), b.records(), Fixtures.provenance(), b.options());
        String url = write("10k.html", html);
        long bytes = Files.size(OUT.resolve("10k.html"));
        browser.load(url);
        assertClean();
        set("pb-verdict", "FN");
        assertThat(bytes).as("page size").isLessThan(5_000_000L);
        assertThat(browser.evalLong("document.querySelectorAll('#pairs-list .pair').length")).isEqualTo(20);
        assertThat(browser.evalString("document.getElementById('pb-count').textContent"))
                .contains(PairSample.DEFAULT_LIMIT + " in all");
        assertThat(browser.evalString("document.getElementById('pb-sampled').textContent"))
                .contains("2,000 of the 10,000").contains("8,000").contains("evaluations.jsonl");
    }
}
