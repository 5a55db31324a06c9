package org.speccxr.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** evaluate --references/--candidates and label on the files report generators write (fixtures of our own). */
class SeparateInputsCliTest {
    // id -> reference, candidate: our own wording, with findings that exercise FP, FN, location and severity errors
    private static final String[][] PAIRS = {
            {"1001", "Small right pleural effusion. Heart size normal.", "Large left pleural effusion. Heart size normal."},
            {"1002", "No acute cardiopulmonary process.", "Cardiomegaly. No pneumothorax."},
            {"1003", "Mild cardiomegaly, stable. Left basilar atelectasis.", "Mild cardiomegaly. Lungs are clear."},
            {"1004", "Right upper lobe pneumonia.", "Right upper lobe pneumonia."},
    };

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void separateFilesScoreAsTheCombinedPairsFile(@TempDir Path dir) throws IOException {
        StringBuilder combined = new StringBuilder("id,model,reference,candidate\n");
        StringBuilder refs = new StringBuilder("{\n"), preds = new StringBuilder("{\n");
        StringBuilder gts = new StringBuilder("study_id,report\n"), predsCsv = new StringBuilder("study_id,report\n");
        for (int i = 0; i < PAIRS.length; i++) {
            String[] p = PAIRS[i];
            combined.append(p[0]).append(",mrg,\"").append(p[1]).append("\",\"").append(p[2]).append("\"\n");
            String sep = i < PAIRS.length - 1 ? ",\n" : "\n";
            refs.append("  ").append(json(p[0])).append(": [").append(json(p[1])).append("]").append(sep);
            preds.append("  ").append(json(p[0])).append(": [").append(json(p[2])).append("]").append(sep);
            gts.append(p[0]).append(",\"").append(p[1]).append("\"\n");
        }
        // the predictions in another order: pairs are joined by id, not by position
        for (int i = PAIRS.length - 1; i >= 0; i--) {
            predsCsv.append(PAIRS[i][0]).append(",\"").append(PAIRS[i][2]).append("\"\n");
        }
        refs.append("}\n");
        preds.append("}\n");
        Path pairsCsv = Files.writeString(dir.resolve("pairs.csv"), combined);
        Path refsJson = Files.writeString(dir.resolve("test_refs.json"), refs);
        Path predsJson = Files.writeString(dir.resolve("test_preds.json"), preds);
        Path gtsCsv = Files.writeString(dir.resolve("gts.csv"), gts);
        Path mrgCsv = Files.writeString(dir.resolve("mrg.csv"), predsCsv);

        Cli.Result a = Cli.run("evaluate", "--input", pairsCsv.toString(), "--out", dir.resolve("a").toString());
        assertThat(a.exit()).as(a.err()).isZero();
        Cli.Result b = Cli.run("evaluate", "--references", refsJson.toString(), "--candidates", "mrg=" + predsJson,
                "--out", dir.resolve("b").toString());
        assertThat(b.exit()).as(b.err()).isZero();
        // MoERad-style CSVs as they are; the model named after the file's stem
        Cli.Result c = Cli.run("evaluate", "--references", gtsCsv.toString(), "--candidates", mrgCsv.toString(),
                "--out", dir.resolve("c").toString());
        assertThat(c.exit()).as(c.err()).isZero();

        List<String> scores = Files.readAllLines(dir.resolve("a/report_scores.csv"));
        assertThat(scores).hasSize(PAIRS.length + 1);
        assertThat(scores.stream().skip(1).mapToInt(l -> Integer.parseInt(l.split(",")[3])).sum())
                .as("the fixtures have errors to count").isGreaterThan(3);
        assertThat(Files.readAllLines(dir.resolve("b/report_scores.csv"))).isEqualTo(scores);
        // report_scores.csv is in input order: the candidates file's order
        assertThat(Files.readAllLines(dir.resolve("c/report_scores.csv")).subList(1, PAIRS.length + 1))
                .containsExactlyInAnyOrderElementsOf(scores.subList(1, PAIRS.length + 1));
        assertThat(Files.readString(dir.resolve("b/summary.json")))
                .contains("\"input_file\" : \"test_refs.json + mrg=test_preds.json\"");
    }

    @Test
    void missingIdsAreOneLineErrorsOrSkippedWithANote(@TempDir Path dir) throws IOException {
        Path refs = Files.writeString(dir.resolve("refs.csv"), "id,report\n1,Normal.\n2,Cardiomegaly.\n3,Effusion.\n");
        Path cand = Files.writeString(dir.resolve("cand.jsonl"), "{\"id\":\"1\",\"report\":\"Normal.\"}\n{\"id\":\"9\",\"report\":\"x\"}\n");
        Cli.Result r = Cli.run("evaluate", "--references", refs.toString(), "--candidates", cand.toString(),
                "--out", dir.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(Main.EXIT_ERROR);
        assertThat(r.err().strip()).hasLineCount(1).contains("1 id(s) not in references file", "'9'",
                "2 reference id(s) without a candidate", "'2', '3'", "--allow-missing").doesNotContain("Exception");
        Cli.Result ok = Cli.run("evaluate", "--references", refs.toString(), "--candidates", cand.toString(),
                "--allow-missing", "--out", dir.resolve("o").toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.err()).contains("spec-cxr: model 'cand': skipped 1 id(s) not in references file");
        assertThat(Files.readAllLines(dir.resolve("o/report_scores.csv"))).hasSize(2);
    }

    @Test
    void usageErrorsForInputsThatDoNotGoTogether(@TempDir Path dir) {
        String out = dir.resolve("o").toString();
        for (String[] args : List.of(
                new String[]{"evaluate", "--out", out},
                new String[]{"evaluate", "--input", "p.csv", "--references", "r.csv", "--candidates", "c.csv", "--out", out},
                new String[]{"evaluate", "--references", "r.csv", "--out", out},
                new String[]{"evaluate", "--candidates", "c.csv", "--out", out},
                new String[]{"evaluate", "--input", "p.csv", "--allow-missing", "--out", out})) {
            Cli.Result r = Cli.run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(Main.EXIT_USAGE);
            assertThat(r.err().strip()).hasLineCount(1);
        }
    }

    @Test
    void labelReadsTheSameFormats(@TempDir Path dir) throws IOException {
        Path dict = Files.writeString(dir.resolve("r.json"), "{\"s1\": {\"report\": \"Large right pleural effusion.\"},"
                + " \"s2\": {\"report\": \"No pleural effusion.\"}}");
        Path out = dir.resolve("l.csv");
        Cli.Result r = Cli.run("label", "--input", dict.toString(), "--out", out.toString(), "--labelset", "chexpert");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        int col = List.of(lines.get(0).split(",", -1)).indexOf("Pleural Effusion");
        assertThat(col).isPositive();
        assertThat(lines.get(1).split(",", -1)[col]).isEqualTo("1");
        assertThat(lines.get(2).split(",", -1)[col]).isEqualTo("0");
        Path csv = Files.writeString(dir.resolve("r.csv"), "uid,findings\nu1,Large right pleural effusion.\n");
        Cli.Result named = Cli.run("label", "--input", csv.toString(), "--out", out.toString(), "--text-column", "findings",
                "--labelset", "chexpert");
        assertThat(named.exit()).as(named.err()).isZero();
        assertThat(Files.readAllLines(out).get(1).split(",", -1)[col]).isEqualTo("1");
    }

    @Test
    void labelStreamsAndABadRecordLeavesNoHalfWrittenFile(@TempDir Path dir) throws IOException {
        // the bad line comes after good ones: the reader finds it only when it gets there, after rows were written
        Path jsonl = Files.writeString(dir.resolve("r.jsonl"), "{\"id\": \"a\", \"report\": \"Small left effusion.\"}\n"
                + "{\"id\": \"b\", \"report\": \"No effusion.\"}\n{\"id\": \"c\", \"report\": 7}\n");
        Path out = dir.resolve("sub/l.csv");
        Cli.Result r = Cli.run("label", "--input", jsonl.toString(), "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isNotZero();
        assertThat(r.err().strip()).hasLineCount(1).doesNotContain("Exception");
        assertThat(out).doesNotExist();
        assertThat(dir.resolve("sub/l.csv.tmp")).doesNotExist();
    }
}
