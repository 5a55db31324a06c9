package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.io.PairReader;
import org.speccxr.judge.JudgeException;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.ReportPair;
import org.speccxr.util.Json;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Batch runs against stand-ins of both batch APIs: splitting, resume after a kill, faults, the follow-up batch. */
class BatchRunTest {
    static final EntitySet SET = EntitySetLoader.loadDefault();
    static final String KEY = "sk-batch-test-0123456789abcdef";
    static final List<ReportPair> PAIRS = PairReader.read(Path.of("../examples/pairs.csv"));

    @TempDir
    Path dir;
    BatchStandIn standIn;
    final List<String> progress = new ArrayList<>();

    @AfterEach
    void stop() {
        if (standIn != null) {
            standIn.close();
        }
    }

    /** Thrown by a sleeper to stand for the process being killed while it polls. */
    static final class Killed extends RuntimeException {
    }

    JudgeOptions options(String baseUrl, String keyVariable) {
        return new JudgeOptions(baseUrl, null, null, "positive", null, dir.resolve("cache.sqlite"), false, null, null,
                null, Map.of(keyVariable, KEY, "AZURE_OPENAI_ENDPOINT", baseUrl)::get);
    }

    BatchRun batchRun(String provider, String model, JudgeOptions o, BatchRun.Sleeper sleeper, int maxRequests) {
        Provider p = Provider.parse(provider);
        LlmJudges.Setup s = LlmJudges.setup(provider, model, o, SET, KEY);
        return new BatchRun(p, s, KEY, dir.resolve("cache.sqlite"), SET, BatchApi.of(p, s.baseUrl(), KEY),
                progress::add, sleeper, Duration.ofSeconds(60), maxRequests, Long.MAX_VALUE);
    }

    @Test
    void openAiSplitsSubmitsResumesAfterAKillAndPaysForEveryPairOnce() throws Exception {
        standIn = new BatchStandIn(BatchStandIn.Api.OPENAI, "/v1");
        JudgeOptions o = options(standIn.baseUrl(), "OPENAI_API_KEY");
        List<Duration> slept = new ArrayList<>();
        try (BatchRun first = batchRun("openai", "gpt-4o", o, d -> {
            slept.add(d);
            throw new Killed();
        }, 5)) {
            assertThatThrownBy(() -> first.run(PAIRS, 1)).isInstanceOf(Killed.class);
        }
        assertThat(slept).containsExactly(Duration.ofSeconds(60));
        // 12 pairs, at most 5 requests a batch: three files and three batches, recorded before polling
        assertThat(standIn.batchCount()).isEqualTo(3);
        assertThat(standIn.paths.stream().filter(p -> p.equals("POST /v1/files")).count()).isEqualTo(3);
        assertThat(standIn.answered).isEmpty();

        // a new process with the same cache resumes polling the three batches, and submits nothing
        try (BatchRun again = batchRun("openai", "gpt-4o", o, d -> { }, 5)) {
            BatchRun.Outcome out = again.run(PAIRS, 1);
            assertThat(out.submitted()).isZero();
            assertThat(out.failures()).isEmpty();
            assertThat(out.answered()).isEqualTo(12);
            assertThat(out.batches()).isEqualTo(3);
            assertThat(again.status(false)).hasSize(3).allMatch(l -> l.contains("collected"));
            // every pair is now answered from the cache: the collected judge calls nothing
            for (ReportPair p : PAIRS) {
                assertThat(again.collectedJudge(out.failures()).judge(p, 1).cached()).isTrue();
            }
        }
        assertThat(standIn.batchCount()).isEqualTo(3);
        assertThat(standIn.answered).hasSize(12).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        assertThat(progress).anyMatch(l -> l.startsWith("resuming batch batch_"));
        assertThat(progress).anyMatch(l -> l.matches("batch batch_\\d+: in_progress.*"));
        // the key went only in the Authorization header, and nowhere in what the run said
        assertThat(standIn.authHeaders).allMatch(h -> h.equals("Bearer " + KEY));
        assertThat(String.join("\n", progress)).doesNotContain(KEY);

        // a second run finds everything cached: no batch at all
        try (BatchRun third = batchRun("openai", "gpt-4o", o, d -> { }, 5)) {
            BatchRun.Outcome out = third.run(PAIRS, 1);
            assertThat(out.submitted()).isZero();
            assertThat(out.batches()).isZero();
        }
        assertThat(standIn.batchCount()).isEqualTo(3);
    }

    @Test
    void batchLinesCarryTheExactBodyTheSynchronousPathSends() throws Exception {
        standIn = new BatchStandIn(BatchStandIn.Api.OPENAI, "/v1");
        try (StandInServer sync = new StandInServer(StandInServer.Wire.OPENAI, Duration.ZERO)) {
            JudgeOptions syncOptions = new JudgeOptions(sync.baseUrl(), null, 7, "positive", null, null, true, null, null,
                    null, Map.of("OPENAI_API_KEY", KEY)::get);
            try (var judge = LlmJudges.create("openai", "gpt-4o", syncOptions, SET, m -> { }, RetryPolicy.defaults(1))) {
                judge.judge(PAIRS.get(0), 1);
            }
            JsonNode syncBody = sync.requests().get(0).json();
            JudgeOptions o = new JudgeOptions(standIn.baseUrl(), null, 7, "positive", null, dir.resolve("cache.sqlite"),
                    false, null, null, null, Map.of("OPENAI_API_KEY", KEY)::get);
            LlmJudges.Setup s = LlmJudges.setup("openai", "gpt-4o", o, SET, KEY);
            LlmJudges.Setup syncSetup = LlmJudges.setup("openai", "gpt-4o", syncOptions, SET, KEY);
            try (BatchRun run = new BatchRun(Provider.OPENAI, s, KEY, dir.resolve("cache.sqlite"), SET,
                    BatchApi.of(Provider.OPENAI, s.baseUrl(), KEY), progress::add, d -> { }, Duration.ofSeconds(1), 100,
                    Long.MAX_VALUE)) {
                LlmJudge probe = new LlmJudge(Provider.OPENAI, "gpt-4o", null, syncSetup.prompt(), syncSetup.schema(),
                        RetryPolicy.defaults(1), 0, syncSetup.parameters(), new Secrets(null), null, false, LlmJudge.Wire.none());
                JsonNode captured = Json.MAPPER.readTree(BatchWire.capture(Provider.OPENAI, syncSetup.settings(),
                        probe.firstRequest(PAIRS.get(0))));
                assertThat(captured).isEqualTo(syncBody);
                assertThat(captured.path("seed").asInt()).isEqualTo(7);
                assertThat(captured.path("response_format").path("json_schema").path("strict").asBoolean()).isTrue();
                run.run(PAIRS.subList(0, 1), 1);
            }
        }
    }

    @Test
    void anthropicFaultsGoOnceMoreInAFollowUpBatchAndNoPairIsPaidTwice() throws Exception {
        standIn = new BatchStandIn(BatchStandIn.Api.ANTHROPIC, "");
        // the first batch expires after 8 requests, leaves one result out, and answers the first with broken JSON
        standIn.expireAfter = 8;
        standIn.leaveOut = 1;
        standIn.invalidFirst = true;
        JudgeOptions o = options(standIn.baseUrl(), "ANTHROPIC_API_KEY");
        try (BatchRun run = batchRun("anthropic", "claude-sonnet-4-5", o, d -> { }, 100_000)) {
            BatchRun.Outcome out = run.run(PAIRS, 1);
            assertThat(out.failures()).isEmpty();
            assertThat(out.batches()).isEqualTo(2);
            // request 1 (invalid), 9-11 (expired) and 12 (no result) went once more
            assertThat(out.resubmitted()).isEqualTo(5);
            assertThat(out.answered()).isEqualTo(12);
        }
        // the seven good answers of the first batch were not asked again
        assertThat(standIn.answered.values().stream().filter(n -> n == 1).count()).isEqualTo(11);
        assertThat(standIn.answered.values().stream().filter(n -> n == 2).count()).as("the broken answer, paid, then asked again").isEqualTo(1);
        assertThat(standIn.authHeaders).allMatch(h -> h.equals(KEY));
    }

    @Test
    void whatFailsTwiceIsReportedWithItsReason() throws Exception {
        standIn = new BatchStandIn(BatchStandIn.Api.ANTHROPIC, "");
        standIn.expireAll = true;
        JudgeOptions o = options(standIn.baseUrl(), "ANTHROPIC_API_KEY");
        try (BatchRun run = batchRun("anthropic", "claude-sonnet-4-5", o, d -> { }, 100_000)) {
            BatchRun.Outcome out = run.run(PAIRS.subList(0, 3), 1);
            assertThat(out.batches()).isEqualTo(2);
            assertThat(out.failures()).hasSize(3).allSatisfy((k, reason) -> assertThat(reason).contains(": expired"));
            assertThatThrownBy(() -> run.collectedJudge(out.failures()).judge(PAIRS.get(0), 1))
                    .isInstanceOf(JudgeException.class).hasMessageContaining("expired");
        }
        assertThat(standIn.answered).isEmpty();
    }

    @Test
    void azureUsesItsV1BatchEndpointWithTheApiKeyHeader() throws Exception {
        standIn = new BatchStandIn(BatchStandIn.Api.OPENAI, "/openai/v1");
        String root = standIn.baseUrl().replace("/openai/v1", "");
        JudgeOptions o = new JudgeOptions(root, null, null, "positive", null, dir.resolve("cache.sqlite"), false, null,
                null, null, Map.of("AZURE_OPENAI_API_KEY", KEY)::get);
        try (BatchRun run = batchRun("azure", "judge-4o", o, d -> { }, 100)) {
            BatchRun.Outcome out = run.run(PAIRS.subList(0, 2), 1);
            assertThat(out.failures()).isEmpty();
            assertThat(out.answered()).isEqualTo(2);
        }
        assertThat(standIn.paths).contains("POST /openai/v1/files", "POST /openai/v1/batches");
        assertThat(standIn.authHeaders).allMatch(h -> h.equals("api-key " + KEY));
    }

    @Test
    void cancelThenCollectKeepsWhatWasDoneAndSubmitsNothing() throws Exception {
        standIn = new BatchStandIn(BatchStandIn.Api.OPENAI, "/v1");
        standIn.pollsBeforeEnd = 3;
        JudgeOptions o = options(standIn.baseUrl(), "OPENAI_API_KEY");
        try (BatchRun first = batchRun("openai", "gpt-4o", o, d -> {
            throw new Killed();
        }, 100)) {
            assertThatThrownBy(() -> first.run(PAIRS.subList(0, 4), 1)).isInstanceOf(Killed.class);
        }
        try (BatchRun later = batchRun("openai", "gpt-4o", o, d -> { }, 100)) {
            assertThat(later.cancel()).hasSize(1);
            BatchRun.Outcome out = later.run(PAIRS.subList(0, 4), 1, false);
            assertThat(out.submitted()).isZero();
            assertThat(out.resubmitted()).as("collect submits nothing").isZero();
            assertThat(out.failures()).hasSize(4).allSatisfy((k, r) -> assertThat(r).contains("batch_cancelled"));
            assertThat(later.status(false)).singleElement().asString().contains("collected").contains("cancelled");
        }
        assertThat(standIn.batchCount()).isEqualTo(1);
        assertThat(standIn.paths).contains("POST /v1/batches/batch_2/cancel");
    }

    @Test
    void customIdsAreOfTheAllowedCharacters() {
        String id = BatchRun.customId("sha256:" + "ab12".repeat(16));
        assertThat(id).matches("[a-zA-Z0-9_-]{1,64}").hasSize(43);
    }
}
