package org.speccxr.judge.rules;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeverityWordsTest {
    @Test
    void aWordOrARangeOfWordsNamesALevelRange() {
        assertThat(SeverityWords.parse("small")).isEqualTo(new Severity(2, 2));
        assertThat(SeverityWords.parse("Mild to moderate")).isEqualTo(new Severity(2, 3));
        assertThat(SeverityWords.parse("severe")).isEqualTo(new Severity(4, 4));
    }

    @Test
    void anythingElseNamesNone() {
        assertThat(SeverityWords.parse("huge")).isNull();
        assertThat(SeverityWords.parse("moderate to small")).isNull(); // a range runs upwards
        assertThat(SeverityWords.parse("small to moderate to large")).isNull();
        assertThat(SeverityWords.hint()).contains("minimal", "severe", "mild to moderate");
    }
}
