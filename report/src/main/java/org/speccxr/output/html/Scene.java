package org.speccxr.output.html;

import java.util.ArrayList;
import java.util.List;

/**
 * A chart as a flat list of drawing primitives in pixel coordinates. The same scene is written as SVG (inline in
 * the page and as a standalone file) and painted with Java2D for PNG, so the two never drift apart.
 * Primitives are drawn in list order. Colours are "#rrggbb" strings.
 */
public final class Scene {
    /** Text alignment relative to the anchor point (SVG {@code text-anchor}). */
    public enum Anchor {
        START("start"), MIDDLE("middle"), END("end");

        final String svg;

        Anchor(String svg) {
            this.svg = svg;
        }
    }

    /** Stroke and fill of a shape; {@code fill == null} means no fill, {@code stroke == null} no outline. */
    public record Style(String fill, double fillOpacity, String stroke, double strokeWidth, boolean dashed) {
        public static Style stroke(String colour, double width) {
            return new Style(null, 1, colour, width, false);
        }

        public static Style fill(String colour, double opacity) {
            return new Style(colour, opacity, null, 0, false);
        }

        public Style dashed(boolean d) {
            return new Style(fill, fillOpacity, stroke, strokeWidth, d);
        }
    }

    /**
     * One primitive. {@code cls} is an optional CSS class for the page's styles and scripts (ignored in PNG);
     * {@code series} is the model index it belongs to, or -1; {@code tip} an optional tooltip.
     */
    public sealed interface Shape permits Poly, Circle, Line, Text, Rect {
    }

    /** A polygon ({@code closed}) or polyline through {@code xy} = x0, y0, x1, y1, ... */
    public record Poly(double[] xy, boolean closed, Style style, String cls, int series, String tip) implements Shape {
    }

    public record Circle(double cx, double cy, double r, Style style, String cls, int series, String tip) implements Shape {
    }

    public record Line(double x1, double y1, double x2, double y2, Style style, String cls) implements Shape {
    }

    public record Text(double x, double y, String text, double size, Anchor anchor, boolean bold, boolean italic,
                       String colour, String cls) implements Shape {
    }

    public record Rect(double x, double y, double w, double h, Style style, String cls, int series, String tip)
            implements Shape {
    }

    private final int width;
    private final int height;
    private final String title;
    private final List<Shape> shapes = new ArrayList<>();

    /** @param title the chart's accessible name (SVG {@code <title>}) */
    public Scene(int width, int height, String title) {
        this.width = width;
        this.height = height;
        this.title = title;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public String title() {
        return title;
    }

    public List<Shape> shapes() {
        return shapes;
    }

    public Scene add(Shape s) {
        shapes.add(s);
        return this;
    }

    /** A copy of this scene with a new height (content kept). */
    public Scene withHeight(int newHeight) {
        Scene s = new Scene(width, newHeight, title);
        s.shapes.addAll(shapes);
        return s;
    }
}
