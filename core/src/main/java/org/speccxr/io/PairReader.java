package org.speccxr.io;

import org.speccxr.util.InputException;

import org.speccxr.judge.ReportPair;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads report pairs ({@code id, reference, candidate[, model]}) from CSV or JSONL and checks them. */
public final class PairReader {
    private PairReader() {
    }

    public static List<ReportPair> read(Path file) {
        TableReader.Table t = TableReader.read(file, "input file");
        for (String col : List.of("id", "reference", "candidate")) {
            if (!t.columns().contains(col) && t.rows().stream().noneMatch(r -> r.fields().containsKey(col))) {
                throw new InputException("input file " + file + ": missing column '" + col + "' (found: "
                        + String.join(", ", t.columns()) + "; need id, reference, candidate and optionally model)");
            }
        }
        if (t.rows().isEmpty()) {
            throw new InputException("input file " + file + " has a header but no pairs");
        }
        List<ReportPair> pairs = new ArrayList<>(t.rows().size());
        Set<String> keys = new HashSet<>();
        for (TableReader.Row r : t.rows()) {
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
            pairs.add(p);
        }
        return pairs;
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }
}
