package org.speccxr.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.speccxr.io.TableReader;
import org.speccxr.util.Csv;
import org.speccxr.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a pairs CSV from the real report generators' outputs in the shared data (MoERad: 590 IU X-ray pairs;
 * MRG_RL: 382 pairs on a different split). The file is written at run time, outside the repository: the report
 * text's licence (CC BY-NC-ND 4.0) forbids committing copies.
 */
public final class RealPairs {
    /** Usage: RealPairs OUT.csv [moerad|mrg_rl|both] [repeat]. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        String which = args.length > 1 ? args[1] : "both";
        int repeat = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        List<String[]> rows = new ArrayList<>();
        if (which.equals("both") || which.equals("moerad")) {
            rows.addAll(moerad());
        }
        if (which.equals("both") || which.equals("mrg_rl")) {
            rows.addAll(mrgRl());
        }
        StringBuilder sb = new StringBuilder(Csv.row(List.of("id", "model", "reference", "candidate")));
        for (int k = 1; k <= repeat; k++) {
            for (String[] r : rows) {
                sb.append(Csv.row(List.of(repeat == 1 ? r[0] : r[0] + "#" + k, r[1], r[2], r[3])));
            }
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, sb.toString());
        System.err.println("wrote " + rows.size() * repeat + " pairs to " + out);
    }

    static List<String[]> moerad() {
        Path dir = SharedData.raw().resolve("moerad_iu_xray");
        Map<String, String> refs = new LinkedHashMap<>();
        TableReader.read(dir.resolve("gts.csv"), "gts").rows().forEach(r -> refs.put(r.get("study_id"), r.get("report")));
        List<String[]> out = new ArrayList<>();
        for (TableReader.Row r : TableReader.read(dir.resolve("preds.csv"), "preds").rows()) {
            String ref = refs.get(r.get("study_id"));
            if (ref != null) {
                out.add(new String[]{r.get("study_id"), "MoERad", ref, r.get("report")});
            }
        }
        return out;
    }

    static List<String[]> mrgRl() throws IOException {
        Path dir = SharedData.raw().resolve("mrg_rl_iu_xray");
        JsonNode preds = Json.MAPPER.readTree(dir.resolve("test_preds.json").toFile());
        JsonNode refs = Json.MAPPER.readTree(dir.resolve("test_refs.json").toFile());
        List<String[]> out = new ArrayList<>();
        preds.fields().forEachRemaining(e -> {
            JsonNode ref = refs.get(e.getKey());
            if (ref != null) {
                out.add(new String[]{"CXR" + e.getKey(), "MRG_RL", ref.get(0).asText(), e.getValue().get(0).asText()});
            }
        });
        return out;
    }
}
