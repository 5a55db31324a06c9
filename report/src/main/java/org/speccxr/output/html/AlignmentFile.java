package org.speccxr.output.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.output.OutputWriter;
import org.speccxr.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code alignment.json}: what {@code align} found, saved beside the scores it read so that {@code score} and
 * {@code report} can show the tau-b in the HTML report.
 */
public final class AlignmentFile {
    public static final String NAME = "alignment.json";

    private AlignmentFile() {
    }

    public static void write(Path dir, ObjectNode alignment) throws IOException {
        OutputWriter.write(dir.resolve(NAME), Json.PRETTY.writeValueAsString(alignment) + "\n");
    }

    /** The alignment saved in {@code dir}, or null when there is none (or it cannot be read). */
    public static HtmlOptions.AlignmentSummary read(Path dir) {
        Path f = dir == null ? null : dir.resolve(NAME);
        if (f == null || !Files.isRegularFile(f)) {
            return null;
        }
        try {
            JsonNode o = Json.MAPPER.readTree(f.toFile());
            List<HtmlOptions.RunTau> runs = new ArrayList<>();
            for (JsonNode r : o.path("runs")) {
                runs.add(new HtmlOptions.RunTau(r.path("run").asInt(), num(r.path("tau_b")), r.path("n").asInt()));
            }
            return new HtmlOptions.AlignmentSummary(o.path("human_file").asText(""), num(o.path("tau_b_mean")),
                    num(o.path("tau_b_std")), o.path("n").asInt(), runs);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static double num(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }
}
