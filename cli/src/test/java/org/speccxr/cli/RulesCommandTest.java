package org.speccxr.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code spec-cxr rules check|show}, and bad rules files given to the commands that take {@code --rules}. */
class RulesCommandTest {
    /** The bundled rules, as a user copies them with {@code rules show --yaml}. */
    private static Path copyOfBundled(Path dir) throws IOException {
        Cli.Result r = Cli.run("rules", "show", "--yaml");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("# Rules of the embedded judge");
        return Files.writeString(dir.resolve("my-rules.yaml"), r.out());
    }

    private static void assertOneLineError(Cli.Result r, String start) {
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(Main.EXIT_ERROR);
        assertThat(r.err()).startsWith("spec-cxr: error: " + start).endsWith("\n");
        assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void checkPrintsWhatAValidFileDefines(@TempDir Path dir) throws IOException {
        Path f = copyOfBundled(dir);
        Cli.Result r = Cli.run("rules", "check", f.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith(f + ": valid rules file, version 1.0.0, sha256:")
                .contains("entity set spec-cxr (89 findings, 33 diagnoses): rules name ")
                .containsPattern("negation +\\d+ +triggers: \\d+ before the entity, \\d+ after")
                .containsPattern("uncertainty +\\d+ +triggers:")
                .containsPattern("normal +\\d+ +normal statements, marking \\d+ entities negative")
                .containsPattern("patterns +\\d+ +mention patterns, for \\d+ entities")
                .containsPattern("location.tip +\\d+ +phrases of \\d+ tip sites for 7 devices")
                .containsPattern("severity +\\d+ +phrases by level: 1: \\d+, 2: \\d+, 3: \\d+, 4: \\d+; window 5 words")
                .containsPattern("comparison +\\d+ +\\d+ words, \\d+ look-alikes, \\d+ whole-study patterns");
    }

    @Test
    void checkRefusesAMisspeltSectionWithOneLineAndExit1(@TempDir Path dir) throws IOException {
        Path f = copyOfBundled(dir);
        Files.writeString(f, Files.readString(f).replace("\nuncertainty:\n", "\nuncertainity:\n"));
        Cli.Result r = Cli.run("rules", "check", f.toString());
        assertOneLineError(r, f + ": uncertainity: unknown key 'uncertainity' (did you mean 'uncertainty'?)");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void checkRefusesIdsOutsideTheChosenEntitySet(@TempDir Path dir) throws IOException {
        Path f = copyOfBundled(dir);
        assertOneLineError(Cli.run("rules", "check", f.toString(), "--entities", "chexpert14"), f + ": ");
        assertThat(Cli.run("rules", "check", f.toString(), "--entities", "chexpert14").err())
                .contains(": unknown entity id '", "(not in the entity set 'chexpert14'");
    }

    @Test
    void checkOfAMissingFileOrNoFile(@TempDir Path dir) {
        assertOneLineError(Cli.run("rules", "check", dir.resolve("nope.yaml").toString()), "rules file not found: ");
        assertThat(Cli.run("rules", "check").exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(Cli.run("rules").exit()).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void showDescribesTheBundledRulesAndWhatASmallerSetSkips() {
        Cli.Result r = Cli.run("rules", "show");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("bundled rules.yaml: the bundled rules, version ")
                .contains("org/speccxr/rules/rules.yaml in the spec-cxr jar")
                .doesNotContain("skipped");
        Cli.Result small = Cli.run("rules", "show", "--entities", "chexpert14");
        assertThat(small.exit()).as(small.err()).isZero();
        assertThat(small.out()).containsPattern("rules for \\d+ entities outside the set are skipped");
    }

    @Test
    void commandsTakingRulesRefuseABadFileWithOneLine(@TempDir Path dir) throws IOException {
        Path f = copyOfBundled(dir);
        Files.writeString(f, Files.readString(f).replace("  window: 10\n  # Device tip", "  window: ten\n  # Device tip"));
        Cli.Result ev = Cli.run("evaluate", "--input", CliTest.EXAMPLE.toString(), "--out", dir.resolve("o").toString(),
                "--rules", f.toString());
        assertOneLineError(ev, f + ": location.window: expected a whole number from 1 to 50, got 'ten'");
        assertThat(dir.resolve("o/evaluations.jsonl")).doesNotExist();

        Path reports = Files.writeString(dir.resolve("reports.csv"), "id,report\n1,No effusion.\n");
        Path ids = copyOfBundled(dir);
        Files.writeString(ids, Files.readString(ids).replace("  - entity: tortuous_aorta\n", "  - entity: tortuous_aortas\n"));
        Cli.Result label = Cli.run("label", "--input", reports.toString(), "--out", dir.resolve("l.csv").toString(),
                "--rules", ids.toString());
        assertOneLineError(label, ids + ": patterns[");
        assertThat(label.err()).contains(".entity: unknown entity id 'tortuous_aortas' (not in the entity set 'default';"
                + " did you mean 'tortuous_aorta'?)");
    }
}
