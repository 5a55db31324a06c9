package org.speccxr.bench;

import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.rules.RuleSet;
import org.speccxr.stats.Coverage;
import org.speccxr.util.Csv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code coverage} figure (the paper's Table 2, offline analogue: see {@link Coverage}) on every IU X-ray report,
 * findings + impression, with the bundled entity set and, for scale, the bundled CheXpert-14 set. Reports with no
 * text are left out of the share, as the {@code coverage} command leaves them out.
 * Usage: CoverageBench [show N] (N most frequent uncovered sentences to the terminal); CoverageBench export FILE.csv
 * writes the reports as {@code id,report} for {@code ./spec-cxr coverage --input FILE.csv}.
 */
public final class CoverageBench {
    private CoverageBench() {
    }

    public static Coverage.Summary summary(String setName, Map<String, String> reports, Map<String, Integer> uncovered) {
        EntitySet set = EntitySetLoader.resolve(setName);
        Coverage coverage = new Coverage(set, RuleSet.loadDefault(), false);
        List<Coverage.ReportCoverage> results = new ArrayList<>(reports.size());
        reports.forEach((id, text) -> {
            Coverage.ReportCoverage r = coverage.report(id, text);
            results.add(r);
            r.uncovered().forEach(s -> uncovered.merge(s, 1, Integer::sum));
        });
        return Coverage.summarise(setName, set, results);
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> reports = OpenIGold.reportTexts();
        if (args.length == 2 && args[0].equals("export")) {
            StringBuilder sb = new StringBuilder(Csv.row(List.of("id", "report")));
            reports.forEach((id, text) -> sb.append(Csv.row(List.of(id, text))));
            Files.writeString(Path.of(args[1]), sb.toString());
            System.err.println("wrote " + reports.size() + " reports to " + args[1]);
            return;
        }
        int show = args.length == 2 && args[0].equals("show") ? Integer.parseInt(args[1]) : 0;
        System.out.printf(Locale.ROOT, "IU X-ray reports (findings + impression): %d read%n", reports.size());
        System.out.printf(Locale.ROOT, "%-10s %8s %8s %22s %10s %22s%n", "set", "entities", "reports", "fully covered",
                "sentences", "covered sentences");
        List<Map<String, Integer>> missed = new ArrayList<>();
        for (String name : List.of("spec-cxr", "chexpert14")) {
            Map<String, Integer> uncovered = new LinkedHashMap<>();
            Coverage.Summary s = summary(name, reports, uncovered);
            missed.add(uncovered);
            System.out.printf(Locale.ROOT, "%-10s %8d %8d %13d (%5.1f%%) %10d %13d (%5.1f%%)%n", name, s.entities(),
                    s.measured(), s.fullyCovered(), 100 * s.fullCoverage(), s.sentences(), s.coveredSentences(),
                    100 * s.sentenceCoverage());
        }
        if (show > 0) {
            System.out.println("\nmost frequent uncovered sentences (spec-cxr):");
            missed.get(0).entrySet().stream().sorted((a, b) -> Integer.compare(b.getValue(), a.getValue())).limit(show)
                    .forEach(e -> System.out.printf(Locale.ROOT, "  %4d  %s%n", e.getValue(), e.getKey()));
        }
    }
}
