package org.speccxr.output.html;

import java.util.Locale;

/** Escaping and number formatting shared by the page and chart writers. */
public final class Html {
    private Html() {
    }

    /** HTML/XML-escapes text for element content and (quoted) attribute values. Null becomes "". */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> c < 0x20 && c != '\n' && c != '\t' && c != '\r' ? "\uFFFD" : null;
            };
            if (rep != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (rep != null) {
                    sb.append(rep);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    /**
     * Makes JSON safe inside {@code <script type="application/json">}: '<', '>' and '&' (which only occur inside
     * JSON strings) become \\u escapes, so "</script>" and "<!--" cannot end or change the block; U+2028/2029 too.
     */
    public static String scriptSafeJson(String json) {
        StringBuilder sb = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> sb.append("\\u003c");
                case '>' -> sb.append("\\u003e");
                case '&' -> sb.append("\\u0026");
                case '\u2028' -> sb.append("\\u2028");
                case '\u2029' -> sb.append("\\u2029");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A metric in [0, 1] with 3 decimals, or an en dash when undefined. */
    public static String num3(Double d) {
        return d == null || d.isNaN() ? "\u2013" : String.format(Locale.ROOT, "%.3f", d);
    }

    /** A confidence interval as small grey text, or nothing when there is none. */
    public static String ci(org.speccxr.score.Interval i, int decimals) {
        if (i == null) {
            return "";
        }
        String f = "%." + decimals + "f";
        return "<small class=\"ci\" title=\"95% bootstrap interval over references\"> ["
                + String.format(Locale.ROOT, f, i.lo()) + ", " + String.format(Locale.ROOT, f, i.hi()) + "]</small>";
    }

    public static String num2(double d) {
        return Double.isNaN(d) ? "\u2013" : String.format(Locale.ROOT, "%.2f", d);
    }

    /** Coordinates: at most one decimal, no trailing ".0", never "-0". */
    public static String coord(double d) {
        long tenths = Math.round(d * 10);
        if (tenths == 0) {
            return "0";
        }
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : String.format(Locale.ROOT, "%.1f", tenths / 10.0);
    }

    /** An integer with thousands separators (1,234). */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A value for a {@code data-v} sort attribute: the number, or "" when undefined. */
    public static String sortValue(Double d) {
        return d == null || d.isNaN() ? "" : String.format(Locale.ROOT, "%.6f", d);
    }
}
