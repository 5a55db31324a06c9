package org.speccxr.io;

import org.speccxr.util.InputException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.speccxr.util.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a table of string fields from a CSV file with a header row (a {@code .tsv} file is read the same way, with
 * tabs) or a JSON Lines file (one object per line). Each row remembers where it came from so errors can point at
 * it; column names are matched case-insensitively ({@code ID} is {@code id}).
 */
public final class TableReader {
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();
    /** The file names {@link #open} reads. */
    public static final String FORMATS = ".csv, .tsv or .jsonl";

    private TableReader() {
    }

    /**
     * @param where   "row 3" or "line 7", for error messages
     * @param jsonTypes the JSON type ("number", "boolean", "null") of each JSON Lines field that was not a string,
     *                so a reader that wants text can refuse it rather than judge "42" or "null" as a report
     */
    public record Row(Map<String, String> fields, String where, Map<String, String> jsonTypes) {
        public Row(Map<String, String> fields, String where) {
            this(fields, where, Map.of());
        }

        /** The field's value, its name matched case-insensitively; null when absent. */
        public String get(String name) {
            String key = key(name);
            return key == null ? null : fields.get(key);
        }

        /** Whether the row has the field (any case). */
        public boolean has(String name) {
            return key(name) != null;
        }

        /** The JSON type of the field when it was not a JSON string, else null. */
        public String jsonTypeOf(String name) {
            String key = key(name);
            return key == null ? null : jsonTypes.get(key);
        }

        /** The field's name as the file spells it, or null. */
        public String key(String name) {
            if (fields.containsKey(name)) {
                return name;
            }
            for (String k : fields.keySet()) {
                if (k.equalsIgnoreCase(name)) {
                    return k;
                }
            }
            return null;
        }
    }

    /** Whether {@code columns} holds {@code name}, in any case. */
    public static boolean hasColumn(List<String> columns, String name) {
        return columns.stream().anyMatch(c -> c.equalsIgnoreCase(name));
    }

    public record Table(List<String> columns, List<Row> rows) {
    }

    /** Reads the whole table (for the small files: labels, human counts, report lists). */
    public static Table read(Path file, String what) {
        try (Rows rows = open(file, what)) {
            List<Row> all = new ArrayList<>();
            rows.forEachRemaining(all::add);
            return new Table(rows.columns(), all);
        }
    }

    /**
     * Streams the rows of a table, one at a time, so that a file of any size is read in constant memory. Errors are
     * one-line {@link InputException}s, thrown where the reading finds them.
     */
    public static Rows open(Path file, String what) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        // a missing, unreadable or empty file is named as such first, whatever its name
        BufferedReader in = TextFiles.openUtf8(file, what);
        if (!isTable(file)) {
            try {
                in.close();
            } catch (IOException ignored) {
                // only read so far
            }
            throw new InputException(what + " " + file + ": name must end in " + FORMATS);
        }
        if (name.endsWith(".csv") || name.endsWith(".tsv")) {
            return new CsvRows(in, file, what, name.endsWith(".tsv") ? '\t' : ',');
        }
        return new JsonlRows(in, file, what);
    }

    /** Whether {@link #open} reads this file (by its name). */
    public static boolean isTable(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".jsonl") || name.endsWith(".ndjson");
    }

    /** Rows read lazily; {@link #columns()} are those of the header (CSV) or those seen so far (JSON Lines). */
    public abstract static class Rows implements java.util.Iterator<Row>, AutoCloseable {
        final BufferedReader in;
        final Path file;
        final String what;
        final List<String> columns = new ArrayList<>();
        private Row next;

        Rows(BufferedReader in, Path file, String what) {
            this.in = in;
            this.file = file;
            this.what = what;
        }

        public List<String> columns() {
            return java.util.Collections.unmodifiableList(columns);
        }

        /** The next row, or null at the end. */
        abstract Row advance();

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = advance();
            }
            return next != null;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            Row r = next;
            next = null;
            return r;
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // reading is over; nothing was written
            }
        }
    }

    private static final class CsvRows extends Rows {
        private final MappingIterator<Map<String, String>> it;
        private int n = 1;

        CsvRows(BufferedReader in, Path file, String what, char separator) {
            super(in, file, what);
            try {
                it = CSV.readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader()
                        .withColumnSeparator(separator)).readValues(in);
                CsvSchema actual = (CsvSchema) it.getParserSchema();
                if (actual != null) {
                    actual.forEach(c -> columns.add(c.getName().trim()));
                }
            } catch (InputException e) {
                close();
                throw e;
            } catch (IOException | RuntimeException e) {
                close();
                throw invalid(e);
            }
            Map<String, String> unique = new java.util.HashMap<>();
            for (String c : columns) {
                String before = unique.putIfAbsent(c.toLowerCase(Locale.ROOT), c);
                if (before != null) {
                    close();
                    throw new InputException(what + " " + file + ": column '" + c + "' appears twice in the header"
                            + (before.equals(c) ? "" : " (as '" + before + "' too; names are matched in any case)"));
                }
            }
        }

        private InputException invalid(Exception e) {
            String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            return new InputException(what + " " + file + ": not a valid CSV file (" + oneLine(msg) + ")");
        }

        @Override
        Row advance() {
            try {
                if (!it.hasNextValue()) {
                    return null;
                }
                n++;
                Map<String, String> raw = it.nextValue();
                if (raw.size() < columns.size()) {
                    // A short row would silently read as empty text (an empty candidate scores as "wrote nothing").
                    throw new InputException(what + " " + file + " row " + n + ": " + raw.size() + " field(s) but the header has "
                            + columns.size() + " (quote cells that hold commas or line breaks)");
                }
                Map<String, String> fields = new LinkedHashMap<>();
                raw.forEach((k, v) -> fields.put(k.trim(), v));
                return new Row(fields, "row " + n);
            } catch (InputException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw invalid(e);
            }
        }
    }

    private static final class JsonlRows extends Rows {
        private int line;

        JsonlRows(BufferedReader in, Path file, String what) {
            super(in, file, what);
        }

        @Override
        Row advance() {
            String text;
            do {
                text = TextFiles.readLine(in);
                line++;
                if (text == null) {
                    return null;
                }
                text = text.strip();
            } while (text.isEmpty());
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                throw new InputException(what + " " + file + " line " + line + ": not valid JSON (" + oneLine(e.getOriginalMessage()) + ")");
            }
            if (node == null || !node.isObject()) {
                throw new InputException(what + " " + file + " line " + line + ": expected a JSON object");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            Map<String, String> types = new LinkedHashMap<>();
            var it = node.fields();
            while (it.hasNext()) {
                var f = it.next();
                JsonNode v = f.getValue();
                if (v.isNull()) {
                    fields.put(f.getKey(), null);
                    types.put(f.getKey(), "null");
                } else if (v.isValueNode()) {
                    fields.put(f.getKey(), v.asText());
                    if (!v.isTextual()) {
                        types.put(f.getKey(), v.isNumber() ? "number" : v.isBoolean() ? "boolean" : "binary");
                    }
                } else {
                    throw new InputException(what + " " + file + " line " + line + ": field '" + f.getKey() + "' must be a string");
                }
                if (!columns.contains(f.getKey())) {
                    columns.add(f.getKey());
                }
            }
            return new Row(fields, "line " + line, types.isEmpty() ? Map.of() : types);
        }
    }

    static String oneLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        s = s.replace('\r', ' ');
        int i = s.indexOf('\n');
        return (i < 0 ? s : s.substring(0, i)).strip();
    }
}
