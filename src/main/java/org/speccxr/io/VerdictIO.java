package org.speccxr.io;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.speccxr.util.Json;
import org.speccxr.verdict.VerdictRecord;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes {@code evaluations.jsonl}: one {@link VerdictRecord} per line. */
public final class VerdictIO {
    private VerdictIO() {
    }

    public static List<VerdictRecord> read(Path file) {
        String text = TextFiles.readUtf8(file, "evaluations file");
        List<VerdictRecord> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                VerdictRecord r = Json.MAPPER.readValue(line, VerdictRecord.class);
                if (r.id() == null || r.id().isBlank()) {
                    throw new InputException("evaluations file " + file + " line " + (i + 1) + ": record has no id");
                }
                if (r.model() == null || r.model().isBlank()) {
                    r = new VerdictRecord(r.id(), "candidate", r.run(), r.judge(), r.entities(), r.errorCount(), r.warnings());
                }
                out.add(r);
            } catch (JsonMappingException e) {
                Throwable root = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
                String msg = root == e ? e.getOriginalMessage() : root.getMessage();
                throw new InputException("evaluations file " + file + " line " + (i + 1) + ": not a verdict record (" + TableReader.oneLine(msg) + ")");
            } catch (JsonProcessingException e) {
                throw new InputException("evaluations file " + file + " line " + (i + 1) + ": not valid JSON (" + TableReader.oneLine(e.getOriginalMessage()) + ")");
            }
        }
        if (out.isEmpty()) {
            throw new InputException("evaluations file " + file + " holds no records");
        }
        return out;
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
