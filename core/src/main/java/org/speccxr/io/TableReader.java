package org.speccxr.io;

import org.speccxr.util.InputException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.speccxr.util.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a table of string fields from a CSV file with a header row or a JSON Lines file (one object per line).
 * Each row remembers where it came from so errors can point at it.
 */
public final class TableReader {
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();

    private TableReader() {
    }

    /** @param where "row 3" or "line 7", for error messages */
    public record Row(Map<String, String> fields, String where) {
        public String get(String name) {
            return fields.get(name);
        }
    }

    public record Table(List<String> columns, List<Row> rows) {
    }

    public static Table read(Path file, String what) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String text = TextFiles.readUtf8(file, what);
        if (name.endsWith(".csv")) {
            return readCsv(text, file, what);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return readJsonl(text, file, what);
        }
        throw new InputException(what + " " + file + ": name must end in .csv or .jsonl");
    }

    static Table readCsv(String text, Path file, String what) {
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        List<Row> rows = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = CSV.readerForMapOf(String.class).with(schema).readValues(text)) {
            CsvSchema actual = (CsvSchema) it.getParserSchema();
            if (actual != null) {
                actual.forEach(c -> columns.add(c.getName().trim()));
            }
            java.util.Set<String> unique = new java.util.HashSet<>();
            for (String c : columns) {
                if (!unique.add(c)) {
                    throw new InputException(what + " " + file + ": column '" + c + "' appears twice in the header");
                }
            }
            int n = 1;
            while (it.hasNextValue()) {
                n++;
                Map<String, String> raw = it.nextValue();
                if (raw.size() < columns.size()) {
                    // A short row would silently read as empty text (an empty candidate scores as "wrote nothing").
                    throw new InputException(what + " " + file + " row " + n + ": " + raw.size() + " field(s) but the header has "
                            + columns.size() + " (quote cells that hold commas or line breaks)");
                }
                Map<String, String> fields = new LinkedHashMap<>();
                raw.forEach((k, v) -> fields.put(k.trim(), v));
                rows.add(new Row(fields, "row " + n));
            }
        } catch (InputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new InputException(what + " " + file + ": not a valid CSV file (" + oneLine(msg) + ")");
        }
        return new Table(columns, rows);
    }

    static Table readJsonl(String text, Path file, String what) {
        List<Row> rows = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                throw new InputException(what + " " + file + " line " + (i + 1) + ": not valid JSON (" + oneLine(e.getOriginalMessage()) + ")");
            }
            if (node == null || !node.isObject()) {
                throw new InputException(what + " " + file + " line " + (i + 1) + ": expected a JSON object");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            var it = node.fields();
            while (it.hasNext()) {
                var f = it.next();
                JsonNode v = f.getValue();
                if (v.isNull()) {
                    fields.put(f.getKey(), null);
                } else if (v.isValueNode()) {
                    fields.put(f.getKey(), v.asText());
                } else {
                    throw new InputException(what + " " + file + " line " + (i + 1) + ": field '" + f.getKey() + "' must be a string");
                }
                if (!columns.contains(f.getKey())) {
                    columns.add(f.getKey());
                }
            }
            rows.add(new Row(fields, "line " + (i + 1)));
        }
        return new Table(columns, rows);
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
