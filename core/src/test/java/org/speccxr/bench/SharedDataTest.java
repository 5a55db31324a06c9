package org.speccxr.bench;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Missing shared data skips a data test on a user's clone and fails it under SPEC_CXR_REQUIRE_DATA=1 (CI). */
class SharedDataTest {
    @Test
    void missingDataSkipsWithTheMessage() {
        assertThatThrownBy(() -> SharedData.require(false, "no data here; skipping", null))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("no data here; skipping");
        assertThatThrownBy(() -> SharedData.require(false, "no data here; skipping", "0"))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void missingDataFailsWhenRequired() {
        assertThatThrownBy(() -> SharedData.require(false, "no data here; skipping", "1"))
                .isInstanceOf(AssertionError.class).hasMessage("SPEC_CXR_REQUIRE_DATA=1 but no data here");
    }

    @Test
    void presentDataPassesEitherWay() {
        assertThatCode(() -> SharedData.require(true, "unused", "1")).doesNotThrowAnyException();
        assertThatCode(() -> SharedData.require(true, "unused", null)).doesNotThrowAnyException();
    }
}
