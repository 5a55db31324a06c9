package org.speccxr.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.util.InputException;
import org.speccxr.io.VerdictIO;
import org.speccxr.output.OutputWriter;
import org.speccxr.stats.Agreement;
import org.speccxr.stats.Agreement.EntityAgreement;
import org.speccxr.stats.Agreement.Table;
import org.speccxr.stats.Agreement.Tables;
import org.speccxr.util.Csv;
import org.speccxr.util.Json;
import org.speccxr.verdict.VerdictRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "agree", mixinStandardHelpOptions = true,
        description = {"Agreement of two verdict files over the same pairs (two judges, two runs, or a judge and a human "
                + "annotation in the same format), matched on id, model and run: per-attribute agreement and Cohen's kappa, "
                + "overall and per entity.",
                "Presence compares TP/FP/FN/absent over the entities either file lists; an unlisted entity counts as "
                + "absent, like TN. Location, severity and comparison compare the items both files call TP."})
public final class AgreeCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--a", required = true, paramLabel = "FILE", description = "First verdict file (evaluations.jsonl format), e.g. the judge.")
    Path a;

    @Option(names = "--b", required = true, paramLabel = "FILE", description = "Second verdict file, e.g. the human annotation.")
    Path b;

    @Option(names = "--entities", paramLabel = "SET", description = "Entity set of the verdicts: " + EntitySetArg.NAMES + ".")
    String entities;

    @Option(names = "--out", paramLabel = "FILE", description = "Write overall and per-entity agreement to FILE (.csv or .json).")
    Path out;

    @Option(names = "--per-entity", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Print the per-entity table (default: yes).")
    boolean perEntity;

    @Option(names = "--allow-mixed", description = "Read a file that holds records of several judges or entity sets,"
            + " keeping them apart per judge and model (refused otherwise).")
    boolean allowMixed;

    @Override
    public Integer call() {
        if (out != null) {
            OutputWriter.format(out, "--out", "csv", "json");
        }
        EntitySet set = EvaluationsFile.entitySet(entities, a);
        VerdictIO.Contents ca = EvaluationsFile.read(a, set, allowMixed, spec.commandLine().getErr()),
                cb = EvaluationsFile.read(b, set, allowMixed, spec.commandLine().getErr());
        List<VerdictRecord> ra = ca.records(), rb = cb.records();
        Agreement.Result r;
        try {
            r = Agreement.compute(ra, rb, set);
        } catch (Agreement.DuplicateRecord e) {
            throw new InputException("evaluations file " + ("A".equals(e.which) ? a : b) + ": " + e.getMessage());
        }
        if (r.matched() == 0) {
            String hint = Agreement.runsDiffer(ra, rb) ? "the ids and models match but the run numbers differ"
                    : Agreement.modelsDiffer(ra, rb) ? "the ids match but the model names differ"
                    : "no id is in both";
            throw new InputException("no record of " + a + " matches one of " + b + " on (id, model, run): " + hint);
        }
        spec.commandLine().getOut().print(render(r));
        if (out != null) {
            OutputWriter.writeFile(out, OutputWriter.format(out, "--out", "csv", "json").equals("csv") ? csv(r) : json(r, ca.info(), cb.info()));
            spec.commandLine().getErr().println("spec-cxr: wrote " + out);
        }
        return 0;
    }

    private String render(Agreement.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "A = %s, B = %s: %d records matched on (id, model, run)", a, b, r.matched()));
        if (r.onlyA() + r.onlyB() > 0) {
            sb.append(String.format(Locale.ROOT, "; left out %d only in A, %d only in B", r.onlyA(), r.onlyB()));
        }
        sb.append("\n\n");
        Tables o = r.overall();
        TextTable t = new TextTable("attribute", "items", "agreed", "agreement", "kappa");
        t.add("presence (entities either file lists)", o.presence().items(), o.presence().agreed(), pct(o.presence().agreement()), k(o.presence().kappa()));
        t.add("presence (positive on at least one side)", o.presencePositive().items(), o.presencePositive().agreed(),
                pct(o.presencePositive().agreement()), k(o.presencePositive().kappa()));
        t.add("location (both TP, location applies)", o.location().items(), o.location().agreed(), pct(o.location().agreement()), k(o.location().kappa()));
        t.add("severity (both TP, severity applies)", o.severity().items(), o.severity().agreed(), pct(o.severity().agreement()), k(o.severity().kappa()));
        t.add("comparison (both TP)", o.comparison().items(), o.comparison().agreed(), pct(o.comparison().agreement()), k(o.comparison().kappa()));
        sb.append(t.render());
        sb.append("\npresence confusion (rows: A, columns: B; absent = TN or not listed):\n");
        TextTable c = new TextTable("A \\ B", "TP", "FP", "FN", "absent");
        for (int i = 0; i < 4; i++) {
            long[] row = o.presence().confusion()[i];
            c.add(Agreement.PRESENCE.get(i), row[0], row[1], row[2], row[3]);
        }
        sb.append(c.render());
        if (perEntity && !r.entities().isEmpty()) {
            sb.append("\nper entity (listed by either file):\n");
            TextTable e = new TextTable("entity", "items", "presence", "kappa", "positive", "location", "severity", "comparison");
            for (EntityAgreement ea : r.entities()) {
                Tables x = ea.tables();
                e.add(ea.entity().id(), x.presence().items(), pct(x.presence().agreement()), k(x.presence().kappa()),
                        frac(x.presencePositive()), frac(x.location()), frac(x.severity()), frac(x.comparison()));
            }
            sb.append(e.render());
            sb.append("(positive, location, severity, comparison: agreement % (items); kappa '-' where undefined: one category only)\n");
        }
        return sb.toString();
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String k(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String frac(Table t) {
        return t.items() == 0 ? "-" : pct(t.agreement()) + " (" + t.items() + ")";
    }

    static final List<String> CSV_COLUMNS = List.of("entity", "name", "attribute", "items", "agreed", "agreement", "kappa");

    static String csv(Agreement.Result r) {
        StringBuilder sb = new StringBuilder(Csv.row(CSV_COLUMNS));
        csvRows(sb, "_overall", "all entities", r.overall());
        for (EntityAgreement ea : r.entities()) {
            csvRows(sb, ea.entity().id(), ea.entity().name(), ea.tables());
        }
        return sb.toString();
    }

    private static void csvRows(StringBuilder sb, String id, String name, Tables t) {
        String[] names = {"presence", "presence_positive", "location", "severity", "comparison"};
        Table[] ts = {t.presence(), t.presencePositive(), t.location(), t.severity(), t.comparison()};
        for (int i = 0; i < ts.length; i++) {
            sb.append(Csv.row(List.of(id, name, names[i], ts[i].items(), ts[i].agreed(), Csv.num(ts[i].agreement()), Csv.num(ts[i].kappa()))));
        }
    }

    static String json(Agreement.Result r, VerdictIO.FileInfo a, VerdictIO.FileInfo b) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.putObject("provenance").set("a", EvaluationsFile.provenanceJson(a));
        ((ObjectNode) root.get("provenance")).set("b", EvaluationsFile.provenanceJson(b));
        root.put("matched", r.matched()).put("only_a", r.onlyA()).put("only_b", r.onlyB());
        root.set("overall", tables(r.overall(), true));
        ArrayNode es = root.putArray("entities");
        for (EntityAgreement ea : r.entities()) {
            ObjectNode e = tables(ea.tables(), false);
            e.put("entity", ea.entity().id()).put("name", ea.entity().name());
            es.add(e);
        }
        try {
            return Json.PRETTY.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode tables(Tables t, boolean confusion) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        table(o.putObject("presence"), t.presence(), confusion);
        table(o.putObject("presence_positive"), t.presencePositive(), confusion);
        table(o.putObject("location"), t.location(), confusion);
        table(o.putObject("severity"), t.severity(), confusion);
        table(o.putObject("comparison"), t.comparison(), confusion);
        return o;
    }

    private static void table(ObjectNode o, Table t, boolean confusion) {
        o.put("items", t.items()).put("agreed", t.agreed());
        num(o, "agreement", t.agreement());
        num(o, "kappa", t.kappa());
        if (confusion) {
            ObjectNode c = o.putObject("confusion");
            c.set("categories", Json.MAPPER.valueToTree(t.categories()));
            ArrayNode rows = c.putArray("rows_a_columns_b");
            for (long[] row : t.confusion()) {
                ArrayNode x = rows.addArray();
                for (long v : row) {
                    x.add(v);
                }
            }
        }
    }

    private static void num(ObjectNode o, String k, double v) {
        if (Double.isNaN(v)) {
            o.putNull(k);
        } else {
            o.put(k, Math.round(v * 1e6) / 1e6);
        }
    }
}
