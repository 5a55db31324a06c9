package org.speccxr.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCommandTest {
    private static Path pairs(Path dir) throws Exception {
        Path p = dir.resolve("pairs.csv");
        Files.writeString(p, """
                id,model,reference,candidate
                p1,m1,"Small right pleural effusion. No pneumothorax.","Large left pleural effusion. No pneumothorax."
                p2,m1,"Moderate cardiomegaly. <script>document.title='PWNED'</script>","Mild cardiomegaly. Right lower lobe consolidation."
                p1,m2,"Small right pleural effusion. No pneumothorax.","Small right pleural effusion."
                """);
        return p;
    }

    @Test
    void writesThePageAndChartsFromEvaluations(@TempDir Path dir) throws Exception {
        Path input = pairs(dir);
        Path out = dir.resolve("out");
        assertThat(Cli.run("evaluate", "--input", input.toString(), "--out", out.toString()).exit()).isZero();
        String evaluated = Files.readString(out.resolve("report.html"));
        assertThat(evaluated).contains("Small right pleural effusion").doesNotContain("id=\"pb-notext\"");

        Path page = dir.resolve("site/sub/report.html");
        Path charts = dir.resolve("charts");
        Cli.Result r = Cli.run("report", "--evaluations", out.resolve("evaluations.jsonl").toString(), "--out", page.toString(),
                "--input", input.toString(), "--charts", charts.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String html = Files.readString(page);
        assertThat(html).contains("<section id=\"pairs\">").contains("Moderate cardiomegaly.").doesNotContain("id=\"pb-notext\"");
        assertThat(html).doesNotContain("<script>document.title");
        for (String m : new String[]{"presence_f1", "location_accuracy", "severity_accuracy", "comparison_accuracy"}) {
            assertThat(charts.resolve(m + ".svg")).exists();
            assertThat(charts.resolve(m + ".png")).exists();
        }

        // without --input: evidence only
        Path bare = dir.resolve("bare.html");
        assertThat(Cli.run("report", "--evaluations", out.resolve("evaluations.jsonl").toString(), "--out", bare.toString()).exit()).isZero();
        assertThat(Files.readString(bare)).contains("id=\"pb-notext\"");
    }

    @Test
    void badInputGivesOneLineAndNonZeroExit(@TempDir Path dir) throws Exception {
        Cli.Result missing = Cli.run("report", "--evaluations", dir.resolve("nope.jsonl").toString(), "--out", dir.resolve("r.html").toString());
        assertThat(missing.exit()).isEqualTo(Main.EXIT_ERROR);
        assertOneLine(missing.err());

        Path junk = dir.resolve("junk.jsonl");
        Files.writeString(junk, "{not json\n");
        Cli.Result bad = Cli.run("report", "--evaluations", junk.toString(), "--out", dir.resolve("r.html").toString());
        assertThat(bad.exit()).isEqualTo(Main.EXIT_ERROR);
        assertOneLine(bad.err());

        Path input = pairs(dir);
        Path out = dir.resolve("out");
        assertThat(Cli.run("evaluate", "--input", input.toString(), "--out", out.toString()).exit()).isZero();
        Cli.Result isDir = Cli.run("report", "--evaluations", out.resolve("evaluations.jsonl").toString(), "--out", dir.toString());
        assertThat(isDir.exit()).isEqualTo(Main.EXIT_ERROR);
        assertThat(isDir.err()).contains("is a directory");
        assertOneLine(isDir.err());

        Path other = dir.resolve("other.csv");
        Files.writeString(other, "id,reference,candidate\nzz,a,b\n");
        Cli.Result noMatch = Cli.run("report", "--evaluations", out.resolve("evaluations.jsonl").toString(), "--out",
                dir.resolve("x.html").toString(), "--input", other.toString());
        assertThat(noMatch.exit()).isEqualTo(Main.EXIT_ERROR);
        assertThat(noMatch.err()).contains("matches");
        assertOneLine(noMatch.err());

        Cli.Result usage = Cli.run("report", "--out", dir.resolve("x.html").toString());
        assertThat(usage.exit()).isEqualTo(Main.EXIT_USAGE);
        assertOneLine(usage.err());
    }

    private static void assertOneLine(String err) {
        assertThat(err.strip()).doesNotContain("\n").doesNotContain("\tat ").doesNotContain("Exception:");
    }
}
