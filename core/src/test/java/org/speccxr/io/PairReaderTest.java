package org.speccxr.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speccxr.judge.ReportPair;
import org.speccxr.util.InputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PairReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void columnNamesMatchInAnyCase() throws IOException {
        Path csv = write("pairs.csv", "ID,Reference,CANDIDATE,Model\n1,Small effusion.,No effusion.,m1\n");
        assertThat(PairReader.read(csv)).containsExactly(new ReportPair("1", "m1", "Small effusion.", "No effusion."));
        assertThat(PairReader.check(csv).pairs()).isEqualTo(1);
        Path jsonl = write("pairs.jsonl", "{\"Id\":\"1\",\"REFERENCE\":\"a\",\"Candidate\":\"b\"}\n");
        assertThat(PairReader.read(jsonl)).containsExactly(new ReportPair("1", null, "a", "b"));
    }

    @Test
    void columnsThatDifferOnlyInCaseAreRefused() throws IOException {
        Path csv = write("pairs.csv", "id,ID,reference,candidate\n1,2,a,b\n");
        assertThatThrownBy(() -> PairReader.check(csv)).isInstanceOf(InputException.class)
                .hasMessageContaining("column 'ID' appears twice").hasMessageContaining("as 'id' too");
    }

    @Test
    void tsvReadsLikeCsvWithTabs() throws IOException {
        Path tsv = write("pairs.tsv", "id\treference\tcandidate\n1\tLeft effusion, small.\tNo effusion.\n2\t\"Quoted\"\tx\n");
        List<ReportPair> pairs = PairReader.read(tsv);
        // a comma inside a cell is text in a TSV file
        assertThat(pairs).containsExactly(new ReportPair("1", null, "Left effusion, small.", "No effusion."),
                new ReportPair("2", null, "Quoted", "x"));
        assertThat(PairReader.check(tsv).pairs()).isEqualTo(2);
    }

    @Test
    void aJsonValueThatIsNotAStringIsAnErrorNamingLineAndField() throws IOException {
        Path number = write("n.jsonl", "{\"id\":\"1\",\"reference\":\"a\",\"candidate\":\"b\"}\n"
                + "{\"id\":\"2\",\"reference\":\"a\",\"candidate\":42}\n");
        assertThatThrownBy(() -> PairReader.check(number)).isInstanceOf(InputException.class)
                .hasMessageContaining("line 2: field 'candidate' is a JSON number, not a string");
        Path nul = write("null.jsonl", "{\"id\":\"1\",\"Reference\":null,\"candidate\":\"b\"}\n");
        assertThatThrownBy(() -> PairReader.read(nul)).isInstanceOf(InputException.class)
                .hasMessageContaining("line 1: field 'Reference' is a JSON null, not a string");
        Path bool = write("b.jsonl", "{\"id\":\"1\",\"reference\":\"a\",\"candidate\":\"b\",\"model\":true}\n");
        assertThatThrownBy(() -> PairReader.check(bool)).hasMessageContaining("field 'model' is a JSON boolean");
        Path floatId = write("f.jsonl", "{\"id\":1.5,\"reference\":\"a\",\"candidate\":\"b\"}\n");
        assertThatThrownBy(() -> PairReader.check(floatId)).hasMessageContaining("field 'id' is a JSON number, not a string or an integer");
    }

    @Test
    void anIntegerIdIsTakenAsText() throws IOException {
        Path jsonl = write("p.jsonl", "{\"id\":7,\"reference\":\"a\",\"candidate\":\"b\"}\n");
        assertThat(PairReader.read(jsonl)).containsExactly(new ReportPair("7", null, "a", "b"));
    }

    @Test
    void anUnknownExtensionNamesTheFormats() throws IOException {
        Path txt = write("pairs.txt", "x");
        assertThatThrownBy(() -> PairReader.check(txt)).hasMessageContaining("must end in .csv, .tsv or .jsonl");
    }
}
