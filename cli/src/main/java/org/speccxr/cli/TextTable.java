package org.speccxr.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table for stdout: the first column left-aligned, the others right-aligned. */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] left;

    TextTable(String... header) {
        rows.add(header);
        left = new boolean[header.length];
        left[0] = true;
    }

    TextTable leftAlign(int column) {
        left[column] = true;
        return this;
    }

    TextTable add(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = cells[i] == null ? "" : cells[i].toString();
        }
        rows.add(r);
        return this;
    }

    int size() {
        return rows.size() - 1;
    }

    String render() {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols && i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                String c = i < r.length ? r[i] : "";
                if (i > 0) {
                    line.append("  ");
                }
                String pad = " ".repeat(w[i] - c.length());
                line.append(left[i] ? c + pad : pad + c);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
