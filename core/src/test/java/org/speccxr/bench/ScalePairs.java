package org.speccxr.bench;

import org.speccxr.io.TableReader;
import org.speccxr.util.Csv;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes N pairs for the scale benchmark: each pair an IU X-ray report (findings and impression) against another
 * drawn at random, with a distinct id, so every pair is its own reference for the bootstrap, as in an archive.
 * Seeded: the same N gives the same file. Written at run time to bench-out/ (the report text's licence forbids
 * committing copies).
 */
public final class ScalePairs {
    /** Usage: ScalePairs OUT.csv N [seed]. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long n = Long.parseLong(args[1]);
        Random random = new Random(args.length > 2 ? Long.parseLong(args[2]) : 7);
        List<String> reports = new ArrayList<>();
        for (TableReader.Row r : TableReader.read(SharedData.raw().resolve("iu_xray_kaggle/indiana_reports.csv"), "reports").rows()) {
            String text = (nz(r.get("findings")) + " " + nz(r.get("impression"))).strip();
            if (!text.isEmpty()) {
                reports.add(text);
            }
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write(Csv.row(List.of("id", "reference", "candidate")));
            for (long i = 0; i < n; i++) {
                w.write(Csv.row(List.of("s" + i, reports.get(random.nextInt(reports.size())),
                        reports.get(random.nextInt(reports.size())))));
            }
        }
        System.err.println("wrote " + n + " pairs (from " + reports.size() + " IU reports) to " + out);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
