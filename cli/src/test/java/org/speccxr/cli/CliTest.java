package org.speccxr.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {
    static final Path EXAMPLE = Path.of("../examples/pairs.csv");

    @Test
    void evaluateWritesAllOutputsAndScoreReproducesThem(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("evaluate", "--input", EXAMPLE.toString(), "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        for (String f : List.of("evaluations.jsonl", "report_scores.csv", "entity_scores.csv", "summary.json", "report.html")) {
            assertThat(out.resolve(f)).isNotEmptyFile();
        }
        assertThat(Files.readString(out.resolve("report_scores.csv")))
                .startsWith("id,model,run,error_count,fp,fn,location_errors,severity_errors,comparison_errors");
        assertThat(Files.readString(out.resolve("entity_scores.csv"))).startsWith(
                "model,entity,name,kind,category,group,tp,fp,fn,tn,support,f1,location_accuracy");
        // a header with the provenance, then a record per pair
        List<String> lines = Files.readAllLines(out.resolve("evaluations.jsonl"));
        assertThat(lines).hasSize(13);
        assertThat(lines.get(0)).startsWith("{\"record_type\":\"header\",\"format_version\":1,\"provenance\":{")
                .contains("\"judge\":\"rules\"", "\"rules_hash\":\"sha256:", "\"uncertain\":\"positive\"",
                        "\"input_hash\":\"sha256:", "\"entity_set\":{", "\"created\":")
                .doesNotContain("\"id\"");
        // the bundled example exercises every verdict value
        String ev = Files.readString(out.resolve("evaluations.jsonl"));
        for (String v : List.of("\"TP\"", "\"FP\"", "\"FN\"", "\"TN\"", "\"location\":\"aligned\"", "\"location\":\"not-aligned\"",
                "\"location\":\"not-available\"", "\"severity\":\"aligned\"", "\"severity\":\"not-aligned\"",
                "\"severity\":\"not-available\"", "adding-unmentioned-comparison", "missing-mentioned-comparison",
                "\"comparison\":\"other\"")) {
            assertThat(ev).as("example verdicts include %s", v).contains(v);
        }
        String summary = Files.readString(out.resolve("summary.json"));
        assertThat(summary).contains("\"entity_set\"", "\"tool_version\"", "\"input_hash\" : \"sha256:", "\"judge\" : \"rules\"",
                "\"model-a\"", "\"model-b\"", "\"macro\"", "\"groups\"");

        Path again = dir.resolve("again");
        Cli.Result s = Cli.run("score", "--evaluations", out.resolve("evaluations.jsonl").toString(), "--out", again.toString());
        assertThat(s.exit()).as(s.err()).isZero();
        for (String f : List.of("report_scores.csv", "entity_scores.csv", "group_scores.csv", "evaluations.jsonl")) {
            assertThat(Files.readString(again.resolve(f))).as(f).isEqualTo(Files.readString(out.resolve(f)));
        }
        assertThat(again.resolve("report.html")).isNotEmptyFile();
        // score carries the provenance of the records over unchanged, and says apart how it re-scored them
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var evaluated = mapper.readTree(out.resolve("summary.json").toFile());
        var rescored = mapper.readTree(again.resolve("summary.json").toFile());
        assertThat(rescored.get("provenance")).isEqualTo(evaluated.get("provenance"));
        assertThat(rescored.get("provenance").get("judge_parameters").get("uncertain").asText()).isEqualTo("positive");
        assertThat(rescored.get("scoring").get("command").asText()).isEqualTo("score");
        assertThat(rescored.get("scoring").get("evaluations_hash").asText()).startsWith("sha256:");
    }

    @Test
    void scoreKeepsTheProvenanceOfOtherJudgeParameters(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("neg");
        assertThat(Cli.run("evaluate", "--input", EXAMPLE.toString(), "--out", out.toString(), "--uncertain", "negative",
                "--bootstrap", "0").exit()).isZero();
        Cli.Result s = Cli.run("score", "--evaluations", out.resolve("evaluations.jsonl").toString(), "--out",
                dir.resolve("again").toString(), "--bootstrap", "0");
        assertThat(s.exit()).as(s.err()).isZero();
        assertThat(Files.readString(dir.resolve("again/summary.json"))).contains("\"uncertain\" : \"negative\"");
    }

    @Test
    void aFileMixingTwoJudgesIsRefusedUnlessAllowedThenScoredApart(@TempDir Path dir) throws IOException {
        Path pos = dir.resolve("pos"), neg = dir.resolve("neg");
        Cli.run("evaluate", "--input", EXAMPLE.toString(), "--out", pos.toString(), "--bootstrap", "0");
        Cli.run("evaluate", "--input", EXAMPLE.toString(), "--out", neg.toString(), "--uncertain", "negative", "--bootstrap", "0");
        Path mixed = dir.resolve("mixed.jsonl");
        Files.writeString(mixed, Files.readString(pos.resolve("evaluations.jsonl")) + Files.readString(neg.resolve("evaluations.jsonl")));
        for (String command : List.of("score", "report", "compare")) {
            List<String> args = new java.util.ArrayList<>(List.of(command, "--evaluations", mixed.toString()));
            if (!command.equals("compare")) {
                args.addAll(List.of("--out", dir.resolve(command + (command.equals("report") ? ".html" : "")).toString()));
            }
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertThat(r.exit()).as(command).isEqualTo(Main.EXIT_ERROR);
            assertThat(r.err().strip()).as(command).doesNotContain("\n")
                    .contains("mixes records of two judges", "'rules' (line 1)", "uncertain=negative (not positive)",
                            "--allow-mixed");
        }
        Cli.Result ok = Cli.run("score", "--evaluations", mixed.toString(), "--out", dir.resolve("both").toString(),
                "--allow-mixed", "--bootstrap", "0");
        assertThat(ok.exit()).as(ok.err()).isZero();
        String groups = Files.readString(dir.resolve("both/group_scores.csv"));
        assertThat(groups).contains("model-a [rules #1]", "model-a [rules #2]", "model-b [rules #1]", "model-b [rules #2]");
        assertThat(Files.readString(dir.resolve("both/summary.json"))).contains("\"judge_runs\"");
    }

    @Test
    void aFileWithoutAHeaderStillReadsWithANote(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        Cli.run("evaluate", "--input", EXAMPLE.toString(), "--out", out.toString(), "--bootstrap", "0");
        List<String> lines = Files.readAllLines(out.resolve("evaluations.jsonl"));
        Path old = write(dir, "old.jsonl", String.join("\n", lines.subList(1, lines.size())) + "\n");
        Cli.Result r = Cli.run("score", "--evaluations", old.toString(), "--out", dir.resolve("again").toString(), "--bootstrap", "0");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("has no header line").contains("provenance is unknown");
        assertThat(Files.readString(dir.resolve("again/report_scores.csv"))).isEqualTo(Files.readString(out.resolve("report_scores.csv")));
    }

    @Test
    void theHeaderNamesTheEntitySetSoScoreNeedsNoEntitiesOption(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        assertThat(Cli.run("evaluate", "--input", EXAMPLE.toString(), "--out", out.toString(), "--entities", "chexpert14",
                "--bootstrap", "0").exit()).isZero();
        Cli.Result r = Cli.run("score", "--evaluations", out.resolve("evaluations.jsonl").toString(), "--out",
                dir.resolve("again").toString(), "--bootstrap", "0");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("again/entity_scores.csv"))).isEqualTo(Files.readString(out.resolve("entity_scores.csv")));
        Cli.Result wrong = Cli.run("score", "--evaluations", out.resolve("evaluations.jsonl").toString(), "--out",
                dir.resolve("wrong").toString(), "--entities", "spec-cxr");
        assertThat(wrong.exit()).isEqualTo(Main.EXIT_ERROR);
        assertThat(wrong.err()).contains("judged with entity set 'chexpert14'", "pass the same set with --entities");
    }

    @Test
    void evaluationsAreByteIdenticalOnEveryRun(@TempDir Path dir) throws IOException {
        Cli.run("evaluate", "--input", EXAMPLE.toString(), "--out", dir.resolve("a").toString(), "--concurrency", "4");
        Cli.run("evaluate", "--input", EXAMPLE.toString(), "--out", dir.resolve("b").toString(), "--concurrency", "1");
        assertThat(Cli.withoutCreated(dir.resolve("a/evaluations.jsonl"))).isEqualTo(Cli.withoutCreated(dir.resolve("b/evaluations.jsonl")));
    }

    @Test
    void severalRunsAreNumbered(@TempDir Path dir) throws IOException {
        Cli.Result r = Cli.run("evaluate", "--input", EXAMPLE.toString(), "--out", dir.toString(), "--runs", "3");
        assertThat(r.exit()).isZero();
        List<String> lines = Files.readAllLines(dir.resolve("evaluations.jsonl"));
        assertThat(lines).hasSize(37);
        assertThat(lines.get(1)).contains("\"run\":1");
        assertThat(lines.get(3)).contains("\"run\":3");
    }

    private static Path write(Path dir, String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** Runs evaluate and expects a one-line error containing {@code expected} and a non-zero exit. */
    private static void expectError(Path dir, String expected, String... args) {
        Cli.Result r = Cli.run(args);
        assertThat(r.exit()).as("exit for %s", String.join(" ", args)).isNotZero();
        String err = r.err().strip();
        assertThat(err).as("stderr").contains(expected);
        assertThat(err.lines().count()).as("one line: %s", err).isEqualTo(1);
        assertThat(err).doesNotContain("Exception", "\tat ");
    }

    @Test
    void badInputGetsAOneLineErrorAndNonZeroExit(@TempDir Path dir) throws IOException {
        String out = dir.resolve("out").toString();
        expectError(dir, "input file not found", "evaluate", "--input", dir.resolve("nope.csv").toString(), "--out", out);
        expectError(dir, "is empty", "evaluate", "--input", write(dir, "empty.csv", "").toString(), "--out", out);
        expectError(dir, "missing column 'candidate'", "evaluate", "--input",
                write(dir, "nocol.csv", "id,reference\n1,Normal.\n").toString(), "--out", out);
        expectError(dir, "duplicate pair id '1'", "evaluate", "--input",
                write(dir, "dup.csv", "id,reference,candidate\n1,a,b\n1,c,d\n").toString(), "--out", out);
        expectError(dir, "empty id", "evaluate", "--input",
                write(dir, "emptyid.csv", "id,reference,candidate\n ,a,b\n").toString(), "--out", out);
        expectError(dir, "line 2: not valid JSON", "evaluate", "--input",
                write(dir, "broken.jsonl", "{\"id\":\"1\",\"reference\":\"a\",\"candidate\":\"b\"}\n{\"id\":\"2\",\"refer\n").toString(), "--out", out);
        Path bin = dir.resolve("garbage.csv");
        Files.write(bin, new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff, (byte) 0xfe});
        expectError(dir, "is binary, not text", "evaluate", "--input", bin.toString(), "--out", out);
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, "id,reference,candidate\n1,\u00e9panchement,x\n".getBytes(StandardCharsets.ISO_8859_1));
        expectError(dir, "not UTF-8", "evaluate", "--input", latin1.toString(), "--out", out);
        expectError(dir, "must end in .csv, .tsv or .jsonl", "evaluate", "--input", write(dir, "pairs.txt", "x").toString(), "--out", out);
        expectError(dir, "is a directory", "evaluate", "--input", dir.toString(), "--out", out);
        expectError(dir, "unknown judge 'gpt5'", "evaluate", "--input", EXAMPLE.toString(), "--out", out, "--judge", "gpt5");
        assertThat(Cli.run("evaluate", "--input", EXAMPLE.toString(), "--out", out, "--judge", "gpt5").exit())
                .as("a misspelt judge is a usage error").isEqualTo(Main.EXIT_USAGE);
        assertThat(Cli.run("evaluate", "--input", EXAMPLE.toString(), "--out", out, "--judge", "openai:").exit())
                .isEqualTo(Main.EXIT_USAGE);
        expectError(dir, "--structured-output must be schema or tool", "evaluate", "--input", EXAMPLE.toString(), "--out", out,
                "--judge", "openai:gpt-4o", "--structured-output", "grammar");
        assertThat(Cli.run("evaluate", "--input", EXAMPLE.toString(), "--out", out, "--judge", "ollama:llama3.1",
                "--structured-output", "tool").exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(Cli.run("evaluate", "--input", dir.resolve("nope.csv").toString(), "--out", out).exit())
                .as("a missing input file is bad input").isEqualTo(Main.EXIT_ERROR);
        expectError(dir, "--runs must be at least 1", "evaluate", "--input", EXAMPLE.toString(), "--out", out, "--runs", "0");
        expectError(dir, "--concurrency must be at least 1", "evaluate", "--input", EXAMPLE.toString(), "--out", out, "--concurrency", "-2");
        expectError(dir, "Invalid value for option '--runs'", "evaluate", "--input", EXAMPLE.toString(), "--out", out, "--runs", "many");
        expectError(dir, "Unknown option: '--colour'", "evaluate", "--input", EXAMPLE.toString(), "--out", out, "--colour");
        expectError(dir, "give the pairs: --input FILE, or --references FILE --candidates", "evaluate", "--out", out);
        expectError(dir, "--uncertain must be positive or negative", "evaluate", "--input", EXAMPLE.toString(), "--out", out, "--uncertain", "maybe");
        expectError(dir, "duplicate entity id", "evaluate", "--input", EXAMPLE.toString(), "--out", out, "--entities",
                write(dir, "bad.yaml", "version: '1'\ngroups: [g]\nentities:\n  - {id: a, name: A, kind: finding, category: c, group: g, location: false, severity: false}\n"
                        + "  - {id: a, name: A, kind: finding, category: c, group: g, location: false, severity: false}\n").toString());
        Path file = write(dir, "afile", "x");
        expectError(dir, "exists and is not a directory", "evaluate", "--input", EXAMPLE.toString(), "--out", file.toString());
        expectError(dir, "not a verdict record", "score", "--evaluations",
                write(dir, "ev.jsonl", "{\"id\":\"1\",\"entities\":[{\"entity\":\"pneumonia\",\"presence\":\"MAYBE\"}]}\n").toString(), "--out", out);
        String rec = "{\"id\":\"1\",\"model\":\"m\",\"run\":1,\"entities\":[{\"entity\":\"pneumonia\",\"presence\":\"FP\"}]}\n";
        expectError(dir, "a second record for id '1', model 'm', run 1", "score", "--evaluations",
                write(dir, "dupe.jsonl", rec + rec).toString(), "--out", out);
        expectError(dir, "run must be 1 or more", "score", "--evaluations",
                write(dir, "negrun.jsonl", rec.replace("\"run\":1", "\"run\":-4")).toString(), "--out", out);
        expectError(dir, "not a verdict record (a value is missing or null)", "score", "--evaluations",
                write(dir, "nullent.jsonl", "{\"id\":\"x\",\"run\":1,\"entities\":[null]}\n").toString(), "--out", out);
        expectError(dir, "were they judged with another set? Pass it with --entities", "score", "--evaluations",
                write(dir, "other.jsonl", rec.replace("pneumonia", "unicorn_sign")).toString(), "--out", out);
        expectError(dir, "row 2: 2 field(s) but the header has 3", "evaluate", "--input",
                write(dir, "short.csv", "id,reference,candidate\n1,Small effusion.\n").toString(), "--out", out);
        expectError(dir, "column 'id' appears twice", "evaluate", "--input",
                write(dir, "twice.csv", "id,reference,candidate,id\n1,a,b,2\n").toString(), "--out", out);
        expectError(dir, "'NaN' is not a count", "align", "--scores",
                write(dir, "rs.csv", "id,model,run,error_count\na,m,1,1\nb,m,1,2\n").toString(), "--human",
                write(dir, "hn.csv", "id,error_count\na,NaN\nb,1\n").toString());
        expectError(dir, "missing column 'report'", "label", "--input", EXAMPLE.toString(), "--out", dir.resolve("l.csv").toString());
        expectError(dir, "unknown label set 'radlex'", "label", "--input", write(dir, "r.csv", "id,report\n1,x\n").toString(),
                "--out", dir.resolve("l.csv").toString(), "--labelset", "radlex");
    }

    @Test
    void oddButValidInputWorks(@TempDir Path dir) throws IOException {
        String big = "Small right pleural effusion. ".repeat(70_000); // about 2 MB
        Path csv = write(dir, "odd.csv", "id,model,reference,candidate\n"
                + "empty,m,\"Moderate cardiomegaly.\",\n"
                + "unicode,m,\"Épanchement pleural droit — small right pleural effusion ✓.\",\"Small right pleural effusion 😀.\"\n"
                + "quotes,m,\"He said \"\"no pneumothorax\"\".\nSecond line: small left effusion.\",\"No pneumothorax.\r\nSmall left effusion.\"\n"
                + "big,m,\"" + big + "\",\"" + big + "\"\n");
        Cli.Result r = Cli.run("evaluate", "--input", csv.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String scores = Files.readString(dir.resolve("o/report_scores.csv"));
        assertThat(scores).contains("empty,m,1,1,0,1,").contains("big,m,1,0,");
        Path jsonl = write(dir, "odd.jsonl", "{\"id\": 7, \"reference\": \"No effusion.\", \"candidate\": \"\"}\n\n");
        assertThat(Cli.run("evaluate", "--input", jsonl.toString(), "--out", dir.resolve("j").toString()).exit()).isZero();
        // a null is not an empty report: it is refused rather than judged as text
        expectError(dir, "line 1: field 'candidate' is a JSON null, not a string", "evaluate", "--input",
                write(dir, "null.jsonl", "{\"id\": 7, \"reference\": \"No effusion.\", \"candidate\": null}\n").toString(),
                "--out", dir.resolve("j").toString());
    }

    @Test
    void aCustomEntitySetWorksWithTheBundledRules(@TempDir Path dir) throws IOException {
        Path set = write(dir, "tiny.yaml", "version: '1'\ngroups: [pleura]\nentities:\n"
                + "  - {id: pleural_effusion, name: Effusion, kind: finding, category: pleura, group: pleura, location: true,"
                + " severity: true, synonyms: [effusion, pleural effusion]}\n");
        Cli.Result r = Cli.run("evaluate", "--input", EXAMPLE.toString(), "--out", dir.resolve("o").toString(), "--entities", set.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("o/entity_scores.csv")).lines()).allMatch(l -> l.startsWith("model") || l.contains(",pleural_effusion,"));
    }

    @Test
    void scoringRecordsWithSomeUnknownEntitiesWarns(@TempDir Path dir) throws IOException {
        Path ev = write(dir, "ev.jsonl", "{\"id\":\"1\",\"run\":1,\"entities\":[{\"entity\":\"pneumonia\",\"presence\":\"FP\"},"
                + "{\"entity\":\"unicorn_sign\",\"presence\":\"FN\"}]}\n");
        Cli.Result r = Cli.run("score", "--evaluations", ev.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("warning: 1 of 2 verdict entries", "unicorn_sign");
    }

    @Test
    void optionsTheJudgeDoesNotUseAreNamed(@TempDir Path dir) {
        Cli.Result r = Cli.run("evaluate", "--input", EXAMPLE.toString(), "--out", dir.toString(), "--temperature", "0.7");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("note: --temperature is not used by the rules judge");
    }

    @Test
    void theBundledCheXpert14SetCanJudgeByName(@TempDir Path dir) throws IOException {
        Cli.Result r = Cli.run("evaluate", "--input", EXAMPLE.toString(), "--out", dir.toString(), "--entities", "chexpert14");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("summary.json"))).contains("\"source\" : \"chexpert14\"");
        assertThat(Files.readString(dir.resolve("entity_scores.csv"))).contains(",support_devices,");
    }

    @Test
    void labelWritesTheCheXpertConvention(@TempDir Path dir) throws IOException {
        Path in = write(dir, "reports.csv", "id,report\n1,\"No pleural effusion. Possible left lower lobe pneumonia. Moderate cardiomegaly.\"\n2,\"\"\n");
        Path out = dir.resolve("labels.csv");
        Cli.Result r = Cli.run("label", "--input", in.toString(), "--out", out.toString(), "--labelset", "chexpert");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).startsWith("id,No Finding,Enlarged Cardiomediastinum,Cardiomegaly,");
        String[] header = lines.get(0).split(",", -1);
        String[] row = lines.get(1).split(",", -1);
        assertThat(row[List.of(header).indexOf("Cardiomegaly")]).isEqualTo("1");
        assertThat(row[List.of(header).indexOf("Pneumonia")]).isEqualTo("-1");
        assertThat(row[List.of(header).indexOf("Pleural Effusion")]).isEqualTo("0");
        assertThat(row[List.of(header).indexOf("Fracture")]).isEmpty();
        assertThat(row[List.of(header).indexOf("No Finding")]).isEmpty();
        assertThat(lines.get(2)).isEqualTo("2,1,,,,,,,,,,,,,");

        // U-Ones and U-Zeros: only the -1 cells change
        for (String[] policy : new String[][]{{"positive", "1"}, {"negative", "0"}}) {
            Path o = dir.resolve("labels-" + policy[0] + ".csv");
            assertThat(Cli.run("label", "--input", in.toString(), "--out", o.toString(), "--labelset", "chexpert",
                    "--uncertain", policy[0]).exit()).isZero();
            String[] u = Files.readAllLines(o).get(1).split(",", -1);
            assertThat(u[List.of(header).indexOf("Pneumonia")]).isEqualTo(policy[1]);
            assertThat(u[List.of(header).indexOf("Cardiomegaly")]).isEqualTo("1");
            assertThat(u[List.of(header).indexOf("Pleural Effusion")]).isEqualTo("0");
        }
        expectError(dir, "--uncertain must be keep, positive or negative", "label", "--input", in.toString(), "--out",
                dir.resolve("x.csv").toString(), "--uncertain", "maybe");
    }

    @Test
    void entitiesAndHelpWork() {
        Cli.Result r = Cli.run("entities");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("pleural_effusion", "89 findings, 33 diagnoses, 15 groups");
        Cli.Result j = Cli.run("entities", "--json");
        assertThat(j.out()).contains("\"id\" : \"pneumothorax\"", "\"synonyms\"");
        for (String c : List.of("evaluate", "score", "report", "align", "label", "entities", "compare", "agree", "qualify", "coverage")) {
            Cli.Result h = Cli.run(c, "--help");
            assertThat(h.exit()).isZero();
            assertThat(h.out()).contains("Usage: spec-cxr " + c);
            assertThat(h.out() + h.err()).as("help of %s", c).doesNotContain("WARN");
        }
    }

    @Test
    void alignComputesTauBPerRun(@TempDir Path dir) throws IOException {
        Path scores = write(dir, "report_scores.csv", "id,model,run,error_count\n"
                + "a,m,1,1\nb,m,1,2\nc,m,1,2\nd,m,1,3\na,m,2,1\nb,m,2,1\nc,m,2,3\nd,m,2,2\n");
        Path human = write(dir, "human.csv", "id,error_count\na,1\nb,1\nc,3\nd,2\n");
        Cli.Result r = Cli.run("align", "--scores", scores.toString(), "--human", human.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        // run 1: x = 1 2 2 3, y = 1 1 3 2: pairs ab tie in y, ac C, ad C, bc tie in x, bd C, cd D
        // -> C=3, D=1, tx=1, ty=1: tau_b = 2 / sqrt(5 * 5) = 0.4; run 2: identical ranks -> 1.0
        // mean 0.7, sample std sqrt(((0.4-0.7)^2 + (1-0.7)^2) / 1) = sqrt(0.18)
        assertThat(r.out()).contains("\"run\":1,\"tau_b\":0.4,", "\"run\":2,\"tau_b\":1.0", "\"n\":4");
        assertThat(r.out()).contains("\"tau_b_mean\":0.7", "\"tau_b_std\":0.424264068711928"); // sqrt(0.18), last digit rounding aside
    }

    @Test
    void alignmentReachesTheHtmlReportThroughScore(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        assertThat(Cli.run("evaluate", "--input", EXAMPLE.toString(), "--out", out.toString(), "--bootstrap", "200").exit()).isZero();
        StringBuilder human = new StringBuilder("id,model,error_count\n");
        for (String line : Files.readAllLines(out.resolve("report_scores.csv")).subList(1, 13)) {
            String[] c = line.split(",");
            human.append(c[0]).append(',').append(c[1]).append(',').append(Integer.parseInt(c[3]) + (c[0].equals("p03") ? 1 : 0)).append('\n');
        }
        Path h = write(dir, "human.csv", human.toString());
        Cli.Result a = Cli.run("align", "--scores", out.resolve("report_scores.csv").toString(), "--human", h.toString());
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(out.resolve("alignment.json")).isNotEmptyFile();
        assertThat(Cli.run("score", "--evaluations", out.resolve("evaluations.jsonl").toString(), "--out", out.toString()).exit()).isZero();
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("id=\"tau\"", "human.csv");
        // intervals from the bootstrap are shown beside the macro scores
        assertThat(html).contains("class=\"ci\"");
    }

    @Test
    void realProcessPrintsNoStackTrace(@TempDir Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.speccxr.cli.Main", "evaluate",
                "--input", dir.resolve("missing.csv").toString(), "--out", dir.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(output).isEqualTo("spec-cxr: error: input file not found: " + dir.resolve("missing.csv"));
    }
}
