package org.speccxr.cli;

import org.speccxr.util.InputException;
import org.speccxr.io.TableReader;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads single reports for coverage and qualify: a table with {@code id} and {@code report}, or a pairs file whose
 * {@code reference} column is used (each reference once), or any column named with {@code --column}. Candidates of
 * several models share ids, so a non-reference column in a file with a {@code model} column is keyed id/model.
 */
final class ReportInput {
    private ReportInput() {
    }

    static Map<String, String> read(Path input, String column) {
        TableReader.Table t = TableReader.read(input, "input file");
        String col = column;
        if (col == null) {
            col = t.columns().contains("report") ? "report" : t.columns().contains("reference") ? "reference" : null;
            if (col == null) {
                throw new InputException("input file " + input + ": no 'report' or 'reference' column (found: "
                        + String.join(", ", t.columns()) + "); name one with --column");
            }
        } else if (!t.columns().contains(col)) {
            throw new InputException("input file " + input + ": no column '" + col + "' (found: " + String.join(", ", t.columns()) + ")");
        }
        if (!t.columns().contains("id")) {
            throw new InputException("input file " + input + ": missing column 'id' (found: " + String.join(", ", t.columns()) + ")");
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean pairs = "reference".equals(col);
        boolean perModel = !pairs && t.columns().contains("model");
        for (TableReader.Row r : t.rows()) {
            String id = r.get("id");
            if (id == null || id.isBlank()) {
                throw new InputException("input file " + input + " " + r.where() + ": empty id");
            }
            id = id.strip();
            if (perModel && r.get("model") != null && !r.get("model").isBlank()) {
                id = id + "/" + r.get("model").strip();
            }
            String text = r.get(col);
            String prev = out.putIfAbsent(id, text == null ? "" : text);
            if (prev != null && !pairs && !prev.equals(text)) {
                throw new InputException("input file " + input + " " + r.where() + ": duplicate id '" + id + "'");
            }
        }
        if (out.isEmpty()) {
            throw new InputException("input file " + input + " has a header but no reports");
        }
        return out;
    }
}
