package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import org.speccxr.util.InputException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The top level the bundled, dated YAML tables share (the model table, the price table): known keys only, an optional
 * {@code date: YYYY-MM-DD}, and a list of rows, each a mapping of known keys. Each table reads its own row's values;
 * this keeps their frame, and the readers of a text value, one.
 */
final class DatedTable {
    private DatedTable() {
    }

    /** Refuses a key not in {@code known}; {@code knownText} lists them for the message. */
    static void onlyKeys(JsonNode root, Set<String> known, String knownText, String source,
                         BiFunction<String, String, InputException> bad) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw bad.apply(source, "unknown key '" + k + "' (known: " + knownText + ")");
            }
        }
    }

    /** The table's date, or null when it has none; {@code meaning} ends the message for a malformed one. */
    static String date(JsonNode root, String meaning, String source, BiFunction<String, String, InputException> bad) {
        if (!root.has("date")) {
            return null;
        }
        String date = root.get("date").asText();
        if (!date.matches("\\d{4}-\\d{2}-\\d{2}")) {
            throw bad.apply(source, "date must be YYYY-MM-DD" + meaning + " (got '" + date + "')");
        }
        return date;
    }

    /** The rows under {@code key}, each read by {@code row} with where it stands ({@code source: row N}). */
    static <R> List<R> rows(JsonNode root, String key, String source, BiFunction<JsonNode, String, R> row,
                            BiFunction<String, String, InputException> bad) {
        JsonNode rows = root.path(key);
        if (!rows.isArray()) {
            throw bad.apply(source, "'" + key + "' must be a list of rows");
        }
        List<R> out = new ArrayList<>();
        int n = 0;
        for (JsonNode r : rows) {
            n++;
            out.add(row.apply(r, source + ": row " + n));
        }
        return List.copyOf(out);
    }

    /** Refuses a row that is not a mapping, or has a key not in {@code known}. */
    static void rowKeys(JsonNode row, List<String> known, String where, BiFunction<String, String, InputException> bad) {
        if (!row.isObject()) {
            throw bad.apply(where, "a row must be a mapping of keys (" + String.join(", ", known) + ")");
        }
        onlyKeys(row, Set.copyOf(known), String.join(", ", known), where, bad);
    }

    /** A row's text value, stripped; null when absent or null, refused when blank or not text. */
    static String text(JsonNode row, String key, String where, BiFunction<String, String, InputException> bad) {
        JsonNode v = row.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw bad.apply(where, key + " must be a non-empty string (got '" + v.asText() + "')");
        }
        return v.asText().strip();
    }
}
