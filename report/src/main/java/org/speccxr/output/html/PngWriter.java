package org.speccxr.output.html;

import org.speccxr.output.html.Scene.Circle;
import org.speccxr.output.html.Scene.Line;
import org.speccxr.output.html.Scene.Poly;
import org.speccxr.output.html.Scene.Rect;
import org.speccxr.output.html.Scene.Shape;
import org.speccxr.output.html.Scene.Style;
import org.speccxr.output.html.Scene.Text;

import javax.imageio.ImageIO;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Paints a {@link Scene} with Java2D (the same geometry as the SVG) and encodes it as PNG. */
public final class PngWriter {
    private PngWriter() {
    }

    /** @param scale pixels per scene unit (2 gives a crisp image for slides) */
    public static BufferedImage paint(Scene s, double scale) {
        int w = (int) Math.ceil(s.width() * scale);
        int h = (int) Math.ceil(s.height() * scale);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.scale(scale, scale);
            for (Shape sh : s.shapes()) {
                draw(g, sh);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    public static byte[] png(Scene s, double scale) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(paint(s, scale), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void draw(Graphics2D g, Shape sh) {
        if (sh instanceof Poly p) {
            Path2D.Double path = new Path2D.Double();
            double[] xy = p.xy();
            if (xy.length < 2) {
                return;
            }
            path.moveTo(xy[0], xy[1]);
            for (int i = 2; i < xy.length; i += 2) {
                path.lineTo(xy[i], xy[i + 1]);
            }
            if (p.closed()) {
                path.closePath();
            }
            paintShape(g, path, p.style(), p.closed());
        } else if (sh instanceof Circle c) {
            paintShape(g, new Ellipse2D.Double(c.cx() - c.r(), c.cy() - c.r(), 2 * c.r(), 2 * c.r()), c.style(), true);
        } else if (sh instanceof Line l) {
            paintShape(g, new Line2D.Double(l.x1(), l.y1(), l.x2(), l.y2()), l.style(), false);
        } else if (sh instanceof Rect r) {
            paintShape(g, new Rectangle2D.Double(r.x(), r.y(), r.w(), r.h()), r.style(), true);
        } else if (sh instanceof Text t) {
            int style = (t.bold() ? Font.BOLD : 0) | (t.italic() ? Font.ITALIC : 0);
            Font f = font(style, t.size());
            g.setFont(f);
            g.setColor(colour(t.colour()));
            FontMetrics fm = g.getFontMetrics(f);
            double w = fm.getStringBounds(t.text(), g).getWidth();
            double x = switch (t.anchor()) {
                case START -> t.x();
                case MIDDLE -> t.x() - w / 2;
                case END -> t.x() - w;
            };
            g.drawString(t.text(), (float) x, (float) t.y());
        }
    }

    private static Font font(int style, double size) {
        Font base = new Font("DejaVu Sans", style, 12);
        if (!"DejaVu Sans".equalsIgnoreCase(base.getFamily())) {
            base = new Font(Font.SANS_SERIF, style, 12);
        }
        return base.deriveFont(style, (float) size);
    }

    private static void paintShape(Graphics2D g, java.awt.Shape shape, Style st, boolean fillable) {
        if (fillable && st.fill() != null) {
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) Math.max(0, Math.min(1, st.fillOpacity()))));
            g.setColor(colour(st.fill()));
            g.fill(shape);
            g.setComposite(AlphaComposite.SrcOver);
        }
        if (st.stroke() != null && st.strokeWidth() > 0) {
            g.setColor(colour(st.stroke()));
            g.setStroke(st.dashed()
                    ? new BasicStroke((float) st.strokeWidth(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[]{5f, 3f}, 0f)
                    : new BasicStroke((float) st.strokeWidth(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(shape);
        }
    }

    private static Color colour(String hex) {
        return new Color(Integer.parseInt(hex.substring(1), 16));
    }
}
