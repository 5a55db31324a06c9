package org.speccxr.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import org.speccxr.util.InputException;
import org.speccxr.util.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Reads single reports keyed by id from the files report generators write: a CSV or TSV table with a header, JSON
 * Lines, a JSON dict ({@code {id: text}}, {@code {id: [text]}} or {@code {id: {"report": text, ...}}}), or a JSON list
 * of objects. The id is the column {@code id}, {@code study_id} or {@code uid} (the first present) unless one is named;
 * the text is {@code report} or {@code text} likewise. Reports are streamed (a JSON file through Jackson's token
 * parser, one entry at a time), so a file of any size is read in flat memory; only the ids seen are kept, to refuse a
 * repeated one.
 */
public final class ReportReader {
    public static final List<String> ID_COLUMNS = List.of("id", "study_id", "uid");
    public static final List<String> TEXT_COLUMNS = List.of("report", "text");
    /** The file names {@link #open} reads. */
    public static final String FORMATS = ".csv, .tsv, .jsonl or .json";

    private ReportReader() {
    }

    /** Which columns hold the id and the text; null means the usual names. */
    public record Columns(String id, String text) {
        public static final Columns DEFAULT = new Columns(null, null);

        List<String> ids() {
            return id == null ? ID_COLUMNS : List.of(id);
        }

        List<String> texts() {
            return text == null ? TEXT_COLUMNS : List.of(text);
        }
    }

    /** One report; {@code where} ("row 3", "line 7") points at it in error messages. */
    public record Report(String id, String text, String where) {
    }

    /** Whether {@link #open} reads this file (by its name). */
    public static boolean isReadable(Path file) {
        return TableReader.isTable(file) || file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /**
     * The reports of a file, read lazily and checked as they come (empty or repeated ids, a missing or non-string
     * text); iterate once, then close. {@code what} names the file in errors ("references file").
     */
    public static Reports open(Path file, String what, Columns columns) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            return new JsonReports(file, what, columns);
        }
        if (!TableReader.isTable(file)) {
            try (BufferedReader ignored = TextFiles.openUtf8(file, what)) {
                // opened only so that a missing or empty file is named as such first
            } catch (IOException ignored) {
                // only opened
            }
            throw new InputException(what + " " + file + ": name must end in " + FORMATS);
        }
        return new TableReports(file, what, columns);
    }

    /** All reports in memory: for small files and tests. */
    public static List<Report> read(Path file, String what, Columns columns) {
        try (Reports r = open(file, what, columns)) {
            List<Report> all = new ArrayList<>();
            r.forEach(all::add);
            return all;
        }
    }

    /** A single pass over a reports file. An empty file (no reports at all) is an error at the end of the pass. */
    public abstract static class Reports implements Iterable<Report>, AutoCloseable {
        final Path file;
        final String what;
        final Columns columns;
        private final Set<String> ids = new HashSet<>();
        private Report next;
        private boolean used;
        private boolean done;
        private long count;

        Reports(Path file, String what, Columns columns) {
            this.file = file;
            this.what = what;
            this.columns = columns;
        }

        /** The next report, unchecked for repeats, or null at the end. */
        abstract Report advance();

        /** How many reports have been read so far. */
        public long count() {
            return count;
        }

        @Override
        public Iterator<Report> iterator() {
            if (used) {
                throw new IllegalStateException("a reports file is read once; open it again");
            }
            used = true;
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    if (next == null && !done) {
                        next = advance();
                        if (next == null) {
                            done = true;
                            if (count == 0) {
                                throw new InputException(what + " " + file + " holds no reports");
                            }
                        } else {
                            if (!ids.add(next.id())) {
                                throw new InputException(what + " " + file + " " + next.where() + ": id '" + next.id()
                                        + "' appears twice (ids must be unique)");
                            }
                            count++;
                        }
                    }
                    return next != null;
                }

                @Override
                public Report next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Report r = next;
                    next = null;
                    return r;
                }
            };
        }

        @Override
        public abstract void close();

        String prefix(String where) {
            return what + " " + file + " " + where;
        }

        String id(String raw, String where) {
            if (raw == null || raw.isBlank()) {
                throw new InputException(prefix(where) + ": empty id (every report needs an id)");
            }
            return raw.strip();
        }

        String missingColumn(String kind, List<String> names, Iterable<String> found, String option) {
            List<String> quoted = names.stream().map(n -> "'" + n + "'").toList();
            return "missing column " + quoted.get(0) + (quoted.size() > 1 ? " (or " + String.join(" or ",
                    quoted.subList(1, quoted.size())) + ")" : "") + " for the " + kind + " (found: "
                    + String.join(", ", found) + "; name it with " + option + ")";
        }
    }

    /** CSV, TSV and JSON Lines, through {@link TableReader}. */
    private static final class TableReports extends Reports {
        private final TableReader.Rows rows;

        TableReports(Path file, String what, Columns columns) {
            super(file, what, columns);
            this.rows = TableReader.open(file, what);
        }

        @Override
        Report advance() {
            if (!rows.hasNext()) {
                return null;
            }
            TableReader.Row r = rows.next();
            String idKey = first(r, columns.ids());
            if (idKey == null) {
                throw new InputException(prefix(r.where()) + ": " + missingColumn("id", columns.ids(), r.fields().keySet(), "--id-column"));
            }
            String textKey = first(r, columns.texts());
            if (textKey == null) {
                throw new InputException(prefix(r.where()) + ": " + missingColumn("report text", columns.texts(), r.fields().keySet(), "--text-column"));
            }
            String idType = r.jsonTypeOf(idKey);
            if (idType != null && !(idType.equals("number") && PairReader.isInteger(r.get(idKey)))) {
                throw new InputException(prefix(r.where()) + ": field '" + idKey + "' is a JSON " + idType
                        + ", not a string or an integer");
            }
            String textType = r.jsonTypeOf(textKey);
            if (textType != null) {
                throw new InputException(prefix(r.where()) + ": field '" + textKey + "' is a JSON " + textType
                        + ", not a string (write \"\" for an empty report)");
            }
            return new Report(id(r.get(idKey), r.where()), r.get(textKey), r.where());
        }

        private static String first(TableReader.Row r, List<String> names) {
            for (String n : names) {
                String k = r.key(n);
                if (k != null) {
                    return k;
                }
            }
            return null;
        }

        @Override
        public void close() {
            rows.close();
        }
    }

    /** A JSON dict or list, one entry at a time through the token parser. */
    private static final class JsonReports extends Reports {
        private final BufferedReader in;
        private final JsonParser parser;
        private final boolean dict;

        JsonReports(Path file, String what, Columns columns) {
            super(file, what, columns);
            this.in = TextFiles.openUtf8(file, what);
            try {
                this.parser = Json.MAPPER.getFactory().createParser(in);
                JsonToken first = parser.nextToken();
                if (first == JsonToken.START_OBJECT) {
                    dict = true;
                } else if (first == JsonToken.START_ARRAY) {
                    dict = false;
                } else {
                    throw new InputException(what + " " + file + ": expected a JSON object {id: report, ...} or a"
                            + " list of objects [{\"id\": ..., \"report\": ...}, ...]");
                }
            } catch (InputException e) {
                close();
                throw e;
            } catch (IOException e) {
                close();
                throw invalid(e);
            }
        }

        private InputException invalid(IOException e) {
            String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            return new InputException(what + " " + file + " line " + line() + ": not valid JSON ("
                    + TableReader.oneLine(msg) + ")");
        }

        private int line() {
            return parser == null ? 1 : parser.currentTokenLocation().getLineNr();
        }

        @Override
        Report advance() {
            try {
                JsonToken t = parser.nextToken();
                if (t == null) {
                    throw new InputException(what + " " + file + ": the JSON ends early (unclosed " + (dict ? "{" : "[") + ")");
                }
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    if (parser.nextToken() != null) {
                        throw new InputException(what + " " + file + " line " + line() + ": more JSON after the end of the "
                                + (dict ? "object" : "list"));
                    }
                    return null;
                }
                return dict ? dictEntry() : listEntry();
            } catch (InputException e) {
                throw e;
            } catch (IOException e) {
                throw invalid(e);
            }
        }

        private Report dictEntry() throws IOException {
            String id = parser.currentName();
            String where = "line " + line() + " (id '" + id + "')";
            id = id(id, where);
            JsonToken v = parser.nextToken();
            if (v == JsonToken.VALUE_STRING) {
                return new Report(id, parser.getText(), where);
            }
            JsonNode node = parser.readValueAsTree();
            if (node != null && node.isArray()) {
                if (node.size() != 1 || !node.get(0).isTextual()) {
                    throw new InputException(prefix(where) + ": expected a list of one report text, got "
                            + (node.size() == 1 ? "a JSON " + typeOf(node.get(0)) : node.size() + " values"));
                }
                return new Report(id, node.get(0).asText(), where);
            }
            if (node != null && node.isObject()) {
                String key = firstField(node, columns.texts());
                if (key == null) {
                    throw new InputException(prefix(where) + ": " + missingColumn("report text", columns.texts(),
                            () -> node.fieldNames(), "--text-column"));
                }
                return new Report(id, text(node.get(key), key, where), where);
            }
            throw new InputException(prefix(where) + ": expected a report text, a list of one text or an object with a"
                    + " 'report' field, got a JSON " + typeOf(node));
        }

        private Report listEntry() throws IOException {
            String where = "line " + line();
            JsonNode node = parser.readValueAsTree();
            if (node == null || !node.isObject()) {
                throw new InputException(prefix(where) + ": expected an object {\"id\": ..., \"report\": ...}, got a JSON "
                        + typeOf(node));
            }
            String idKey = firstField(node, columns.ids());
            if (idKey == null) {
                throw new InputException(prefix(where) + ": " + missingColumn("id", columns.ids(), () -> node.fieldNames(), "--id-column"));
            }
            JsonNode idNode = node.get(idKey);
            if (!idNode.isTextual() && !idNode.isIntegralNumber()) {
                throw new InputException(prefix(where) + ": field '" + idKey + "' is a JSON " + typeOf(idNode)
                        + ", not a string or an integer");
            }
            String textKey = firstField(node, columns.texts());
            if (textKey == null) {
                throw new InputException(prefix(where) + ": " + missingColumn("report text", columns.texts(), () -> node.fieldNames(), "--text-column"));
            }
            return new Report(id(idNode.asText(), where), text(node.get(textKey), textKey, where), where);
        }

        private String text(JsonNode v, String key, String where) {
            if (!v.isTextual()) {
                throw new InputException(prefix(where) + ": field '" + key + "' is a JSON " + typeOf(v)
                        + ", not a string (write \"\" for an empty report)");
            }
            return v.asText();
        }

        private static String firstField(JsonNode node, List<String> names) {
            for (String n : names) {
                if (node.has(n)) {
                    return n;
                }
            }
            for (String n : names) {
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (k.equalsIgnoreCase(n)) {
                        return k;
                    }
                }
            }
            return null;
        }

        private static String typeOf(JsonNode n) {
            if (n == null || n.isNull()) {
                return "null";
            }
            return n.isTextual() ? "string" : n.isNumber() ? "number" : n.isBoolean() ? "boolean" : n.isArray() ? "list"
                    : n.isObject() ? "object" : n.getNodeType().name().toLowerCase(Locale.ROOT);
        }

        @Override
        public void close() {
            try {
                if (parser != null) {
                    parser.close();
                }
                in.close();
            } catch (IOException ignored) {
                // reading is over; nothing was written
            }
        }
    }
}
