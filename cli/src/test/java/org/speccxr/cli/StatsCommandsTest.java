package org.speccxr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speccxr.output.ScoreFiles;
import org.speccxr.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The statistics commands end to end on the bundled example, and their one-line errors. */
class StatsCommandsTest {
    static final String EXAMPLE = "../examples/pairs.csv";

    @TempDir
    static Path dir;
    static Path evals;

    @BeforeAll
    static void evaluate() {
        Cli.Result r = Cli.run("evaluate", "--input", EXAMPLE, "--out", dir.resolve("out").toString(), "--bootstrap", "200");
        assertThat(r.exit()).as(r.err()).isZero();
        evals = dir.resolve("out/evaluations.jsonl");
    }

    @Test
    void scoreFilesCarryIntervalsAfterTheExistingColumns() throws IOException {
        List<String> entity = Files.readAllLines(dir.resolve("out/entity_scores.csv"));
        assertThat(entity.get(0)).isEqualTo(String.join(",", ScoreFiles.ENTITY_COLUMNS))
                .startsWith("model,entity,name,kind,category,group,tp,fp,fn,tn,support,f1,location_accuracy,location_n,"
                        + "severity_accuracy,severity_n,comparison_accuracy,comparison_errors,f1_lo,f1_hi,");
        String effusion = entity.stream().filter(l -> l.startsWith("model-a,pleural_effusion,")).findFirst().orElseThrow();
        assertThat(effusion).endsWith(",1.0000,1.0000,1.0000,1.0000,1.0000,1.0000,1.0000,1.0000");
        assertThat(Files.readAllLines(dir.resolve("out/group_scores.csv")).get(0)).endsWith("comparison_accuracy,f1_lo,f1_hi,"
                + "location_accuracy_lo,location_accuracy_hi,severity_accuracy_lo,severity_accuracy_hi,comparison_accuracy_lo,comparison_accuracy_hi");
        JsonNode s = Json.MAPPER.readTree(dir.resolve("out/summary.json").toFile());
        assertThat(s.path("bootstrap").path("resamples").asInt()).isEqualTo(200);
        assertThat(s.path("bootstrap").path("unit").asText()).isEqualTo("id");
        JsonNode b = s.path("models").path("model-b");
        assertThat(b.path("mean_error_count_ci").path("lo").asDouble()).isLessThanOrEqualTo(b.path("mean_error_count").asDouble());
        assertThat(b.path("mean_error_count_ci").path("hi").asDouble()).isGreaterThanOrEqualTo(b.path("mean_error_count").asDouble());
        assertThat(b.path("macro_ci").path("f1").has("lo")).isTrue();
        assertThat(b.path("groups").get(0).has("f1_ci")).isTrue();
    }

    @Test
    void bootstrapZeroLeavesTheIntervalCellsEmpty() throws IOException {
        Path out = dir.resolve("nobs");
        assertThat(Cli.run("score", "--evaluations", evals.toString(), "--out", out.toString(), "--bootstrap", "0").exit()).isZero();
        assertThat(Files.readAllLines(out.resolve("entity_scores.csv")).get(1)).endsWith(",,,,,,,,");
        assertThat(Files.readString(out.resolve("summary.json"))).contains("\"resamples\" : 0").contains("\"mean_error_count_ci\" : null");
        Cli.Result bad = Cli.run("score", "--evaluations", evals.toString(), "--out", out.toString(), "--bootstrap", "1");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--bootstrap must be 0 (off) or at least 2").doesNotContain("Exception");
    }

    @Test
    void compareFindsTheBetterModel() throws IOException {
        Path csv = dir.resolve("cmp.csv"), json = dir.resolve("cmp.json");
        Cli.Result r = Cli.run("compare", "--evaluations", evals.toString(), "--out", csv.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("model-a vs model-b: 6 shared reference ids; exact randomisation test (64 swaps)")
                // every id favours model-a: only "swap none" and "swap all" of the 2^6 reach |d|, p = 2/64
                .containsPattern("mean error count\\s+\\d\\.\\d{3}\\s+\\d\\.\\d{3}\\s+-\\d\\.\\d{3} .* 0\\.0313 .* model-a");
        assertThat(Files.readAllLines(csv).get(0)).isEqualTo(String.join(",", CompareCommand.CSV_COLUMNS));
        assertThat(Cli.run("compare", "--evaluations", evals.toString(), "--baseline", "model-b", "--out", json.toString()).exit()).isZero();
        JsonNode j = Json.MAPPER.readTree(json.toFile());
        assertThat(j.path("comparisons").get(0).path("rows").get(0).path("better").asText()).isEqualTo("model-a");
        Cli.Result bad = Cli.run("compare", "--evaluations", evals.toString(), "--baseline", "model-z");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err().strip()).startsWith("spec-cxr: error: --baseline 'model-z' is not a model").doesNotContain("\n");
    }

    @Test
    void agreeOfAFileWithItselfIsPerfectAndWithUncertainNegativeIsNot() throws IOException {
        Cli.Result same = Cli.run("agree", "--a", evals.toString(), "--b", evals.toString(), "--no-per-entity");
        assertThat(same.exit()).as(same.err()).isZero();
        assertThat(same.out()).containsPattern("presence \\(entities either file lists\\)\\s+59\\s+59\\s+100\\.0%\\s+1\\.000");
        Path neg = dir.resolve("neg");
        Cli.run("evaluate", "--input", EXAMPLE, "--out", neg.toString(), "--uncertain", "negative", "--bootstrap", "0");
        Path json = dir.resolve("agree.json");
        Cli.Result r = Cli.run("agree", "--a", evals.toString(), "--b", neg.resolve("evaluations.jsonl").toString(), "--out", json.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = Json.MAPPER.readTree(json.toFile());
        assertThat(j.path("overall").path("presence").path("items").asInt()).isEqualTo(59);
        assertThat(j.path("overall").path("presence").path("agreed").asInt()).isEqualTo(57);
    }

    @Test
    void alignReportsABootstrapIntervalOfTauB() throws IOException {
        Path human = Files.writeString(dir.resolve("human.csv"),
                "id,model,error_count\np01,model-a,0\np02,model-a,1\np03,model-a,0\np04,model-a,0\np05,model-a,1\np06,model-a,2\n"
                        + "p01,model-b,2\np02,model-b,5\np03,model-b,3\np04,model-b,3\np05,model-b,2\np06,model-b,4\n");
        Cli.Result r = Cli.run("align", "--scores", dir.resolve("out/report_scores.csv").toString(), "--human", human.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertThat(j.path("tau_b_ci").path("lo").asDouble()).isLessThanOrEqualTo(j.path("tau_b_mean").asDouble());
        assertThat(j.path("bootstrap").path("resamples").asInt()).isEqualTo(1000);
    }

    @Test
    void coverageComparesEntitySets() {
        Cli.Result r = Cli.run("coverage", "--input", EXAMPLE, "--entities", "spec-cxr", "--entities", "chexpert14");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("spec-cxr\\s+122\\s+6\\s+6 \\(100\\.0%\\)").containsPattern("chexpert14\\s+13\\s+6\\s+4 \\(66\\.7%\\)")
                .contains("No acute bony abnormality.");
    }

    @Test
    void qualifyTheRulesJudge() throws IOException {
        Path csv = dir.resolve("q.csv");
        Cli.Result r = Cli.run("qualify", "--input", EXAMPLE, "--out", csv.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("judge rules on 6 reference report(s)", "delete_finding", "paraphrases scored zero");
        assertThat(Files.readAllLines(csv).get(0)).isEqualTo(String.join(",", QualifyCommand.CSV_COLUMNS));
    }
}
