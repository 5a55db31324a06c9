package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speccxr.cli.Cli;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.util.InputException;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.ReportPair;
import org.speccxr.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The response cache through the CLI: repeated runs cost nothing and write the same bytes; runs are kept apart. */
class CacheTest {
    static final EntitySet SET = EntitySetLoader.loadDefault();

    @TempDir
    Path dir;
    StandInServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The example pairs plus two rows whose texts repeat an earlier row (different ids). */
    Path input() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("../examples/pairs.csv")));
        String first = lines.get(1);
        lines.add(first.replaceFirst("^p01,", "p90,"));
        lines.add(first.replaceFirst("^p01,", "p91,"));
        Path f = dir.resolve("pairs.csv");
        Files.write(f, lines);
        return f;
    }

    String[] evaluate(Path input, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("evaluate", "--input", input.toString(), "--out", out.toString(),
                "--judge", "openai:stand-in", "--base-url", server.baseUrl(), "--concurrency", "4",
                "--cache", dir.resolve("cache.sqlite").toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void identicalSecondRunMakesNoRequestsAndWritesIdenticalEvaluations() throws Exception {
        server = StandInServer.of(StandInServer.Wire.OPENAI);
        Path in = input();
        Cli.Result first = Cli.run(evaluate(in, dir.resolve("out1")));
        assertThat(first.exit()).as(first.err()).isZero();
        // 14 rows, 2 of them repeating the texts of p01/model-a: 12 distinct requests
        assertThat(server.requestCount()).isEqualTo(12);
        // the judge's notices reach the command's err writer (JudgeOptions.notices), not System.err
        assertThat(first.err()).contains("spec-cxr: openai:stand-in: 12 request(s)");
        JsonNode s1 = Json.MAPPER.readTree(dir.resolve("out1/summary.json").toFile());
        assertThat(s1.path("usage").path("calls").asLong() + s1.path("usage").path("cache_hits").asLong()).isEqualTo(14);
        assertThat(s1.path("usage").path("input_tokens").asLong()).isPositive();

        Cli.Result second = Cli.run(evaluate(in, dir.resolve("out2")));
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(server.requestCount()).as("nothing asked again").isEqualTo(12);
        // every record byte-identical; the header differs only in when it was written
        assertThat(Cli.withoutCreated(Files.readString(dir.resolve("out2/evaluations.jsonl"))))
                .isEqualTo(Cli.withoutCreated(Files.readString(dir.resolve("out1/evaluations.jsonl"))));
        JsonNode s2 = Json.MAPPER.readTree(dir.resolve("out2/summary.json").toFile());
        assertThat(s2.path("usage").path("calls").asLong()).isZero();
        assertThat(s2.path("usage").path("cache_hits").asLong()).isEqualTo(14);
        assertThat(s2.path("usage").path("input_tokens").asLong()).isZero();
        assertThat(s2.path("provenance").path("prompt_hash").asText()).startsWith("sha256:");
        assertThat(Files.readString(dir.resolve("out2/evaluations.jsonl"))).contains("\"judge\":\"openai:stand-in\"");
    }

    @Test
    void eachRunIsItsOwnCacheEntryAndParametersChangeTheKey() throws Exception {
        server = StandInServer.of(StandInServer.Wire.OPENAI);
        Path in = input();
        assertThat(Cli.run(evaluate(in, dir.resolve("o1"), "--runs", "2")).exit()).isZero();
        assertThat(server.requestCount()).isEqualTo(24);
        assertThat(Cli.run(evaluate(in, dir.resolve("o2"), "--runs", "3")).exit()).isZero();
        assertThat(server.requestCount()).as("only run 3 is new").isEqualTo(36);
        assertThat(Cli.run(evaluate(in, dir.resolve("o3"), "--temperature", "0.7")).exit()).isZero();
        assertThat(server.requestCount()).as("another temperature, other answers").isEqualTo(48);
        String evals = Files.readString(dir.resolve("o2/evaluations.jsonl"));
        assertThat(evals).contains("\"run\":1").contains("\"run\":2").contains("\"run\":3");
    }

    @Test
    void noCacheAsksEveryTimeAndWritesNoCacheFile() throws Exception {
        server = StandInServer.of(StandInServer.Wire.OPENAI);
        Path in = input();
        for (String out : List.of("a", "b")) {
            Cli.Result r = Cli.run("evaluate", "--input", in.toString(), "--out", dir.resolve(out).toString(), "--judge",
                    "openai:stand-in", "--base-url", server.baseUrl(), "--no-cache");
            assertThat(r.exit()).as(r.err()).isZero();
        }
        assertThat(server.requestCount()).isGreaterThanOrEqualTo(24);
        assertThat(dir.resolve("cache.sqlite")).doesNotExist();
    }

    @Test
    void dryRunCountsCallsAndTokensWithoutCalling() throws Exception {
        server = StandInServer.of(StandInServer.Wire.OPENAI);
        Path in = input();
        Cli.Result dry = Cli.run(evaluate(in, dir.resolve("dry"), "--dry-run", "--runs", "2"));
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(server.requestCount()).isZero();
        assertThat(dir.resolve("dry")).doesNotExist();
        assertThat(dry.out()).contains("dry run for openai:stand-in (compact prompt): 14 pair(s) x 2 run(s) = 28 call(s); 0 already cached, 28 to make")
                .containsPattern("prompt ~[0-9,]+ \\(each prompt shares a prefix of ~[0-9,]+ that providers can cache\\), completion ~[0-9,]+");
        long prompt = Long.parseLong(dry.out().replaceAll("(?s).*prompt ~([0-9,]+).*", "$1").replace(",", ""));
        long prefix = Long.parseLong(dry.out().replaceAll("(?s).*prefix of ~([0-9,]+).*", "$1").replace(",", ""));
        assertThat(prefix).as("instructions + 122 entities + schema").isBetween(4_000L, 20_000L);
        assertThat(prompt).isGreaterThan(28 * prefix);

        assertThat(Cli.run(evaluate(in, dir.resolve("real"))).exit()).isZero();
        Cli.Result after = Cli.run(evaluate(in, dir.resolve("dry2"), "--dry-run", "--runs", "2"));
        assertThat(after.out()).contains("28 call(s); 14 already cached, 14 to make");
        assertThat(server.requestCount()).isEqualTo(12);
    }

    @Test
    void missingKeyIsAOneLineErrorBeforeAnyWork() {
        JudgeOptions o = new JudgeOptions("https://gateway.example.invalid/v1", null, null, "positive", null,
                dir.resolve("c.sqlite"), false, null, null, null, Map.<String, String>of()::get);
        assertThatThrownBy(() -> LlmJudges.create("openai", "gpt-4o", o, SET, null))
                .isInstanceOf(InputException.class)
                .hasMessage("OPENAI_API_KEY is not set; export it with your openai API key (or point --base-url at a local server that needs none)");
        JudgeOptions a = new JudgeOptions(null, null, null, "positive", null, dir.resolve("c.sqlite"), false, null, null,
                null, Map.<String, String>of()::get);
        assertThatThrownBy(() -> LlmJudges.create("anthropic", "claude-sonnet-4-5", a, SET, null))
                .hasMessageStartingWith("ANTHROPIC_API_KEY is not set");
        assertThat(dir.resolve("c.sqlite")).doesNotExist();
    }

    @Test
    void badJudgeOptionsAreOneLineErrors() throws Exception {
        server = StandInServer.of(StandInServer.Wire.OPENAI);
        Path in = input();
        assertThat(Cli.run(evaluate(in, dir.resolve("x"), "--temperature", "5")).err())
                .isEqualTo("spec-cxr: error: --temperature must be between 0 and 2 (got 5.0)" + System.lineSeparator());
        Cli.Result r = Cli.run("evaluate", "--input", in.toString(), "--out", dir.resolve("y").toString(), "--judge", "openai:gpt-4o",
                "--base-url", "ftp://example.invalid");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("spec-cxr: error: --base-url must be an http(s) URL").doesNotContain("\tat ");
        assertThat(Cli.run("evaluate", "--input", in.toString(), "--out", dir.resolve("z").toString(), "--judge", "openai:").err())
                .contains("needs a model");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void cacheKeyCoversTextsRunAndJudge() throws Exception {
        server = StandInServer.of(StandInServer.Wire.OPENAI);
        JudgeOptions o = new JudgeOptions(server.baseUrl(), null, null, "positive", null, dir.resolve("k.sqlite"), false,
                null, null, null, Map.<String, String>of()::get);
        try (CachingJudge j = (CachingJudge) LlmJudges.create("openai", "m1", o, SET, null);
             CachingJudge k = (CachingJudge) LlmJudges.create("openai", "m2", o, SET, null)) {
            ReportPair p = new ReportPair("a", "x", "ref", "cand");
            assertThat(j.key(p, 1)).isEqualTo(j.key(new ReportPair("other-id", "other-model", "ref", "cand"), 1))
                    .isNotEqualTo(j.key(p, 2))
                    .isNotEqualTo(j.key(new ReportPair("a", "x", "ref.", "cand"), 1))
                    .isNotEqualTo(j.key(new ReportPair("a", "x", "ref", "cand "), 1))
                    .isNotEqualTo(k.key(p, 1))
                    .startsWith("sha256:");
        }
    }

    @Test
    void identicalPairsInFlightTogetherAreAskedOnce() throws Exception {
        // the first request is held until the second caller waits on it, so both are in flight together
        CountDownLatch release = new CountDownLatch(1);
        server = StandInServer.of(StandInServer.Wire.OPENAI).hold(n -> n == 1, release);
        CountDownLatch arrived = new CountDownLatch(1);
        server.onRequest(r -> arrived.countDown());
        JudgeOptions o = new JudgeOptions(server.baseUrl(), null, null, "positive", null, dir.resolve("f.sqlite"), false,
                null, null, null, Map.<String, String>of()::get);
        try (var j = LlmJudges.create("openai", "m", o, SET, null)) {
            ReportPair a = new ReportPair("a", "x", "No acute findings.", "No acute cardiopulmonary process.");
            ReportPair b = new ReportPair("b", "y", a.reference(), a.candidate());
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var fa = pool.submit(() -> j.judge(a, 1));
                assertThat(arrived.await(60, TimeUnit.SECONDS)).as("a's request reached the server").isTrue();
                Thread[] bThread = new Thread[1];
                CountDownLatch bStarted = new CountDownLatch(1);
                var fb = pool.submit(() -> {
                    bThread[0] = Thread.currentThread();
                    bStarted.countDown();
                    return j.judge(b, 1);
                });
                assertThat(bStarted.await(60, TimeUnit.SECONDS)).isTrue();
                // b parks on a's pending answer (no request of its own: the server saw only one)
                while (bThread[0].getState() != Thread.State.WAITING && !fb.isDone()) {
                    Thread.onSpinWait();
                }
                release.countDown();
                var outs = List.of(fa.get(), fb.get());
                assertThat(outs).extracting(org.speccxr.judge.JudgeOutput::cached).containsExactlyInAnyOrder(true, false);
                assertThat(outs.get(0).entities()).isEqualTo(outs.get(1).entities());
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void cacheAndNoCacheExcludeEachOther() throws Exception {
        server = StandInServer.of(StandInServer.Wire.OPENAI);
        Cli.Result r = Cli.run(evaluate(input(), dir.resolve("n"), "--no-cache"));
        assertThat(r.exit()).isEqualTo(2); // options that exclude each other: a command-line error
        assertThat(r.err()).isEqualTo("spec-cxr: error: --cache and --no-cache exclude each other" + System.lineSeparator());
    }
}
