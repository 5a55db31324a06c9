package org.speccxr.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speccxr.judge.ReportPair;
import org.speccxr.util.InputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeparateInputsTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static List<ReportPair> pairs(SeparateInputs in) {
        List<ReportPair> all = new ArrayList<>();
        try (SeparateInputs.Pairs p = in.open()) {
            p.forEach(all::add);
        }
        return all;
    }

    @Test
    void joinsEachCandidatesFileWithTheReferencesById() throws IOException {
        Path refs = write("refs.json", "{\"1\": [\"Small right effusion.\"], \"2\": [\"Normal.\"]}");
        Path a = write("model_a.csv", "study_id,report\n2,Cardiomegaly.\n1,No effusion.\n");
        Path b = write("b.jsonl", "{\"id\":\"1\",\"text\":\"Right effusion.\"}\n{\"id\":\"2\",\"text\":\"Normal.\"}\n");
        SeparateInputs in = new SeparateInputs(refs, List.of(SeparateInputs.Candidates.parse(a.toString()),
                SeparateInputs.Candidates.parse("bee=" + b)), ReportReader.Columns.DEFAULT, false);
        SeparateInputs.Checked c = in.check();
        assertThat(c.pairs()).isEqualTo(4);
        assertThat(c.notes()).isEmpty();
        assertThat(c.name()).isEqualTo("refs.json + model_a=model_a.csv + bee=b.jsonl");
        assertThat(c.sha256()).startsWith("sha256:");
        assertThat(pairs(in)).containsExactly(
                new ReportPair("2", "model_a", "Normal.", "Cardiomegaly."),
                new ReportPair("1", "model_a", "Small right effusion.", "No effusion."),
                new ReportPair("1", "bee", "Small right effusion.", "Right effusion."),
                new ReportPair("2", "bee", "Normal.", "Normal."));
        // the same files give the same hash; another candidate text another
        String hash = c.sha256();
        assertThat(new SeparateInputs(refs, List.of(SeparateInputs.Candidates.parse(a.toString()),
                SeparateInputs.Candidates.parse("bee=" + b)), ReportReader.Columns.DEFAULT, false).check().sha256()).isEqualTo(hash);
        write("b.jsonl", "{\"id\":\"1\",\"text\":\"Left effusion.\"}\n{\"id\":\"2\",\"text\":\"Normal.\"}\n");
        assertThat(new SeparateInputs(refs, List.of(SeparateInputs.Candidates.parse(a.toString()),
                SeparateInputs.Candidates.parse("bee=" + b)), ReportReader.Columns.DEFAULT, false).check().sha256()).isNotEqualTo(hash);
    }

    @Test
    void idsOnOneSideOnlyAreListedInOneLineOrSkippedAndCounted() throws IOException {
        Path refs = write("refs.csv", "id,report\nr1,a\nr2,b\nr3,c\nr4,d\nr5,e\n");
        Path cand = write("cand.csv", "id,report\nr1,a\nx1,b\nx2,c\nx3,d\nx4,e\n");
        List<SeparateInputs.Candidates> cs = List.of(SeparateInputs.Candidates.parse("m=" + cand));
        assertThatThrownBy(() -> new SeparateInputs(refs, cs, ReportReader.Columns.DEFAULT, false).check())
                .isInstanceOf(InputException.class)
                .hasMessage("candidates file (model 'm') " + cand + ": 4 id(s) not in references file " + refs
                        + " (first: 'x1', 'x2', 'x3'); 4 reference id(s) without a candidate (first: 'r2', 'r3', 'r4');"
                        + " pass --allow-missing to skip them");
        SeparateInputs allowed = new SeparateInputs(refs, cs, ReportReader.Columns.DEFAULT, true);
        SeparateInputs.Checked c = allowed.check();
        assertThat(c.pairs()).isEqualTo(1);
        assertThat(c.skippedCandidates()).isEqualTo(4);
        assertThat(c.unmatchedReferences()).isEqualTo(4);
        assertThat(c.notes()).singleElement().asString().startsWith("model 'm': skipped 4 id(s) not in references file");
        assertThat(pairs(allowed)).containsExactly(new ReportPair("r1", "m", "a", "a"));
    }

    @Test
    void noIdInCommonIsAnErrorEvenWhenMissingIdsAreAllowed() throws IOException {
        Path refs = write("refs.csv", "id,report\nr1,a\n");
        Path cand = write("cand.csv", "id,report\nx1,a\n");
        assertThatThrownBy(() -> new SeparateInputs(refs, List.of(SeparateInputs.Candidates.parse(cand.toString())),
                ReportReader.Columns.DEFAULT, true).check()).hasMessageContaining("no id in common");
    }

    @Test
    void modelsAreNamedAndKeptApart() throws IOException {
        assertThat(SeparateInputs.Candidates.parse("dir/test_preds.json"))
                .isEqualTo(new SeparateInputs.Candidates("test_preds", Path.of("dir/test_preds.json")));
        assertThat(SeparateInputs.Candidates.parse("mrg=dir/p.json"))
                .isEqualTo(new SeparateInputs.Candidates("mrg", Path.of("dir/p.json")));
        Path odd = write("a=b.csv", "id,report\n1,x\n");
        assertThat(SeparateInputs.Candidates.parse(odd.toString()).file()).isEqualTo(odd);
        assertThatThrownBy(() -> SeparateInputs.Candidates.parse("m=")).hasMessageContaining("expected MODEL=FILE");
        Path refs = write("refs.csv", "id,report\n1,x\n");
        assertThatThrownBy(() -> new SeparateInputs(refs, List.of(SeparateInputs.Candidates.parse("x/p.csv"),
                SeparateInputs.Candidates.parse("y/p.csv")), ReportReader.Columns.DEFAULT, false))
                .hasMessageContaining("two candidates files for model 'p'");
    }

    @Test
    void aBadRowInACandidatesFileStopsTheCheck() throws IOException {
        Path refs = write("refs.json", "{\"1\": \"a\", \"2\": \"b\"}");
        Path cand = write("c.jsonl", "{\"id\":\"1\",\"report\":\"a\"}\n{\"id\":\"2\",\"report\":null}\n");
        assertThatThrownBy(() -> new SeparateInputs(refs, List.of(SeparateInputs.Candidates.parse(cand.toString())),
                ReportReader.Columns.DEFAULT, false).check())
                .hasMessageContaining("candidates file (model 'c') " + cand + " line 2: field 'report' is a JSON null");
    }
}
