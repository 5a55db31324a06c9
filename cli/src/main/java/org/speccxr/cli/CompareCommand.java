package org.speccxr.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.util.InputException;
import org.speccxr.io.VerdictIO;
import org.speccxr.output.OutputWriter;
import org.speccxr.score.Interval;
import org.speccxr.stats.ModelComparison;
import org.speccxr.stats.ModelComparison.Options;
import org.speccxr.stats.ModelComparison.PairResult;
import org.speccxr.stats.ModelComparison.Row;
import org.speccxr.util.Csv;
import org.speccxr.util.Json;
import org.speccxr.verdict.VerdictRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Paired comparison of models judged on the same references: approximate-randomisation tests and "
                + "paired-bootstrap intervals of the difference in mean error count, mean weighted errors, macro F1 and "
                + "each entity's F1 (Holm-corrected across entities).",
                "Prints which model is better where and by how much; --out writes every compared statistic."})
public final class CompareCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--evaluations", required = true, paramLabel = "FILE", description = "evaluations.jsonl with two or more models.")
    Path evaluations;

    @Option(names = "--baseline", paramLabel = "MODEL", description = "Compare every other model with this one (default: every pair).")
    String baseline;

    @Option(names = "--out", paramLabel = "FILE", description = "Write every compared statistic to FILE (.csv or .json).")
    Path out;

    @Option(names = "--entities", paramLabel = "SET", description = "Entity set the records were judged with: " + EntitySetArg.NAMES + ".")
    String entities;

    @Option(names = "--permutations", defaultValue = "10000", paramLabel = "N",
            description = "Random swaps of the randomisation test (default 10000; all 2^ids swaps when that is fewer).")
    int permutations;

    @Option(names = "--bootstrap", defaultValue = "1000", paramLabel = "N",
            description = "Paired bootstrap resamples for the intervals of the differences (default 1000; 0 turns them off).")
    int bootstrap;

    @Option(names = {"--seed", "--bootstrap-seed"}, defaultValue = "42", paramLabel = "N", description = "Random seed (default 42).")
    long seed;

    @Option(names = "--alpha", defaultValue = "0.05", paramLabel = "A", description = "Significance level (default 0.05).")
    double alpha;

    @Option(names = "--all", description = "Print every tested entity, not only the significant ones.")
    boolean all;

    @Option(names = "--allow-mixed", description = "Read a file that holds records of several judges or entity sets,"
            + " keeping them apart per judge and model (refused otherwise).")
    boolean allowMixed;

    @Override
    public Integer call() {
        if (permutations < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--permutations must be at least 1 (got " + permutations + ")");
        }
        BootstrapOptions.checked(spec, "--bootstrap", bootstrap);
        if (!(alpha > 0 && alpha < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--alpha must be between 0 and 1 (got " + alpha + ")");
        }
        if (out != null) {
            OutputWriter.format(out, "--out", "csv", "json");
        }
        EntitySet set = EvaluationsFile.entitySet(entities, evaluations);
        VerdictIO.Contents contents = EvaluationsFile.read(evaluations, set, allowMixed, spec.commandLine().getErr());
        List<VerdictRecord> records = contents.records();
        List<String> models = ModelComparison.models(records);
        if (models.size() < 2) {
            throw new InputException("evaluations file " + evaluations + " holds one model ('" + models.get(0)
                    + "'); compare needs two or more (pairs with a 'model' column)");
        }
        if (baseline != null && !models.contains(baseline)) {
            throw new InputException("--baseline '" + baseline + "' is not a model of " + evaluations + " (models: " + String.join(", ", models) + ")");
        }
        Options o = new Options(permutations, bootstrap, seed, alpha);
        List<PairResult> results = new ArrayList<>();
        List<String> a = new ArrayList<>(), b = new ArrayList<>();
        if (baseline != null) {
            models.stream().filter(m -> !m.equals(baseline)).forEach(m -> {
                a.add(m);
                b.add(baseline);
            });
        } else {
            for (int i = 0; i < models.size(); i++) {
                for (int j = i + 1; j < models.size(); j++) {
                    a.add(models.get(i));
                    b.add(models.get(j));
                }
            }
        }
        for (int i = 0; i < a.size(); i++) {
            try {
                results.add(ModelComparison.compare(records, set, a.get(i), b.get(i), o));
            } catch (IllegalArgumentException e) {
                throw new InputException(e.getMessage());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (PairResult r : results) {
            sb.append(render(r, o, all)).append('\n');
        }
        spec.commandLine().getOut().print(sb);
        if (out != null) {
            OutputWriter.writeFile(out, OutputWriter.format(out, "--out", "csv", "json").equals("csv") ? csv(results) : json(results, o, contents.info()));
            spec.commandLine().getErr().println("spec-cxr: wrote " + out);
        }
        return 0;
    }

    static String render(PairResult r, Options o, boolean all) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s vs %s: %d shared reference ids", r.modelA(), r.modelB(), r.ids()));
        if (r.onlyA() + r.onlyB() > 0) {
            sb.append(String.format(Locale.ROOT, " (left out: %d only in %s, %d only in %s)", r.onlyA(), r.modelA(), r.onlyB(), r.modelB()));
        }
        sb.append(String.format(Locale.ROOT, "; %s randomisation test (%d swaps)", r.exact() ? "exact" : "approximate", r.permutations()));
        sb.append(r.bootstrap() > 0 ? String.format(Locale.ROOT, ", %d paired bootstrap resamples", r.bootstrap()) : "");
        sb.append(String.format(Locale.ROOT, ", seed %d%n", o.seed()));
        TextTable t = new TextTable("statistic", r.modelA(), r.modelB(), "diff", "95% CI of diff", "p", "p (Holm)", "better");
        t.leftAlign(7);
        for (Row row : r.headline()) {
            add(t, row);
        }
        int significant = 0;
        for (Row row : r.entities()) {
            if (row.better() != null) {
                significant++;
            }
            if (all || row.better() != null) {
                add(t, row);
            }
        }
        sb.append(t.render());
        sb.append(String.format(Locale.ROOT, "entities: %d tested (F1 defined for both; Holm over %d), %d significant at alpha %s",
                r.entities().size(), r.entities().size(), significant, fmtAlpha(o.alpha())));
        if (!all && r.entities().size() > significant) {
            sb.append(" (shown; --all shows every tested entity)");
        }
        sb.append(String.format(Locale.ROOT, "; %d untestable (F1 undefined for one model)%n", r.untestable()));
        sb.append("better: lower mean errors, higher F1; '-' = no significant difference\n");
        return sb.toString();
    }

    private static String fmtAlpha(double a) {
        return String.format(Locale.ROOT, "%s", a);
    }

    private static void add(TextTable t, Row row) {
        String name = row.entity() == null ? row.metric().label : "F1 " + row.entityName();
        Interval ci = row.diffCi();
        t.add(name, f(row.a()), f(row.b()), signed(row.diff()),
                ci == null ? "" : String.format(Locale.ROOT, "[%s, %s]", signed(ci.lo()), signed(ci.hi())),
                p(row.p()), row.pHolm() == null ? "-" : p(row.pHolm()), row.better() == null ? "-" : row.better());
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String signed(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%+.3f", v);
    }

    private static String p(double v) {
        return v < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", v);
    }

    static final List<String> CSV_COLUMNS = List.of("model_a", "model_b", "ids", "metric", "entity", "name", "value_a",
            "value_b", "diff", "diff_lo", "diff_hi", "p", "p_holm", "better");

    static String csv(List<PairResult> results) {
        StringBuilder sb = new StringBuilder(Csv.row(CSV_COLUMNS));
        for (PairResult r : results) {
            for (Row row : r.rows()) {
                sb.append(Csv.row(List.of(r.modelA(), r.modelB(), r.ids(), row.metric().key, row.entity() == null ? "" : row.entity(),
                        row.entityName() == null ? "" : row.entityName(), Csv.num(row.a()), Csv.num(row.b()), Csv.num(row.diff()),
                        row.diffCi() == null ? "" : Csv.num(row.diffCi().lo()), row.diffCi() == null ? "" : Csv.num(row.diffCi().hi()),
                        pnum(row.p()), row.pHolm() == null ? "" : pnum(row.pHolm()), row.better() == null ? "" : row.better())));
            }
        }
        return sb.toString();
    }

    private static String pnum(double p) {
        return String.format(Locale.ROOT, "%.6g", p);
    }

    static String json(List<PairResult> results, Options o, VerdictIO.FileInfo info) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.set("provenance", EvaluationsFile.provenanceJson(info));
        root.putObject("settings").put("permutations", o.permutations()).put("bootstrap", o.bootstrap()).put("seed", o.seed())
                .put("alpha", o.alpha()).put("unit", "id").put("correction", "holm over entities within each model pair");
        ArrayNode cmp = root.putArray("comparisons");
        for (PairResult r : results) {
            ObjectNode x = cmp.addObject();
            x.put("model_a", r.modelA()).put("model_b", r.modelB()).put("ids", r.ids()).put("only_a", r.onlyA()).put("only_b", r.onlyB())
                    .put("exact", r.exact()).put("permutations", r.permutations()).put("bootstrap", r.bootstrap())
                    .put("untestable_entities", r.untestable());
            ArrayNode rows = x.putArray("rows");
            for (Row row : r.rows()) {
                ObjectNode o2 = rows.addObject();
                o2.put("metric", row.metric().key);
                if (row.entity() != null) {
                    o2.put("entity", row.entity()).put("name", row.entityName());
                }
                num(o2, "value_a", row.a());
                num(o2, "value_b", row.b());
                num(o2, "diff", row.diff());
                if (row.diffCi() == null) {
                    o2.putNull("diff_ci");
                } else {
                    o2.putObject("diff_ci").put("lo", row.diffCi().lo()).put("hi", row.diffCi().hi());
                }
                o2.put("p", row.p());
                if (row.pHolm() != null) {
                    o2.put("p_holm", row.pHolm());
                }
                if (row.better() == null) {
                    o2.putNull("better");
                } else {
                    o2.put("better", row.better());
                }
            }
        }
        try {
            return Json.PRETTY.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void num(ObjectNode o, String k, double v) {
        if (Double.isNaN(v)) {
            o.putNull(k);
        } else {
            o.put(k, v);
        }
    }
}
