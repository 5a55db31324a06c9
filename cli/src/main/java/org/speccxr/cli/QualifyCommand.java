package org.speccxr.cli;

import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.util.InputException;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeFactory;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.rules.RuleSet;
import org.speccxr.metamorphic.EditKind;
import org.speccxr.metamorphic.MetamorphicGenerator;
import org.speccxr.metamorphic.Variant;
import org.speccxr.output.OutputWriter;
import org.speccxr.score.Interval;
import org.speccxr.metamorphic.Qualification;
import org.speccxr.util.Csv;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "qualify", mixinStandardHelpOptions = true,
        description = {"Qualify a judge on your own reference reports before a large run: builds metamorphic variants "
                + "(finding deleted, negated or added, sides swapped, severity changed, comparison added or dropped, "
                + "paraphrase), judges each against its reference, and reports per kind of edit how often the judge "
                + "catches it and how often paraphrases score zero."})
public final class QualifyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "Reference reports: .csv or .jsonl with id and report (a pairs file works too: its reference column is used).")
    Path input;

    @Option(names = "--column", paramLabel = "NAME", description = "Column holding the report text (default: report, else reference).")
    String column;

    @Option(names = "--limit", defaultValue = "50", paramLabel = "N",
            description = "Use the first N reports (default 50; up to 8 + --stacked judge calls each; 0 = all).")
    int limit;

    @Option(names = "--generator", defaultValue = "metamorphic", paramLabel = "NAME|CLASS",
            description = "Variant generator: metamorphic (bundled, default) or the class name of an "
                    + "org.speccxr.metamorphic.Qualification.Generator on the class path.")
    String generator;

    @Option(names = "--variant-seed", defaultValue = "1", paramLabel = "N", description = "Seed of the variant generator (default 1).")
    long variantSeed;

    @Option(names = "--stacked", defaultValue = "1", paramLabel = "N",
            description = "Variants with 2-3 edits at once per report, for the tau-b of edits vs errors (default 1).")
    int stacked;

    @Option(names = "--entities", paramLabel = "SET", description = "Entity set: " + EntitySetArg.NAMES + ".")
    String entities;

    @CommandLine.Mixin
    JudgeMixin judgeOptions;

    @Option(names = "--concurrency", paramLabel = "N", description = "Variants judged at once (default: per judge).")
    Integer concurrency;

    @Option(names = "--progress", negatable = true, description = "Show progress on stderr (default: only when it is a terminal).")
    Boolean progress;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Write every variant with its verdict summary to FILE.csv.")
    Path out;

    @Option(names = "--show-misses", defaultValue = "5", paramLabel = "N", description = "Print up to N missed edits (default 5).")
    int showMisses;

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 0 (all) or more (got " + limit + ")");
        }
        if (stacked < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--stacked must be 0 or more (got " + stacked + ")");
        }
        if (concurrency != null && concurrency < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--concurrency must be at least 1 (got " + concurrency + ")");
        }
        if (out != null && !out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            throw new InputException("--out " + out + ": name must end in .csv");
        }
        EntitySet set = EntitySetLoader.resolve(entities);
        Map<String, String> all = ReportInput.read(input, column);
        List<Map.Entry<String, String>> reports = new ArrayList<>(all.entrySet());
        if (limit > 0 && reports.size() > limit) {
            reports = reports.subList(0, limit);
        }
        RuleSet rs = judgeOptions.rules == null ? RuleSet.loadDefault() : RuleSet.load(judgeOptions.rules);
        Qualification.Generator gen = generator(set, rs);
        List<Variant> variants = new ArrayList<>();
        for (Map.Entry<String, String> e : reports) {
            variants.addAll(gen.variants(e.getKey(), e.getValue()));
        }
        if (variants.isEmpty()) {
            throw new InputException("no variant could be made from the reports of " + input
                    + " (each needs at least one finding stated in a sentence of its own)");
        }
        JudgeOptions options = judgeOptions.options();
        Qualification.Result r;
        try (Judge j = JudgeFactory.create(judgeOptions.spec(), options, set)) {
            int conc = concurrency != null ? concurrency : j.defaultConcurrency();
            boolean show = progress != null ? progress : Progress.stderrIsTerminal();
            r = Qualification.run(j, set, reports.size(), variants, conc, new Progress(0, show, spec.commandLine().getErr()));
        }
        spec.commandLine().getOut().print(render(r, all.size(), reports.size(), gen.name()));
        if (out != null) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                OutputWriter.prepare(parent);
            }
            OutputWriter.write(out, csv(r));
            spec.commandLine().getErr().println("spec-cxr: wrote " + out);
        }
        return r.failures() > 0 ? Main.EXIT_PARTIAL : 0;
    }

    private Qualification.Generator generator(EntitySet set, RuleSet rs) {
        if (generator.equalsIgnoreCase("metamorphic")) {
            rs.checkEntities(set);
            MetamorphicGenerator g = new MetamorphicGenerator(set);
            long s = variantSeed;
            int k = stacked;
            return new Qualification.Generator() {
                @Override
                public String name() {
                    return "metamorphic (seed " + s + ", " + k + " stacked per report)";
                }

                @Override
                public List<Variant> variants(String id, String reference) {
                    return g.variants(id, reference, s, k);
                }
            };
        }
        try {
            Class<?> c = Class.forName(generator);
            if (!Qualification.Generator.class.isAssignableFrom(c)) {
                throw new InputException("--generator " + generator + " does not implement " + Qualification.Generator.class.getName());
            }
            try {
                return (Qualification.Generator) c.getConstructor(EntitySet.class).newInstance(set);
            } catch (NoSuchMethodException e) {
                return (Qualification.Generator) c.getConstructor().newInstance();
            }
        } catch (ClassNotFoundException e) {
            throw new InputException("--generator: no generator named '" + generator + "' (use metamorphic or a class name on the class path)");
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new InputException("--generator " + generator + ": needs a public constructor taking an EntitySet or nothing");
        } catch (InvocationTargetException e) {
            throw new InputException("--generator " + generator + " failed to start: " + e.getCause());
        }
    }

    private String render(Qualification.Result r, int available, int used, String genName) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "judge %s on %d reference report(s) of %s%s: %d variants by %s%n", judgeOptions.spec(), used, input,
                used < available ? String.format(Locale.ROOT, " (first %d of %d; --limit 0 for all)", used, available) : "",
                r.variants().size(), genName));
        TextTable t = new TextTable("edit", "expected", "n", "caught", "95% CI", "any error of type", "exact count", "mean errors");
        for (EditKind k : EditKind.values()) {
            Qualification.KindResult kr = r.kinds().get(k);
            if (kr == null) {
                continue;
            }
            boolean para = k == EditKind.PARAPHRASE;
            t.add(k.name().toLowerCase(Locale.ROOT), para ? "0 errors" : k.error(), kr.n(), kr.caught() + " (" + pct(kr.caughtRate()) + ")",
                    ci(kr.caughtCi()), para ? "-" : kr.anyError() + " (" + pct(kr.anyErrorRate()) + ")",
                    kr.exact() + " (" + pct(kr.exactRate()) + ")", String.format(Locale.ROOT, "%.2f", kr.meanErrors()));
        }
        sb.append(t.render());
        Qualification.KindResult p = r.paraphrase();
        if (p != null) {
            sb.append(String.format(Locale.ROOT, "paraphrases scored zero: %d of %d (%s, 95%% CI %s)%n", p.caught(), p.n(),
                    pct(p.caughtRate()), ci(p.caughtCi())));
        }
        sb.append(String.format(Locale.ROOT, "Kendall tau-b, edits made vs errors counted, over %d judged variants: %s%n",
                r.variants().size() - r.failures(), Double.isNaN(r.tauB()) ? "-" : String.format(Locale.ROOT, "%.3f", r.tauB())));
        sb.append("caught = the edit's own error on the edited entity (for a paraphrase: no error at all); exact = error count equals edits made\n");
        if (r.failures() > 0) {
            sb.append(String.format(Locale.ROOT, "%d variant(s) failed to be judged and are left out%n", r.failures()));
        }
        List<Qualification.VariantResult> misses = r.variants().stream().filter(v -> v.judged() && !v.caught()).toList();
        if (!misses.isEmpty() && showMisses > 0) {
            sb.append(String.format(Locale.ROOT, "%nvariants with an edit not caught on its entity (%d; first %d):%n", misses.size(),
                    Math.min(showMisses, misses.size())));
            for (Qualification.VariantResult v : misses.subList(0, Math.min(showMisses, misses.size()))) {
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < v.variant().edits().size(); i++) {
                    String target = i < v.variant().targets().size() ? " " + v.variant().targets().get(i) : "";
                    parts.add(v.variant().edits().get(i).name().toLowerCase(Locale.ROOT) + target
                            + (v.editsCaught().get(i) ? "" : " MISSED"));
                }
                var e = v.errors();
                sb.append(String.format(Locale.ROOT, "  %s [%s] errors=%d (fp %d, fn %d, location %d, severity %d, comparison %d): %s%n",
                        v.variant().id(), String.join("; ", parts), e.total(), e.fp(), e.fn(), e.locationErrors(),
                        e.severityErrors(), e.comparisonErrors(), v.variant().candidate()));
            }
        }
        return sb.toString();
    }

    static final List<String> CSV_COLUMNS = List.of("id", "edits", "targets", "expected_errors", "error_count", "fp", "fn",
            "location_errors", "severity_errors", "comparison_errors", "caught", "any_error", "exact", "failure", "reference", "candidate");

    static String csv(Qualification.Result r) {
        StringBuilder sb = new StringBuilder(Csv.row(CSV_COLUMNS));
        for (Qualification.VariantResult v : r.variants()) {
            var b = v.errors();
            sb.append(Csv.row(List.of(v.variant().id(),
                    v.variant().edits().stream().map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("+")),
                    String.join("+", v.variant().targets()), v.variant().expectedErrors(),
                    b == null ? "" : b.total(), b == null ? "" : b.fp(), b == null ? "" : b.fn(), b == null ? "" : b.locationErrors(),
                    b == null ? "" : b.severityErrors(), b == null ? "" : b.comparisonErrors(), v.judged() ? v.caught() : "",
                    v.judged() ? v.anyError() : "", v.judged() ? v.exact() : "", v.failure() == null ? "" : v.failure(),
                    v.variant().reference(), v.variant().candidate())));
        }
        return sb.toString();
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String ci(Interval i) {
        return i == null ? "-" : String.format(Locale.ROOT, "[%.1f, %.1f]", 100 * i.lo(), 100 * i.hi());
    }
}
