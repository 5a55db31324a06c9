package org.speccxr.util;

import java.util.List;
import java.util.Locale;

/** Minimal RFC 4180 CSV writing (quoting only where needed) and number formatting for score files. */
public final class Csv {
    private Csv() {
    }

    public static String row(List<?> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(cell(cells.get(i)));
        }
        return sb.append('\n').toString();
    }

    public static String cell(Object o) {
        if (o == null) {
            return "";
        }
        String s = o instanceof Double d ? num(d) : o.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** Four decimals; empty for undefined (null or NaN). */
    public static String num(Double d) {
        if (d == null || d.isNaN()) {
            return "";
        }
        return String.format(Locale.ROOT, "%.4f", d);
    }
}
