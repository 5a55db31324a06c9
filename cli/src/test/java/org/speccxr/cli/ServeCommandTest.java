package org.speccxr.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** serve's command line: what it refuses before listening (the service itself is tested in-process in ServiceTest). */
class ServeCommandTest {
    private static void expect(int exit, String message, String... args) {
        Cli.Result r = Cli.run(args);
        assertThat(r.exit()).as(r.err()).isEqualTo(exit);
        assertThat(r.err().strip()).hasLineCount(1).contains(message).doesNotContain("Exception", "\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badOptionsAreUsageErrors() {
        expect(Main.EXIT_USAGE, "--port must be 0 to 65535 (got 70000)", "serve", "--port", "70000");
        expect(Main.EXIT_USAGE, "--max-pairs must be at least 1", "serve", "--max-pairs", "0");
        expect(Main.EXIT_USAGE, "--max-request-bytes must be at least 1", "serve", "--max-request-bytes", "-5");
        expect(Main.EXIT_USAGE, "--grace must be 0 or more", "serve", "--grace", "-1");
        expect(Main.EXIT_USAGE, "unknown judge 'nope:x'", "serve", "--judge", "nope:x");
        expect(Main.EXIT_USAGE, "--uncertain must be positive or negative", "serve", "--uncertain", "maybe");
    }

    @Test
    void aPortInUseIsAOneLineError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            expect(Main.EXIT_ERROR, "cannot listen on 127.0.0.1:" + taken.getLocalPort(), "serve", "--port",
                    Integer.toString(taken.getLocalPort()));
        }
    }
}
