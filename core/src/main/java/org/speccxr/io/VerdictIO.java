package org.speccxr.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.entity.EntitySet;
import org.speccxr.run.Provenance;
import org.speccxr.util.InputException;
import org.speccxr.util.Json;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.VerdictNormalizer;
import org.speccxr.verdict.VerdictRecord;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Reads and writes {@code evaluations.jsonl}: a header line with the provenance of the records that follow, then
 * one {@link VerdictRecord} per line. The header is marked {@code "record_type": "header"} and has no {@code id},
 * so no reader takes it for a pair; files without one (older versions, hand-written) still read, with a note.
 * Records are normalised on the way in, so hand-edited records obey the same rules as a judge's own.
 */
public final class VerdictIO {
    public static final String RECORD_TYPE = "record_type";
    public static final String HEADER = "header";
    /** Version of the file layout written in the header. */
    public static final int FORMAT_VERSION = 1;

    private VerdictIO() {
    }

    /**
     * What a read found besides the records.
     *
     * @param headers the provenance of each distinct judge run in the file, in order (empty for an old file)
     * @param mixed   true when the file holds records of more than one judge or entity set (read with allowMixed;
     *                each record's model then names its judge, so their scores stay apart)
     * @param notes   one-line notes for the user (no header, entries naming unknown entities)
     */
    public record FileInfo(Path file, List<Provenance> headers, long records, boolean mixed, List<String> notes) {
        public FileInfo {
            headers = List.copyOf(headers);
            notes = List.copyOf(notes);
        }

        /** The provenance of the records, or null for a file without a header. */
        public Provenance provenance() {
            return headers.isEmpty() ? null : headers.get(0);
        }
    }

    /** A whole file in memory: for the commands that need every record at once (compare, agree). */
    public record Contents(FileInfo info, List<VerdictRecord> records) {
        public Contents {
            records = List.copyOf(records);
        }
    }

    public static Contents read(Path file, EntitySet set) {
        return read(file, set, false);
    }

    public static Contents read(Path file, EntitySet set, boolean allowMixed) {
        List<VerdictRecord> records = new ArrayList<>();
        FileInfo info = stream(file, set, allowMixed, records::add);
        return new Contents(info, records);
    }

    /** The provenance in the file's first header, or null; reads no further than the first record. */
    public static Provenance firstHeader(Path file) {
        try (BufferedReader in = TextFiles.openUtf8(file, "evaluations file")) {
            String line;
            while ((line = TextFiles.readLine(in)) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = Json.MAPPER.readTree(line);
                    return isHeader(n) ? provenanceOf(n) : null;
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    return null; // the full read names the problem
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Streams the file's records, normalised against {@code set}, to {@code sink}, holding none of them. Records of
     * two judges (two headers that differ in judge, parameters, prompt or rules, or entity set; or records whose
     * {@code judge} differs) are refused with a one-line error naming both, unless {@code allowMixed}: then a first
     * pass finds the judges and each record's model is suffixed with its judge, so scores are kept apart per judge
     * and model.
     */
    public static FileInfo stream(Path file, EntitySet set, boolean allowMixed, Consumer<VerdictRecord> sink) {
        return stream(file, set, allowMixed, p -> {
        }, sink);
    }

    /** As above; {@code headers} hears each header line (the provenance of the records after it) where it stands. */
    public static FileInfo stream(Path file, EntitySet set, boolean allowMixed, Consumer<Provenance> headers,
                                  Consumer<VerdictRecord> sink) {
        Map<String, String> labels = allowMixed ? judgeLabels(file, set) : null;
        boolean mixed = labels != null;
        Reading reading = new Reading(file, set, labels);
        reading.onHeader = headers;
        try (BufferedReader in = TextFiles.openUtf8(file, "evaluations file")) {
            String line;
            int n = 0;
            while ((line = TextFiles.readLine(in)) != null) {
                n++;
                VerdictRecord r = reading.line(line, n);
                if (r != null) {
                    sink.accept(r);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reading.finish(mixed);
    }

    /**
     * The first pass of a read with mixing allowed: whether the file mixes judges and, when it does, a label per
     * judge identity (its spec, numbered when two runs of one judge differ), in order of appearance; null when it
     * does not.
     */
    private static Map<String, String> judgeLabels(Path file, EntitySet set) {
        Reading scan = new Reading(file, set, null);
        scan.detect = true;
        try (BufferedReader in = TextFiles.openUtf8(file, "evaluations file")) {
            String line;
            int n = 0;
            while ((line = TextFiles.readLine(in)) != null) {
                scan.line(line, ++n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!scan.mixedFound) {
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, Integer> specCount = new LinkedHashMap<>();
        scan.identities.values().forEach(s -> specCount.merge(s, 1, Integer::sum));
        Map<String, Integer> seen = new LinkedHashMap<>();
        scan.identities.forEach((identity, spec) -> {
            int k = seen.merge(spec, 1, Integer::sum);
            labels.put(identity, specCount.get(spec) > 1 ? spec + " #" + k : spec);
        });
        return labels;
    }

    /** The state of one pass over a file. */
    private static final class Reading {
        final Path file;
        final EntitySet set;
        final Map<String, String> labels;
        final List<Provenance> headers = new ArrayList<>();
        /** identity -> judge spec, in order of appearance */
        final Map<String, String> identities = new LinkedHashMap<>();
        final Set<String> keys = new HashSet<>();
        final Set<String> unknownExamples = new TreeSet<>();
        /** header identities seen, and the first header */
        final Set<String> headerIds = new HashSet<>();
        Provenance firstHeader;
        int firstHeaderLine;
        /** records before any header (an older or hand-written file): the first, and who judged each pair */
        String headerlessJudge;
        int headerlessLine;
        final Map<String, String> pairJudge = new HashMap<>();
        /** first pass of an allowed mix: note a mix instead of refusing it */
        boolean detect;
        boolean mixedFound;
        Consumer<Provenance> onHeader = p -> {
        };
        Provenance current;
        String currentIdentity;
        int currentLine;
        long records, entries, unknown;

        Reading(Path file, EntitySet set, Map<String, String> labels) {
            this.file = file;
            this.set = set;
            this.labels = labels;
        }

        String where(int n) {
            return "evaluations file " + file + " line " + n;
        }

        JsonNode parse(String line, int n) {
            try {
                return Json.MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                throw new InputException(where(n) + ": not valid JSON (" + TableReader.oneLine(e.getOriginalMessage()) + ")");
            }
        }

        Provenance header(JsonNode node, int n) {
            try {
                return provenanceOf(node);
            } catch (IllegalArgumentException e) {
                throw new InputException(where(n) + ": not a header (" + TableReader.oneLine(e.getMessage()) + ")");
            }
        }

        VerdictRecord line(String line, int n) {
            if (line.isBlank()) {
                return null;
            }
            JsonNode node = parse(line, n);
            if (isHeader(node)) {
                Provenance p = header(node, n);
                checkEntitySet(p, n);
                String identity = identity(p);
                identities.putIfAbsent(identity, p.judge());
                if (!headerIds.isEmpty() && !headerIds.contains(identity)) {
                    String second = firstHeader.judge().equals(p.judge()) ? p.judge() + " with " + differences(firstHeader, p)
                            : p.judge();
                    conflict(firstHeader.judge(), firstHeaderLine, second, n);
                } else if (headerlessJudge != null) {
                    conflict(headerlessJudge, headerlessLine, p.judge(), n);
                }
                headerIds.add(identity);
                if (firstHeader == null) {
                    firstHeader = p;
                    firstHeaderLine = n;
                }
                if (headers.stream().noneMatch(h -> identity(h).equals(identity))) {
                    headers.add(p);
                }
                current = p;
                currentIdentity = identity;
                currentLine = n;
                onHeader.accept(p);
                return null;
            }
            VerdictRecord r = record(node, n);
            String judge = r.judge() == null ? "unknown" : r.judge();
            String identity;
            if (current != null) {
                identity = judge.equals(current.judge()) ? currentIdentity : "judge " + judge;
                if (!judge.equals(current.judge())) {
                    conflict(current.judge(), currentLine, judge, n);
                }
            } else {
                // without headers, several annotators may share a file, each judging other pairs; not one pair twice
                identity = "judge " + judge;
                if (headerlessJudge == null) {
                    headerlessJudge = judge;
                    headerlessLine = n;
                }
                String prev = pairJudge.putIfAbsent(r.model() + "\u0000" + r.id(), judge);
                if (prev != null && !prev.equals(judge)) {
                    conflictMessage("evaluations file " + file + " line " + n + ": pair '" + r.id() + "' of model '"
                            + r.model() + "' is judged by both '" + prev + "' and '" + judge + "'; score them apart,"
                            + " or pass --allow-mixed to keep their scores apart per judge and model");
                }
            }
            identities.putIfAbsent(identity, judge);
            if (labels != null) {
                r = withModel(r, r.model() + " [" + labels.getOrDefault(identity, judge) + "]");
            }
            // (the first pass of an allowed mix sees the models before they are told apart: the second checks)
            if (!detect && !keys.add(r.model() + "\u0000" + r.id() + "\u0000" + r.run())) {
                throw new InputException(where(n) + ": a second record for id '" + r.id() + "', model '" + r.model()
                        + "', run " + r.run() + " (id + model + run must be unique)");
            }
            records++;
            return r;
        }

        /** A second judge in the file: an error, unless mixing was allowed. */
        void conflict(String first, int firstLine, String second, int n) {
            conflictMessage("evaluations file " + file + " mixes records of two judges: '" + first + "' (line "
                    + firstLine + ") and '" + second + "' (line " + n + "); score them apart, or pass --allow-mixed"
                    + " to keep their scores apart per judge and model");
        }

        void conflictMessage(String message) {
            if (detect) {
                mixedFound = true;
            } else if (labels == null) {
                throw new InputException(message);
            }
        }

        void checkEntitySet(Provenance p, int n) {
            Object hash = p.entitySet() == null ? null : p.entitySet().get("hash");
            if (hash != null && !Objects.equals(hash, set.hash())) {
                throw new InputException(where(n) + ": the records were judged with entity set '"
                        + p.entitySet().get("source") + "' (" + hash + "), not with '" + set.source()
                        + "' given for scoring; pass the same set with --entities");
            }
        }

        VerdictRecord record(JsonNode node, int n) {
            VerdictRecord r;
            try {
                r = Json.MAPPER.treeToValue(node, VerdictRecord.class);
            } catch (JsonMappingException e) {
                throw new InputException(where(n) + ": not a verdict record (" + mappingProblem(e) + ")");
            } catch (JsonProcessingException e) {
                throw new InputException(where(n) + ": not valid JSON (" + TableReader.oneLine(e.getOriginalMessage()) + ")");
            }
            if (r == null) {
                throw new InputException(where(n) + ": not a verdict record (expected a JSON object)");
            }
            if (r.id() == null || r.id().isBlank()) {
                throw new InputException(where(n) + ": record has no id");
            }
            if (r.run() < 0) {
                throw new InputException(where(n) + ": run must be 1 or more (got " + r.run() + ")");
            }
            for (EntityVerdict v : r.entities()) {
                entries++;
                if (!set.contains(v.entity())) {
                    unknown++;
                    if (unknownExamples.size() < 3) {
                        unknownExamples.add(v.entity());
                    }
                }
            }
            // a record without a run is run 1, and one without a model is the default model, as in the input
            String model = r.model() == null || r.model().isBlank() ? "candidate" : r.model();
            return normalised(r, model, r.run() == 0 ? 1 : r.run(), set);
        }

        FileInfo finish(boolean mixed) {
            if (records == 0) {
                throw new InputException("evaluations file " + file + " holds no records");
            }
            List<String> notes = new ArrayList<>();
            if (headers.isEmpty()) {
                notes.add("note: " + file + " has no header line (written by an older version or by hand); its"
                        + " provenance is unknown");
            }
            if (unknown > 0) {
                String what = unknown + " of " + entries + " verdict entries in " + file
                        + " name entities not in the entity set " + set.source() + " (e.g. "
                        + String.join(", ", unknownExamples) + ")";
                if (unknown == entries) {
                    throw new InputException(what + "; were they judged with another set? Pass it with --entities");
                }
                notes.add("warning: " + what + "; they are left out of the scores");
            }
            return new FileInfo(file, headers, records, mixed, notes);
        }
    }

    /** Normalises a record read from a file; warnings it already carried are kept, new ones added. */
    static VerdictRecord normalised(VerdictRecord r, String model, int run, EntitySet set) {
        return VerdictNormalizer.toRecord(r.id(), model, run, r.judge(), r.entities(), r.warnings(), set);
    }

    private static VerdictRecord withModel(VerdictRecord r, String model) {
        return r.withModelAndRun(model, r.run());
    }

    static boolean isHeader(JsonNode node) {
        return node != null && node.isObject() && HEADER.equals(node.path(RECORD_TYPE).asText(null));
    }

    static Provenance provenanceOf(JsonNode header) {
        JsonNode p = header.get("provenance");
        if (p == null || !p.isObject()) {
            throw new IllegalArgumentException("no provenance object");
        }
        try {
            return Json.MAPPER.treeToValue(p, Provenance.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage());
        }
    }

    /** How two headers of the same judge differ, in words: "uncertain=negative (not positive)". */
    static String differences(Provenance a, Provenance b) {
        List<String> d = new ArrayList<>();
        Map<String, Object> pa = a.judgeParameters() == null ? Map.of() : a.judgeParameters();
        Map<String, Object> pb = b.judgeParameters() == null ? Map.of() : b.judgeParameters();
        Set<String> keys = new TreeSet<>(pa.keySet());
        keys.addAll(pb.keySet());
        for (String k : keys) {
            if (!Objects.equals(pa.get(k), pb.get(k)) && !k.endsWith("_hash")) {
                d.add(k + "=" + pb.get(k) + " (not " + pa.get(k) + ")");
            }
        }
        if (d.isEmpty() && !Objects.equals(a.promptHash(), b.promptHash())) {
            d.add("another prompt or rules file");
        }
        return d.isEmpty() ? "other parameters" : String.join(", ", d);
    }

    /** What makes two runs' records comparable: the same judge, parameters, prompt or rules, and entity set. */
    static String identity(Provenance p) {
        return "header " + p.judge() + "\u0000" + p.judgeParameters() + "\u0000" + p.promptHash() + "\u0000"
                + (p.entitySet() == null ? null : p.entitySet().get("hash"));
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

    /** The header line: {@code {"record_type":"header","format_version":1,"provenance":{...}}}. */
    public static String headerLine(Provenance p) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put(RECORD_TYPE, HEADER);
        n.put("format_version", FORMAT_VERSION);
        n.set("provenance", Json.MAPPER.valueToTree(p));
        try {
            return Json.MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String toLine(VerdictRecord r) {
        try {
            return Json.MAPPER.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a whole file: the headers (none for null or empty), then the records. */
    public static void write(Path file, List<Provenance> headers, List<VerdictRecord> records) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Provenance p : headers == null ? List.<Provenance>of() : headers) {
                w.write(headerLine(p));
                w.write('\n');
            }
            for (VerdictRecord r : records) {
                w.write(toLine(r));
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
