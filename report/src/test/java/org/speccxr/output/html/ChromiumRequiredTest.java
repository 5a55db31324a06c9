package org.speccxr.output.html;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A missing Chromium skips the browser tests on a user's machine and fails them under SPEC_CXR_REQUIRE_BROWSER=1. */
class ChromiumRequiredTest {
    @Test
    void missingBrowserSkipsWithAMessage() {
        assertThatThrownBy(() -> Chromium.binaryOrSkip(Optional.empty(), null))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("apt-get install chromium");
        assertThatThrownBy(() -> Chromium.binaryOrSkip(Optional.empty(), "0")).isInstanceOf(TestAbortedException.class);
    }

    @Test
    void missingBrowserFailsWhenRequired() {
        assertThatThrownBy(() -> Chromium.binaryOrSkip(Optional.empty(), "1"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("SPEC_CXR_REQUIRE_BROWSER=1");
    }

    @Test
    void presentBrowserIsUsedEitherWay() {
        Path bin = Path.of("/opt/chromium/chrome");
        assertThat(Chromium.binaryOrSkip(Optional.of(bin), "1")).isEqualTo(bin);
        assertThat(Chromium.binaryOrSkip(Optional.of(bin), null)).isEqualTo(bin);
    }
}
