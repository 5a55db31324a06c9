package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import org.speccxr.util.InputException;

import java.util.Iterator;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The top level the bundled, dated YAML tables share (the model table, the price table): known keys only, an optional
 * {@code date: YYYY-MM-DD}, and a list of rows. Each table reads its own rows; this keeps their frame one.
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

    /** The list of rows under {@code key}. */
    static JsonNode rows(JsonNode root, String key, String source, BiFunction<String, String, InputException> bad) {
        JsonNode rows = root.path(key);
        if (!rows.isArray()) {
            throw bad.apply(source, "'" + key + "' must be a list of rows");
        }
        return rows;
    }
}
