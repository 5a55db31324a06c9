package org.speccxr.io;

import org.speccxr.util.InputException;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.speccxr.entity.EntitySet;
import org.speccxr.util.Json;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.VerdictRecord;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads and writes {@code evaluations.jsonl}: one {@link VerdictRecord} per line. */
public final class VerdictIO {
    private VerdictIO() {
    }

    public static List<VerdictRecord> read(Path file) {
        String text = TextFiles.readUtf8(file, "evaluations file");
        List<VerdictRecord> out = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = "evaluations file " + file + " line " + (i + 1);
            VerdictRecord r;
            try {
                r = Json.MAPPER.readValue(line, VerdictRecord.class);
            } catch (JsonMappingException e) {
                throw new InputException(where + ": not a verdict record (" + mappingProblem(e) + ")");
            } catch (JsonProcessingException e) {
                throw new InputException(where + ": not valid JSON (" + TableReader.oneLine(e.getOriginalMessage()) + ")");
            }
            if (r.id() == null || r.id().isBlank()) {
                throw new InputException(where + ": record has no id");
            }
            if (r.run() < 0) {
                throw new InputException(where + ": run must be 1 or more (got " + r.run() + ")");
            }
            if (r.run() == 0 || r.model() == null || r.model().isBlank()) {
                // a record without a run is run 1, and one without a model is the default model, as in the input
                r = r.withModelAndRun(r.model() == null || r.model().isBlank() ? "candidate" : r.model(),
                        r.run() == 0 ? 1 : r.run());
            }
            if (!keys.add(r.model() + "\u0000" + r.id() + "\u0000" + r.run())) {
                throw new InputException(where + ": a second record for id '" + r.id() + "', model '" + r.model()
                        + "', run " + r.run() + " (id + model + run must be unique)");
            }
            out.add(r);
        }
        if (out.isEmpty()) {
            throw new InputException("evaluations file " + file + " holds no records");
        }
        return out;
    }

    /** A mapping error in words a user can act on: which field, and what is wrong with it, without Java class names. */
    static String mappingProblem(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        Throwable cause = e.getCause();
        String reason;
        if (cause instanceof IllegalArgumentException iae && iae.getMessage() != null) {
            reason = iae.getMessage();
        } else if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Missing required creator property")) {
            reason = "missing field";
        } else if (cause instanceof NullPointerException || (e.getOriginalMessage() != null && e.getOriginalMessage().contains("NullPointerException"))) {
            reason = "a value is missing or null";
        } else {
            reason = "wrong type of value";
        }
        return (path.length() == 0 ? "" : "field '" + path + "': ") + TableReader.oneLine(reason);
    }

    /**
     * Checks records against the entity set they are scored with. Entries naming entities outside the set would be
     * dropped by the normaliser; when some are, a warning says how many; when all are, it is an error, since the
     * records were plainly judged with another set.
     */
    public static void checkEntities(List<VerdictRecord> records, EntitySet set, String file, java.io.PrintStream warnings) {
        long total = 0, unknown = 0;
        java.util.TreeSet<String> examples = new java.util.TreeSet<>();
        for (VerdictRecord r : records) {
            for (EntityVerdict v : r.entities()) {
                total++;
                if (!set.contains(v.entity())) {
                    unknown++;
                    if (examples.size() < 3) {
                        examples.add(v.entity());
                    }
                }
            }
        }
        if (unknown == 0) {
            return;
        }
        String what = unknown + " of " + total + " verdict entries in " + file + " name entities not in the entity set "
                + set.source() + " (e.g. " + String.join(", ", examples) + ")";
        if (unknown == total) {
            throw new InputException(what + "; were they judged with another set? Pass it with --entities");
        }
        warnings.println("spec-cxr: warning: " + what + "; they are left out of the scores");
    }

    public static String toLine(VerdictRecord r) {
        try {
            return Json.MAPPER.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void write(Path file, List<VerdictRecord> records) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (VerdictRecord r : records) {
                w.write(toLine(r));
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
