package org.speccxr.output.html;

import org.speccxr.output.html.Scene.Anchor;
import org.speccxr.output.html.Scene.Circle;
import org.speccxr.output.html.Scene.Line;
import org.speccxr.output.html.Scene.Poly;
import org.speccxr.output.html.Scene.Rect;
import org.speccxr.output.html.Scene.Style;
import org.speccxr.output.html.Scene.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays out a spider (radar) chart in the manner of the paper's Figure 4: one axis per display group, first axis at
 * the top and going clockwise, rings at 0.2 steps, a grey background of log frequencies, one polygon per model
 * with a marker on each defined point and no point where the metric is undefined, and a legend with each model's
 * macro average. With fewer than three axes a radar has no area, so the same data is drawn as horizontal bars.
 *
 * <p>CSS classes used by the page and its tests: {@code freq} (background polygon), {@code ring} (five grid
 * polygons), {@code series} (one filled polygon per model whose every group has a value), {@code series-line}
 * (unfilled outline pieces, broken at missing points, for a model with gaps), {@code point}, {@code legend-hit},
 * {@code bar}.
 */
public final class SpiderChart {
    static final int WIDTH = 600;
    private static final double R = 160;
    private static final double CX = WIDTH / 2.0;
    private static final double CY = 40 + 58 + R;
    private static final double LABEL_GAP = 14;
    private static final double LABEL_SIZE = 12;
    private static final double LINE_H = 13.5;
    private static final int LABEL_WRAP = 17;
    private static final String GRID = "#cfcfcf";
    private static final String INK = "#222222";
    private static final String MUTED = "#666666";
    private static final String FREQ = "#9a9a9a";

    private SpiderChart() {
    }

    public static Scene build(ChartData d) {
        int n = d.axes().size();
        if (n >= 3) {
            return radar(d);
        }
        return bars(d);
    }

    private static Scene radar(ChartData d) {
        int n = d.axes().size();
        Scene s = new Scene(WIDTH, 1000, d.title());
        s.add(new Text(CX, 26, d.title(), 16, Anchor.MIDDLE, true, false, INK, "chart-title"));

        // grey background: log frequency of each group's verdicts, scaled to the most frequent group
        long max = 0;
        for (long f : d.frequency()) {
            max = Math.max(max, f);
        }
        double[] bg = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double r = max == 0 ? 0 : Math.log1p(d.frequency()[i]) / Math.log1p(max);
            bg[2 * i] = x(i, n, r);
            bg[2 * i + 1] = y(i, n, r);
        }
        s.add(new Poly(bg, true, Style.fill(FREQ, 0.30), "freq", -1, "Log frequency of entity verdicts per group (largest: " + max + ")"));

        // rings and spokes
        for (int k = 1; k <= 5; k++) {
            double r = k / 5.0;
            double[] ring = new double[2 * n];
            for (int i = 0; i < n; i++) {
                ring[2 * i] = x(i, n, r);
                ring[2 * i + 1] = y(i, n, r);
            }
            s.add(new Poly(ring, true, Style.stroke(k == 5 ? "#a8a8a8" : GRID, k == 5 ? 1.0 : 0.7), "ring", -1, null));
        }
        for (int i = 0; i < n; i++) {
            s.add(new Line(CX, CY, x(i, n, 1), y(i, n, 1), Style.stroke(GRID, 0.7), "spoke"));
        }
        for (int k = 1; k <= 5; k++) {
            s.add(new Text(CX + 3, CY - k / 5.0 * R - 2, String.format(java.util.Locale.ROOT, "%.1f", k / 5.0), 9,
                    Anchor.START, false, false, "#8a8a8a", "ring-label"));
        }

        // axis labels
        for (int i = 0; i < n; i++) {
            axisLabel(s, i, n, d.axes().get(i), allMissing(d, i));
        }

        // one polygon per model
        for (int m = 0; m < d.series().size(); m++) {
            series(s, d.series().get(m), m, n);
        }
        for (int m = 0; m < d.series().size(); m++) {
            points(s, d.series().get(m), m, n);
        }

        double y = CY + R + LABEL_GAP + 2 * LINE_H + 24;
        y = legend(s, d, y);
        y = footnote(s, d, y, true);
        return s.withHeight((int) Math.ceil(y + 8));
    }

    private static boolean allMissing(ChartData d, int axis) {
        for (ChartData.Series ser : d.series()) {
            if (ser.values()[axis] != null) {
                return false;
            }
        }
        return true;
    }

    private static void series(Scene s, ChartData.Series ser, int m, int n) {
        String c = Palette.colour(m);
        boolean dashed = Palette.dashed(m);
        List<Integer> defined = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (ser.values()[i] != null) {
                defined.add(i);
            }
        }
        if (defined.isEmpty()) {
            return;
        }
        boolean complete = defined.size() == n;
        if (complete) {
            double[] xy = new double[2 * n];
            for (int i = 0; i < n; i++) {
                xy[2 * i] = x(i, n, ser.values()[i]);
                xy[2 * i + 1] = y(i, n, ser.values()[i]);
            }
            s.add(new Poly(xy, true, new Style(c, 0.10, c, 2, dashed), "series", m, ser.name()));
        } else {
            // no fill: an area drawn across a missing point would suggest a value that is not there
            // outline pieces over runs of consecutive defined axes, broken where a point is missing
            int start = 0;
            while (start < n && ser.values()[start] != null) {
                start++; // start after a gap so runs that wrap around axis 0 stay whole
            }
            List<double[]> run = new ArrayList<>();
            for (int k = 1; k <= n; k++) {
                int i = (start + k) % n;
                Double v = ser.values()[i];
                if (v != null) {
                    run.add(new double[]{x(i, n, v), y(i, n, v)});
                }
                if (v == null || k == n) {
                    if (run.size() >= 2) {
                        double[] xy = new double[2 * run.size()];
                        for (int j = 0; j < run.size(); j++) {
                            xy[2 * j] = run.get(j)[0];
                            xy[2 * j + 1] = run.get(j)[1];
                        }
                        s.add(new Poly(xy, false, Style.stroke(c, 2).dashed(dashed), "series-line", m, null));
                    }
                    run.clear();
                }
            }
        }
    }

    /** Markers after all lines, each model's a little smaller than the one before, so equal values stay visible. */
    private static void points(Scene s, ChartData.Series ser, int m, int n) {
        double r = Math.max(2.0, 4.2 - 0.6 * m);
        for (int i = 0; i < n; i++) {
            Double v = ser.values()[i];
            if (v != null) {
                s.add(new Circle(x(i, n, v), y(i, n, v), r, new Style(Palette.colour(m), 1, "#ffffff", 0.8, false), "point", m,
                        ser.tips()[i]));
            }
        }
    }

    private static void axisLabel(Scene s, int i, int n, String label, boolean noData) {
        double a = angle(i, n);
        double cos = Math.cos(a), sin = Math.sin(a);
        double lx = CX + (R + LABEL_GAP) * cos;
        double ly = CY + (R + LABEL_GAP) * sin;
        Anchor anchor = Math.abs(cos) < 0.2 ? Anchor.MIDDLE : cos > 0 ? Anchor.START : Anchor.END;
        List<String> lines = wrap(label, LABEL_WRAP);
        int k = lines.size();
        double first;
        if (sin < -0.5) {
            first = ly - 3 - (k - 1) * LINE_H;
        } else if (sin > 0.5) {
            first = ly + LABEL_SIZE - 1;
        } else {
            first = ly - (k - 1) * LINE_H / 2 + LABEL_SIZE / 2 - 1;
        }
        for (int j = 0; j < k; j++) {
            s.add(new Text(lx, first + j * LINE_H, lines.get(j), LABEL_SIZE, anchor, false, noData,
                    noData ? "#999999" : INK, "axis-label"));
        }
    }

    private static double legend(Scene s, ChartData d, double top) {
        double y = top;
        for (int m = 0; m < d.series().size(); m++) {
            ChartData.Series ser = d.series().get(m);
            String c = Palette.colour(m);
            s.add(new Rect(24, y - 10, 18, 11, new Style(c, 0.25, c, 1.6, Palette.dashed(m)), "legend-swatch", m, null));
            String name = ser.name().length() > 38 ? ser.name().substring(0, 37) + "\u2026" : ser.name();
            s.add(new Text(50, y, name, 12, Anchor.START, true, false, INK, "legend-name"));
            String macro = ser.macro() == null
                    ? d.macroLabel() + ": no data"
                    : d.macroLabel() + " " + Html.num3(ser.macro()) + " over " + ser.macroN() + " entit" + (ser.macroN() == 1 ? "y" : "ies");
            s.add(new Text(WIDTH - 24, y, macro, 12, Anchor.END, false, false, INK, "legend-macro"));
            s.add(new Rect(20, y - 14, WIDTH - 40, 19, new Style("#ffffff", 0.0, null, 0, false), "legend-hit", m,
                    ser.name() + " \u2014 click to show or hide"));
            y += 20;
        }
        if (d.series().isEmpty()) {
            s.add(new Text(CX, y, "No model has records.", 12, Anchor.MIDDLE, false, true, MUTED, null));
            y += 20;
        }
        return y;
    }

    private static double footnote(Scene s, ChartData d, double top, boolean radar) {
        double y = top + 6;
        if (radar) {
            s.add(new Text(24, y, "Grey area: log frequency of each group's entity verdicts (all models).", 10,
                    Anchor.START, false, false, MUTED, "footnote"));
            y += 14;
        }
        s.add(new Text(24, y, "No point: insufficient data (" + d.missingWhy() + ").", 10, Anchor.START, false, false,
                MUTED, "footnote"));
        return y + 4;
    }

    /** Horizontal bars, for one or two groups (a radar needs three axes to enclose an area). */
    private static Scene bars(ChartData d) {
        Scene s = new Scene(WIDTH, 1000, d.title());
        s.add(new Text(CX, 26, d.title(), 16, Anchor.MIDDLE, true, false, INK, "chart-title"));
        double y = 52;
        if (d.axes().isEmpty()) {
            s.add(new Text(CX, y + 10, "No display groups in the entity set.", 12, Anchor.MIDDLE, false, true, MUTED, null));
            return s.withHeight((int) y + 40);
        }
        double x0 = 180, x1 = WIDTH - 70;
        for (int k = 0; k <= 5; k++) {
            double gx = x0 + (x1 - x0) * k / 5.0;
            s.add(new Text(gx, y, String.format(java.util.Locale.ROOT, "%.1f", k / 5.0), 9, Anchor.MIDDLE, false, false,
                    "#8a8a8a", "ring-label"));
        }
        y += 8;
        double gridTop = y;
        int models = d.series().size();
        double rowH = Math.max(1, models) * 16 + 14;
        double gridBottom = y + rowH * d.axes().size();
        for (int k = 0; k <= 5; k++) {
            double gx = x0 + (x1 - x0) * k / 5.0;
            s.add(new Line(gx, gridTop, gx, gridBottom, Style.stroke(GRID, 0.7), "spoke"));
        }
        for (int i = 0; i < d.axes().size(); i++) {
            double rowTop = y + 7;
            List<String> lines = wrap(d.axes().get(i), 24);
            for (int j = 0; j < lines.size(); j++) {
                s.add(new Text(x0 - 8, rowTop + 11 + j * LINE_H, lines.get(j), LABEL_SIZE, Anchor.END, false, false, INK,
                        "axis-label"));
            }
            for (int m = 0; m < models; m++) {
                ChartData.Series ser = d.series().get(m);
                Double v = ser.values()[i];
                double by = rowTop + m * 16;
                if (v == null) {
                    s.add(new Text(x0 + 4, by + 10, "no data", 10, Anchor.START, false, true, MUTED, null));
                    continue;
                }
                String c = Palette.colour(m);
                s.add(new Rect(x0, by, Math.max(0.5, (x1 - x0) * v), 12, new Style(c, 0.55, c, 1, Palette.dashed(m)), "bar", m,
                        ser.tips()[i]));
                s.add(new Text(x0 + (x1 - x0) * v + 4, by + 10, Html.num3(v), 10, Anchor.START, false, false, INK, null));
            }
            y += rowH;
        }
        y = legend(s, d, gridBottom + 26);
        y = footnote(s, d, y, false);
        return s.withHeight((int) Math.ceil(y + 8));
    }

    /** Splits a label into lines of at most {@code max} characters at spaces (a long word stays whole). */
    static List<String> wrap(String label, int max) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String w : label.strip().split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + w.length() > max) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(w);
        }
        if (line.length() > 0 || out.isEmpty()) {
            out.add(line.toString());
        }
        if (out.size() > 3) {
            List<String> cut = new ArrayList<>(out.subList(0, 3));
            cut.set(2, cut.get(2) + "\u2026");
            return cut;
        }
        return out;
    }

    private static double angle(int i, int n) {
        return -Math.PI / 2 + 2 * Math.PI * i / n;
    }

    private static double x(int i, int n, double r) {
        return CX + R * r * Math.cos(angle(i, n));
    }

    private static double y(int i, int n, double r) {
        return CY + R * r * Math.sin(angle(i, n));
    }
}
