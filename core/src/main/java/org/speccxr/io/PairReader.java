package org.speccxr.io;

import org.speccxr.judge.ReportPair;
import org.speccxr.util.Hashing;
import org.speccxr.util.InputException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Reads report pairs ({@code id, reference, candidate[, model]}; names in any case) from CSV, TSV or JSONL and checks
 * them. Large files are
 * read twice and never held: {@link #check} reads every row once before any work (a bad row stops the run at once,
 * not after hours of judging), then {@link #open} streams the pairs to the judge.
 */
public final class PairReader {
    private static final List<String> REQUIRED = List.of("id", "reference", "candidate");
    private static final List<String> TEXT_FIELDS = List.of("id", "reference", "candidate", "model");

    private PairReader() {
    }

    /** A checked pairs file: how many pairs it holds and its content hash (for the provenance). */
    public record PairFile(Path path, long pairs, String sha256) {
    }

    /** Reads and checks every row (columns, ids, duplicates), keeping only the keys; then hashes the file. */
    public static PairFile check(Path file) {
        long n = 0;
        try (TableReader.Rows rows = TableReader.open(file, "input file")) {
            Set<String> keys = new HashSet<>();
            while (rows.hasNext()) {
                toPair(rows.next(), rows, file, keys);
                n++;
            }
            if (n == 0) {
                requireColumns(rows, file);
                throw new InputException("input file " + file + " has a header but no pairs");
            }
        }
        try {
            return new PairFile(file, n, Hashing.sha256(file));
        } catch (IOException e) {
            throw new InputException("cannot read input file " + file + ": " + e.getMessage());
        }
    }

    /** All pairs in memory, checked: for small files and tests. */
    public static List<ReportPair> read(Path file) {
        List<ReportPair> pairs = new ArrayList<>();
        try (Pairs p = open(file)) {
            p.forEach(pairs::add);
        }
        if (pairs.isEmpty()) {
            check(file); // the one-line error for a file without pairs
        }
        return pairs;
    }

    /** The pairs, read lazily and checked as they come; iterate once, then close. */
    public static Pairs open(Path file) {
        return new Pairs(file);
    }

    /** A single pass over a pairs file. */
    public static final class Pairs implements PairStream {
        private final Path file;
        private final TableReader.Rows rows;
        private boolean used;

        private Pairs(Path file) {
            this.file = file;
            this.rows = TableReader.open(file, "input file");
        }

        @Override
        public Iterator<ReportPair> iterator() {
            if (used) {
                throw new IllegalStateException("a pairs file is read once; open it again");
            }
            used = true;
            Set<String> keys = new HashSet<>();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public ReportPair next() {
                    if (!rows.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return toPair(rows.next(), rows, file, keys);
                }
            };
        }

        @Override
        public void close() {
            rows.close();
        }
    }

    private static void requireColumns(TableReader.Rows rows, Path file) {
        for (String col : REQUIRED) {
            if (!TableReader.hasColumn(rows.columns(), col)) {
                throw new InputException("input file " + file + ": missing column '" + col + "' (found: "
                        + String.join(", ", rows.columns()) + "; need id, reference, candidate and optionally model)");
            }
        }
    }

    private static ReportPair toPair(TableReader.Row r, TableReader.Rows rows, Path file, Set<String> keys) {
        for (String col : REQUIRED) {
            if (!r.has(col)) {
                requireColumns(rows, file);
                throw new InputException("input file " + file + " " + r.where() + ": missing field '" + col + "'");
            }
        }
        for (String col : TEXT_FIELDS) {
            String type = r.jsonTypeOf(col);
            // an id may be a JSON integer; a report, a model name, must be a string, not a number or null judged as text
            if (type != null && !(col.equals("id") && type.equals("number") && isInteger(r.get(col)))) {
                throw new InputException("input file " + file + " " + r.where() + ": field '" + r.key(col)
                        + "' is a JSON " + type + ", not a string" + (col.equals("id") ? " or an integer"
                        : col.equals("model") ? "" : " (write \"\" for an empty report)"));
            }
        }
        String id = r.get("id");
        if (id == null || id.isBlank()) {
            throw new InputException("input file " + file + " " + r.where() + ": empty id (every pair needs an id)");
        }
        id = id.strip();
        ReportPair p = new ReportPair(id, strip(r.get("model")), r.get("reference"), r.get("candidate"));
        if (!keys.add(p.model() + "\u0000" + p.id())) {
            throw new InputException("input file " + file + " " + r.where() + ": duplicate pair id '" + id
                    + "' for model '" + p.model() + "' (id + model must be unique)");
        }
        return p;
    }

    static boolean isInteger(String s) {
        return s != null && s.matches("-?[0-9]+");
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

}
