package org.speccxr.output.html;

import org.speccxr.output.html.Scene.Circle;
import org.speccxr.output.html.Scene.Line;
import org.speccxr.output.html.Scene.Poly;
import org.speccxr.output.html.Scene.Rect;
import org.speccxr.output.html.Scene.Shape;
import org.speccxr.output.html.Scene.Style;
import org.speccxr.output.html.Scene.Text;

import java.util.Locale;

import static org.speccxr.output.html.Html.coord;
import static org.speccxr.output.html.Html.esc;

/** Writes a {@link Scene} as SVG with real text. Deterministic: the same scene always gives the same bytes. */
public final class SvgWriter {
    /** Font stack; DejaVu Sans is what the PNG writer uses on the build machines. */
    public static final String FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";

    private SvgWriter() {
    }

    /** A standalone .svg file (XML declaration, fixed pixel size). */
    public static String standalone(Scene s) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg(s, false) + "\n";
    }

    /** An {@code <svg>} element for inline use in HTML (scales to its container). */
    public static String inline(Scene s) {
        return svg(s, true);
    }

    private static String svg(Scene s, boolean inline) {
        StringBuilder b = new StringBuilder(8192);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(s.width()).append(' ').append(s.height())
                .append('"');
        if (inline) {
            b.append(" class=\"chart\"");
        } else {
            b.append(" width=\"").append(s.width()).append("\" height=\"").append(s.height()).append('"');
        }
        b.append(" role=\"img\" aria-label=\"").append(esc(s.title())).append("\" font-family=\"").append(FONT).append("\">");
        b.append("<title>").append(esc(s.title())).append("</title>");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        for (Shape sh : s.shapes()) {
            b.append('\n');
            shape(b, sh);
        }
        return b.append("\n</svg>").toString();
    }

    private static void shape(StringBuilder b, Shape sh) {
        if (sh instanceof Poly p) {
            b.append(p.closed() ? "<polygon" : "<polyline");
            attrs(b, p.cls(), p.series());
            b.append(" points=\"");
            for (int i = 0; i < p.xy().length; i += 2) {
                if (i > 0) {
                    b.append(' ');
                }
                b.append(coord(p.xy()[i])).append(',').append(coord(p.xy()[i + 1]));
            }
            b.append('"');
            style(b, p.style());
            close(b, p.closed() ? "polygon" : "polyline", p.tip());
        } else if (sh instanceof Circle c) {
            b.append("<circle");
            attrs(b, c.cls(), c.series());
            b.append(" cx=\"").append(coord(c.cx())).append("\" cy=\"").append(coord(c.cy())).append("\" r=\"")
                    .append(coord(c.r())).append('"');
            style(b, c.style());
            close(b, "circle", c.tip());
        } else if (sh instanceof Line l) {
            b.append("<line");
            attrs(b, l.cls(), -1);
            b.append(" x1=\"").append(coord(l.x1())).append("\" y1=\"").append(coord(l.y1())).append("\" x2=\"")
                    .append(coord(l.x2())).append("\" y2=\"").append(coord(l.y2())).append('"');
            style(b, l.style());
            b.append("/>");
        } else if (sh instanceof Rect r) {
            b.append("<rect");
            attrs(b, r.cls(), r.series());
            b.append(" x=\"").append(coord(r.x())).append("\" y=\"").append(coord(r.y())).append("\" width=\"")
                    .append(coord(r.w())).append("\" height=\"").append(coord(r.h())).append('"');
            style(b, r.style());
            close(b, "rect", r.tip());
        } else if (sh instanceof Text t) {
            b.append("<text");
            attrs(b, t.cls(), -1);
            b.append(" x=\"").append(coord(t.x())).append("\" y=\"").append(coord(t.y())).append("\" font-size=\"")
                    .append(coord(t.size())).append('"');
            if (t.anchor() != Scene.Anchor.START) {
                b.append(" text-anchor=\"").append(t.anchor().svg).append('"');
            }
            if (t.bold()) {
                b.append(" font-weight=\"bold\"");
            }
            if (t.italic()) {
                b.append(" font-style=\"italic\"");
            }
            b.append(" fill=\"").append(t.colour()).append("\">").append(esc(t.text())).append("</text>");
        }
    }

    private static void attrs(StringBuilder b, String cls, int series) {
        if (cls != null) {
            b.append(" class=\"").append(esc(cls)).append('"');
        }
        if (series >= 0) {
            b.append(" data-series=\"").append(series).append('"');
        }
    }

    private static void style(StringBuilder b, Style st) {
        b.append(" fill=\"").append(st.fill() == null ? "none" : st.fill()).append('"');
        if (st.fill() != null && st.fillOpacity() < 1) {
            b.append(" fill-opacity=\"").append(String.format(Locale.ROOT, "%.2f", st.fillOpacity())).append('"');
        }
        if (st.stroke() != null) {
            b.append(" stroke=\"").append(st.stroke()).append("\" stroke-width=\"").append(coord(st.strokeWidth())).append('"');
            if (st.dashed()) {
                b.append(" stroke-dasharray=\"5,3\"");
            }
            b.append(" stroke-linejoin=\"round\"");
        }
    }

    private static void close(StringBuilder b, String tag, String tip) {
        if (tip == null) {
            b.append("/>");
        } else {
            b.append("><title>").append(esc(tip)).append("</title></").append(tag).append('>');
        }
    }
}
