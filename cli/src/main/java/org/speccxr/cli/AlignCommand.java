package org.speccxr.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.output.html.AlignmentFile;
import org.speccxr.stats.HumanAlignment;
import org.speccxr.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "align", mixinStandardHelpOptions = true,
        description = "Kendall's tau-b between report-level error counts and human error counts, per run, with mean and std.")
public final class AlignCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--scores", required = true, paramLabel = "FILE", description = "report_scores.csv written by evaluate or score.")
    Path scores;

    @Option(names = "--human", required = true, paramLabel = "FILE", description = "Human counts: id, optional model, error_count (.csv or .jsonl).")
    Path human;

    @Option(names = "--json", description = "Print JSON: {tau_b_mean, tau_b_std, runs, n, tau_b_ci, bootstrap}.")
    boolean json;

    @Option(names = "--bootstrap", defaultValue = "1000", paramLabel = "N",
            description = "Bootstrap resamples over ids for the 95%% interval of tau-b (default 1000; 0 turns it off).")
    int resamples;

    @Option(names = {"--seed", "--bootstrap-seed"}, defaultValue = "42", paramLabel = "N", description = "Bootstrap seed (default 42).")
    long seed;

    @Option(names = "--save", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Save the result as alignment.json beside the scores file, for report.html (default; --no-save to skip).")
    boolean save;

    @Override
    public Integer call() throws Exception {
        HumanAlignment.Result r = HumanAlignment.compute(scores, human, BootstrapOptions.checked(spec, "--bootstrap", resamples), seed);
        ObjectNode o = Json.MAPPER.createObjectNode();
        put(o, "tau_b_mean", r.tauBMean());
        put(o, "tau_b_std", r.tauBStd());
        ArrayNode runs = o.putArray("runs");
        for (HumanAlignment.RunTau t : r.runs()) {
            ObjectNode x = runs.addObject();
            x.put("run", t.run());
            put(x, "tau_b", t.tauB());
            x.put("n", t.n());
        }
        o.put("n", r.n());
        AlignExtras.putInterval(o, r);
        // the provenance of the error counts (summary.json beside report_scores.csv), carried into the result
        Path summary = scores.toAbsolutePath().resolveSibling("summary.json");
        if (java.nio.file.Files.isRegularFile(summary)) {
            try {
                com.fasterxml.jackson.databind.JsonNode prov = Json.MAPPER.readTree(summary.toFile()).get("provenance");
                if (prov != null) {
                    o.set("provenance", prov);
                }
            } catch (java.io.IOException | RuntimeException unreadable) {
                spec.commandLine().getErr().println("spec-cxr: note: " + summary + " cannot be read; the result carries no provenance");
            }
        }
        if (save) {
            ObjectNode saved = o.deepCopy();
            saved.put("human_file", human.getFileName().toString());
            Path dir = scores.toAbsolutePath().getParent();
            AlignmentFile.write(dir, saved);
            spec.commandLine().getErr().println("spec-cxr: saved " + dir.resolve(AlignmentFile.NAME)
                    + " (score and report show it in report.html)");
        }
        if (json) {
            spec.commandLine().getOut().println(Json.MAPPER.writeValueAsString(o));
        } else {
            for (HumanAlignment.RunTau t : r.runs()) {
                spec.commandLine().getOut().printf(Locale.ROOT, "run %d: tau-b %.4f (n=%d)%n", t.run(), t.tauB(), t.n());
            }
            spec.commandLine().getOut().printf(Locale.ROOT, "tau-b %.4f ± %.4f over %d run(s), n=%d%n", r.tauBMean(), r.tauBStd(), r.runs().size(), r.n());
            AlignExtras.printInterval(r, spec.commandLine().getOut());
        }
        return 0;
    }

    private static void put(ObjectNode o, String k, double v) {
        if (Double.isNaN(v)) {
            o.putNull(k);
        } else {
            o.put(k, v);
        }
    }
}
