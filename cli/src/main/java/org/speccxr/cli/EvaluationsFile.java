package org.speccxr.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.io.VerdictIO;
import org.speccxr.judge.JudgeInfo;
import org.speccxr.run.Provenance;
import org.speccxr.util.Hashing;
import org.speccxr.util.Json;
import org.speccxr.util.Version;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** What the commands that read an evaluations.jsonl share: the entity set its header names, its notes, provenance. */
final class EvaluationsFile {
    private EvaluationsFile() {
    }

    /**
     * The entity set to read {@code evaluations} with: the one given with --entities, else the one its header names
     * (a bundled set by name, or the file it was loaded from if that is still there), else the default.
     */
    static EntitySet entitySet(String entitiesOption, Path evaluations) {
        if (entitiesOption != null) {
            return EntitySetLoader.resolve(entitiesOption);
        }
        Provenance header = Files.isRegularFile(evaluations) ? VerdictIO.firstHeader(evaluations) : null;
        Object source = header == null || header.entitySet() == null ? null : header.entitySet().get("source");
        if (source instanceof String name && !name.isBlank()) {
            if (Set.of("default", "spec-cxr", "chexpert14", "chexpert-14").contains(name)) {
                return EntitySetLoader.resolve(name);
            }
            if (Files.isRegularFile(Path.of(name))) {
                return EntitySetLoader.resolve(name);
            }
        }
        return EntitySetLoader.loadDefault();
    }

    /** The provenance of each judge run in the file (empty for a file without headers), for JSON outputs. */
    static com.fasterxml.jackson.databind.JsonNode provenanceJson(VerdictIO.FileInfo info) {
        return Json.MAPPER.valueToTree(info.headers());
    }

    /** Reads a whole file with the entity set checked against its header; notes go to {@code err}. */
    static VerdictIO.Contents read(Path file, EntitySet set, boolean allowMixed, PrintWriter err) {
        VerdictIO.Contents c = VerdictIO.read(file, set, allowMixed);
        printNotes(c.info(), err);
        return c;
    }

    static void printNotes(VerdictIO.FileInfo info, PrintWriter err) {
        info.notes().forEach(n -> err.println("spec-cxr: " + n));
    }

    /**
     * The provenance of re-scored records: the file's own, unchanged, when it has one judge run; else (no header,
     * or several judges) one made here from what the records say.
     */
    static Provenance provenance(String command, VerdictIO.FileInfo info, EntitySet set, String judges, int runs)
            throws IOException {
        if (info.headers().size() == 1 && !info.mixed()) {
            return info.provenance();
        }
        return Provenance.of(command, set, new JudgeInfo(judges, "", "", Map.of(), null), runs,
                info.file().getFileName().toString(), Hashing.sha256(info.file()));
    }

    /** How and when the records were re-scored, beside the provenance carried over: summary.json's "scoring". */
    static ObjectNode scoring(String command, VerdictIO.FileInfo info) throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("command", command);
        n.put("tool_version", Version.get());
        n.put("created", Provenance.now());
        n.put("evaluations_file", info.file().getFileName().toString());
        n.put("evaluations_hash", Hashing.sha256(info.file()));
        n.put("records", info.records());
        if (info.headers().size() > 1 || info.mixed()) {
            n.set("judge_runs", Json.MAPPER.valueToTree(info.headers()));
        }
        return n;
    }
}
