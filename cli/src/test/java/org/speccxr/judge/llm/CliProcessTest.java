package org.speccxr.judge.llm;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI in a separate JVM, as users run it: killed with SIGKILL mid-run and resumed, and checked for the API key
 * in every byte it writes.
 */
class CliProcessTest {
    @TempDir
    Path dir;
    StandInServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    Path pairs(int n) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("id,model,reference,candidate");
        for (int i = 1; i <= n; i++) {
            lines.add(String.format("s%03d,m,\"Small right pleural effusion. Study %d.\",\"Large left pleural effusion. No pneumothorax. Study %d.\"", i, i, i));
        }
        Path f = dir.resolve("pairs.csv");
        Files.write(f, lines);
        return f;
    }

    /** Starts {@code spec-cxr ARGS} in a fresh JVM with only the given environment (plus PATH), HOME in the temp dir. */
    Process start(Map<String, String> env, Path stdout, Path stderr, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Djava.awt.headless=true",
                // as the launcher's jar manifest says (Enable-Native-Access): no JDK 24+ warning when SQLite loads
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "org.speccxr.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        String path = pb.environment().get("PATH");
        pb.environment().clear();
        pb.environment().put("PATH", path == null ? "/usr/bin:/bin" : path);
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        pb.environment().put("HOME", home.toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    @Test
    void runKilledMidwayResumesAskingOnlyForWhatIsMissing() throws Exception {
        int n = 40;
        int concurrency = 4;
        // request 16 arriving is the signal to kill; from 17 on the server holds every request until the child is
        // dead, so the run cannot finish first however fast the machine
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch killed = new CountDownLatch(1);
        server = StandInServer.of(StandInServer.Wire.OPENAI).hold(number -> number >= 17, killed);
        server.onRequest(r -> {
            if (r.number() == 16) {
                reached.countDown();
            }
        });
        Path in = pairs(n);
        Path cache = dir.resolve("cache.sqlite");
        Process p = start(Map.of(), dir.resolve("o1.txt"), dir.resolve("e1.txt"), "evaluate", "--input", in.toString(),
                "--out", dir.resolve("out1").toString(), "--judge", "openai:stand-in", "--base-url", server.baseUrl(),
                "--concurrency", String.valueOf(concurrency), "--cache", cache.toString());
        assertThat(reached.await(60, TimeUnit.SECONDS)).as(Files.readString(dir.resolve("e1.txt"))).isTrue();
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);
        killed.countDown();
        assertThat(dir.resolve("out1/evaluations.jsonl")).doesNotExist();

        List<StandInServer.Request> first = server.requests();
        long cached;
        try (ResponseCache c = ResponseCache.open(cache)) {
            cached = c.size();
        }
        // everything answered before the kill was committed, except at most the requests in flight
        assertThat(cached).isBetween((long) first.size() - concurrency, (long) first.size());
        assertThat(cached).isLessThan(n);

        org.speccxr.cli.Cli.Result resumed = org.speccxr.cli.Cli.run("evaluate", "--input", in.toString(), "--out", dir.resolve("out2").toString(),
                "--judge", "openai:stand-in", "--base-url", server.baseUrl(), "--concurrency", String.valueOf(concurrency),
                "--cache", cache.toString());
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        List<StandInServer.Request> all = server.requests();
        List<String> second = all.subList(first.size(), all.size()).stream().map(StandInServer.Request::reference).toList();
        // only the missing pairs were asked, each once
        assertThat(second).hasSize((int) (n - cached)).doesNotHaveDuplicates();
        Set<String> askedTwice = first.stream().map(StandInServer.Request::reference).collect(Collectors.toSet());
        askedTwice.retainAll(new HashSet<>(second));
        assertThat(askedTwice).as("asked in both runs: only those in flight at the kill").hasSizeLessThanOrEqualTo(concurrency);
        assertThat(Files.readAllLines(dir.resolve("out2/evaluations.jsonl"))).hasSize(n + 1); // the header, then n records

        // the resumed result is the one an uninterrupted run gives
        org.speccxr.cli.Cli.Result clean = org.speccxr.cli.Cli.run("evaluate", "--input", in.toString(), "--out", dir.resolve("out3").toString(),
                "--judge", "openai:stand-in", "--base-url", server.baseUrl(), "--no-cache");
        assertThat(clean.exit()).isZero();
        assertThat(org.speccxr.cli.Cli.withoutCreated(Files.readString(dir.resolve("out2/evaluations.jsonl"))))
                .isEqualTo(org.speccxr.cli.Cli.withoutCreated(Files.readString(dir.resolve("out3/evaluations.jsonl"))));
    }

    @Test
    void apiKeyIsSentButNeverWrittenAnywhere() throws Exception {
        String suffix = HexFormat.of().formatHex(SecureRandom.getSeed(12));
        String key = "sk-test-LEAK-" + suffix;
        server = StandInServer.of(StandInServer.Wire.OPENAI);
        // a provider that echoes the key in its error body, as OpenAI does for a wrong key
        server.enqueue(StandInServer.error(StandInServer.Wire.OPENAI, 400, "invalid_request_error",
                "Incorrect API key provided: " + key + " (shown as sk-test-LEAK-********" + suffix.substring(20) + ")"));
        server.enqueue(StandInServer.withHeader(StandInServer.error(StandInServer.Wire.OPENAI, 429, "rate_limit_exceeded",
                "Rate limit reached for " + key), "Retry-After", "0"));
        Path in = pairs(6);
        Path out = dir.resolve("out");
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Process p = start(Map.of("OPENAI_API_KEY", key, "SPEC_CXR_PROGRESS", "1"), stdout, stderr, "evaluate",
                "--input", in.toString(), "--out", out.toString(), "--judge", "openai:stand-in", "--base-url",
                server.baseUrl(), "--concurrency", "1", "--cache", dir.resolve("cache.sqlite").toString());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(stderr);
        assertThat(p.exitValue()).as(err).isEqualTo(3);
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + key));
        assertThat(Files.readString(out.resolve("failures.jsonl"))).contains("HTTP 400").contains(Secrets.MASK);
        assertThat(err).contains("1 pair(s) failed and were not scored").contains("retried (HTTP 429 x1)");

        // every byte written: outputs, cache (and its WAL), home, captured stdout and stderr
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).filter(f -> !f.equals(in)).toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString())
                .contains("evaluations.jsonl", "summary.json", "failures.jsonl", "report.html", "cache.sqlite",
                        "stdout.txt", "stderr.txt");
        for (Path f : files) {
            String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertThat(content).as(f.toString()).doesNotContain(key).doesNotContain(suffix);
        }
    }

    @Test
    void missingKeyStopsBeforeAnyWorkWithOneLine() throws Exception {
        Path in = pairs(2);
        Path out = dir.resolve("out");
        Process p = start(Map.of(), dir.resolve("o.txt"), dir.resolve("e.txt"), "evaluate", "--input", in.toString(),
                "--out", out.toString(), "--judge", "openai:gpt-4o", "--base-url", "https://gateway.example.invalid/v1",
                "--cache", dir.resolve("c.sqlite").toString());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(Files.readAllLines(dir.resolve("e.txt"))).containsExactly("spec-cxr: error: OPENAI_API_KEY is not set; "
                + "export it with your openai API key (or point --base-url at a local server that needs none)");
        assertThat(out).doesNotExist();
        assertThat(dir.resolve("c.sqlite")).doesNotExist();
    }
}
