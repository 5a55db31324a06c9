package org.speccxr.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.util.InputException;
import org.speccxr.io.VerdictIO;
import org.speccxr.run.Failure;
import org.speccxr.run.Provenance;
import org.speccxr.score.Scores;
import org.speccxr.judge.TokenUsage;
import org.speccxr.util.Json;
import org.speccxr.verdict.VerdictRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes output files: each to a temporary name, then moved into place, so a crash never leaves a half-written file
 * behind. An evaluation's files are written by {@link EvaluationWriter}.
 */
public final class OutputWriter {
    private OutputWriter() {
    }

    /** Extra information for summary.json beyond the scores. */
    public record RunInfo(long failures, TokenUsage usage, long calls, long cacheHits, long elapsedMillis) {
        public static RunInfo none() {
            return new RunInfo(0, TokenUsage.NONE, 0, 0, 0);
        }
    }

    /** Creates the output directory and checks it can be written, before any work is done that would be lost. */
    public static Path prepare(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InputException("output path " + dir + " exists and is not a directory");
        }
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".spec-cxr-", ".tmp");
            Files.delete(probe);
            return dir;
        } catch (IOException e) {
            throw new InputException("cannot write into output directory " + dir + " (" + reason(e) + ")");
        }
    }

    /** An I/O failure in words: the JDK's messages for these are often just the path. */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * summary.json. {@code scoring} (null for evaluate) says how a later {@code score} run re-scored the records,
     * beside the provenance it carried over from the file unchanged.
     */
    static String summary(Scores scores, Provenance prov, ObjectNode scoring, RunInfo info, long records) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.set("provenance", Json.MAPPER.valueToTree(prov));
        if (scoring != null) {
            root.set("scoring", scoring);
        }
        root.put("records", records);
        root.put("failures", info.failures());
        ObjectNode usage = root.putObject("usage");
        usage.put("calls", info.calls()).put("cache_hits", info.cacheHits())
                .put("input_tokens", info.usage().input()).put("output_tokens", info.usage().output())
                .put("cached_input_tokens", info.usage().cachedInput())
                .put("uncached_input_tokens", info.usage().uncachedInput())
                .put("reasoning_tokens", info.usage().reasoning()).put("elapsed_ms", info.elapsedMillis());
        root.set("bootstrap", IntervalFields.settings(scores));
        root.set("models", ScoreFiles.modelsJson(scores));
        try {
            return Json.PRETTY.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one file, creating its directory first (for commands whose --out names a file). */
    public static void writeFile(Path file, String content) {
        prepareFile(file);
        write(file, content);
    }

    /** Checks an output file can be written (its directory made), before any work is done that would be lost. */
    public static Path prepareFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new InputException(file + " is a directory; give the name of the file to write");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            prepare(parent);
        }
        return file;
    }

    /** The format an output file's name asks for: one of {@code extensions}, else a one-line error naming them. */
    public static String format(Path file, String option, String... extensions) {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        for (String e : extensions) {
            if (n.endsWith("." + e)) {
                return e;
            }
        }
        throw new InputException(option + " " + file + ": name must end in ." + String.join(" or .", extensions));
    }

    public static void write(Path file, String content) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do: the error below says what failed
            }
            throw new InputException("cannot write " + file + " (" + reason(e) + ")");
        }
    }
}
