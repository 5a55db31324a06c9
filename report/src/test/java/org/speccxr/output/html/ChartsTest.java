package org.speccxr.output.html;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ChartsTest {

    private static ChartData data(int axes, Double[]... series) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < axes; i++) {
            names.add("Group number " + i);
        }
        List<ChartData.Series> s = new ArrayList<>();
        for (int m = 0; m < series.length; m++) {
            String[] tips = new String[axes];
            Arrays.fill(tips, "tip");
            s.add(new ChartData.Series("model " + m, series[m], tips, 0.5, 7));
        }
        long[] freq = new long[axes];
        for (int i = 0; i < axes; i++) {
            freq[i] = (long) Math.pow(3, i);
        }
        return new ChartData("test", "Test chart", "macro F1", names, s, freq, "no data");
    }

    private static long count(String svg, String regex) {
        return Pattern.compile(regex).matcher(svg).results().count();
    }

    @Test
    void radarHasOnePolygonPerCompleteModelAndBreaksAtMissingPoints() {
        Double[] full = {0.1, 0.5, 0.9, 1.0, 0.0, 0.3};
        Double[] gappy = {0.2, null, 0.4, 0.6, null, 0.8};
        String svg = SvgWriter.standalone(SpiderChart.build(data(6, full, full, gappy)));
        assertThat(count(svg, "<polygon class=\"series\"")).isEqualTo(2);
        assertThat(count(svg, "<polygon class=\"ring\"")).isEqualTo(5);
        assertThat(count(svg, "<polygon class=\"freq\"")).isEqualTo(1);
        // gappy: axes 5,0 form one run (wrapping around) and 2,3 another; axis 1 and 4 have no point
        assertThat(count(svg, "<polyline class=\"series-line\" data-series=\"2\"")).isEqualTo(2);
        assertThat(count(svg, "<circle class=\"point\" data-series=\"2\"")).isEqualTo(4);
        assertThat(count(svg, "<circle class=\"point\" data-series=\"0\"")).isEqualTo(6);
        assertThat(svg).contains("macro F1 0.500 over 7 entities").contains("No point: insufficient data (no data)");
    }

    @Test
    void worksForManyAxesAndDegradesToBarsBelowThree() {
        Double[] v15 = new Double[15];
        Arrays.fill(v15, 0.5);
        assertThat(count(SvgWriter.inline(SpiderChart.build(data(15, v15))), "class=\"series\"")).isEqualTo(1);
        Double[] v3 = {0.2, 0.4, 0.6};
        assertThat(count(SvgWriter.inline(SpiderChart.build(data(3, v3))), "<polygon class=\"series\"")).isEqualTo(1);
        // two groups: bars, no radar
        String two = SvgWriter.inline(SpiderChart.build(data(2, new Double[]{0.3, null}, new Double[]{0.7, 1.0})));
        assertThat(two).doesNotContain("<polygon");
        assertThat(count(two, "<rect class=\"bar\"")).isEqualTo(3);
        assertThat(two).contains("no data");
        String one = SvgWriter.inline(SpiderChart.build(data(1, new Double[]{0.3})));
        assertThat(count(one, "<rect class=\"bar\"")).isEqualTo(1);
        String none = SvgWriter.inline(SpiderChart.build(data(0)));
        assertThat(none).contains("No display groups");
    }

    @Test
    void exportWritesConsistentDeterministicSvgAndPng(@TempDir Path dir) throws Exception {
        Fixtures.Bundle b = Fixtures.synthetic(40, List.of("alpha", "beta", "gamma"), 11);
        List<Path> files = Charts.export(b.scores(), dir.resolve("a"));
        assertThat(files).hasSize(8);
        Charts.export(b.scores(), dir.resolve("b"));
        for (Charts.Metric m : Charts.Metric.values()) {
            Path svg = dir.resolve("a").resolve(m.id + ".svg");
            Path png = dir.resolve("a").resolve(m.id + ".png");
            // deterministic: byte-identical across runs
            assertThat(Files.readAllBytes(svg)).isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(m.id + ".svg")));
            assertThat(Files.readAllBytes(png)).isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(m.id + ".png")));
            // well-formed XML, sized like the PNG (which is drawn at 2x)
            var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
            int w = Integer.parseInt(doc.getDocumentElement().getAttribute("width"));
            int h = Integer.parseInt(doc.getDocumentElement().getAttribute("height"));
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(png)));
            assertThat(img.getWidth()).isEqualTo(2 * w);
            assertThat(img.getHeight()).isEqualTo(2 * h);
            assertThat(nonWhiteShare(img)).as(m.id + " PNG is not blank").isGreaterThan(0.03);
            assertThat(Files.readString(svg)).contains("alpha", "beta", "gamma", m.title);
        }
    }

    /** The share of pixels that are not (nearly) white. */
    static double nonWhiteShare(BufferedImage img) {
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, bl = rgb & 0xff;
                if (r < 240 || g < 240 || bl < 240) {
                    n++;
                }
            }
        }
        return (double) n / ((long) img.getWidth() * img.getHeight());
    }

    @Test
    void wrapsLongLabels() {
        assertThat(SpiderChart.wrap("Devices, tubes & lines", 17)).containsExactly("Devices, tubes &", "lines");
        assertThat(SpiderChart.wrap("Pleura", 17)).containsExactly("Pleura");
        assertThat(SpiderChart.wrap("a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg", 8)).hasSize(3);
    }
}
