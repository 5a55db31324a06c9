package org.speccxr.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speccxr.util.InputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private List<String> read(Path file, ReportReader.Columns c) {
        return ReportReader.read(file, "reports file", c).stream().map(r -> r.id() + "=" + r.text()).toList();
    }

    private List<String> read(Path file) {
        return read(file, ReportReader.Columns.DEFAULT);
    }

    @Test
    void everyFormatGivesTheSameReports() throws IOException {
        List<String> expected = List.of("s1=No effusion.", "s2=Small left effusion, new.");
        assertThat(read(write("a.csv", "study_id,report\ns1,No effusion.\ns2,\"Small left effusion, new.\"\n"))).isEqualTo(expected);
        assertThat(read(write("a.tsv", "UID\tText\ns1\tNo effusion.\ns2\tSmall left effusion, new.\n"))).isEqualTo(expected);
        assertThat(read(write("a.jsonl", "{\"id\":\"s1\",\"report\":\"No effusion.\"}\n\n{\"id\":\"s2\",\"report\":\"Small left effusion, new.\"}\n")))
                .isEqualTo(expected);
        assertThat(read(write("dict.json", "{\"s1\": \"No effusion.\", \"s2\": \"Small left effusion, new.\"}"))).isEqualTo(expected);
        assertThat(read(write("lists.json", "{\n \"s1\": [\"No effusion.\"],\n \"s2\": [\"Small left effusion, new.\"]\n}\n"))).isEqualTo(expected);
        assertThat(read(write("records.json", "{\"s1\": {\"image_path\": [\"a.png\"], \"report\": \"No effusion.\"},"
                + " \"s2\": {\"report\": \"Small left effusion, new.\", \"section_findings\": \"x\"}}"))).isEqualTo(expected);
        assertThat(read(write("list.json", "[{\"study_id\": \"s1\", \"text\": \"No effusion.\"}, {\"study_id\": \"s2\","
                + " \"text\": \"Small left effusion, new.\"}]"))).isEqualTo(expected);
    }

    @Test
    void namedColumnsReplaceTheUsualNames() throws IOException {
        Path csv = write("a.csv", "image,findings,report\ni1,Effusion.,ignored\n");
        assertThat(read(csv, new ReportReader.Columns("image", "findings"))).containsExactly("i1=Effusion.");
        Path dict = write("d.json", "{\"i1\": {\"findings\": \"Effusion.\", \"report\": \"ignored\"}}");
        assertThat(read(dict, new ReportReader.Columns(null, "findings"))).containsExactly("i1=Effusion.");
        assertThatThrownBy(() -> read(csv, new ReportReader.Columns("study", null))).isInstanceOf(InputException.class)
                .hasMessageContaining("row 2: missing column 'study' for the id (found: image, findings, report; name it with --id-column)");
    }

    @Test
    void anIntegerIdInAJsonListIsTakenAsText() throws IOException {
        assertThat(read(write("l.json", "[{\"id\": 12, \"report\": \"a\"}]"))).containsExactly("12=a");
    }

    @Test
    void badEntriesAreOneLineErrorsThatSayWhere() throws IOException {
        assertThatThrownBy(() -> read(write("n.json", "{\"s1\": \"a\",\n \"s2\": 42}")))
                .hasMessageContaining("line 2 (id 's2'): expected a report text").hasMessageContaining("got a JSON number");
        assertThatThrownBy(() -> read(write("two.json", "{\"s1\": [\"a\", \"b\"]}")))
                .hasMessageContaining("expected a list of one report text, got 2 values");
        assertThatThrownBy(() -> read(write("null.json", "{\"s1\": {\"report\": null}}")))
                .hasMessageContaining("field 'report' is a JSON null, not a string");
        assertThatThrownBy(() -> read(write("nojson.json", "{\"s1\": \"a\",")))
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> read(write("scalar.json", "42")))
                .hasMessageContaining("expected a JSON object {id: report, ...} or a list of objects");
        assertThatThrownBy(() -> read(write("dup.json", "{\"s1\": \"a\", \"s1\": \"b\"}")))
                .hasMessageContaining("id 's1' appears twice");
        assertThatThrownBy(() -> read(write("dup.csv", "id,report\ns1,a\ns1,b\n")))
                .hasMessageContaining("row 3: id 's1' appears twice");
        assertThatThrownBy(() -> read(write("notext.csv", "id,reference\ns1,a\n")))
                .hasMessageContaining("missing column 'report' (or 'text') for the report text");
        assertThatThrownBy(() -> read(write("num.jsonl", "{\"id\":\"s1\",\"report\":3}\n")))
                .hasMessageContaining("line 1: field 'report' is a JSON number, not a string");
        assertThatThrownBy(() -> read(write("empty.json", "{}")))
                .hasMessageContaining("holds no reports");
        assertThatThrownBy(() -> read(write("emptyid.json", "{\"\": \"a\"}")))
                .hasMessageContaining("empty id");
        assertThatThrownBy(() -> read(write("after.json", "{\"s1\": \"a\"} {\"s2\": \"b\"}")))
                .hasMessageContaining("more JSON after the end of the object");
        assertThatThrownBy(() -> read(write("a.txt", "x"))).hasMessageContaining("must end in .csv, .tsv, .jsonl or .json");
    }
}
