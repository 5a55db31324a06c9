package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeException;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.JudgeOutput;
import org.speccxr.judge.ReportPair;
import org.speccxr.run.Evaluation;
import org.speccxr.run.Runner;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictRecord;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.speccxr.judge.llm.StandInServer.Wire.ANTHROPIC;
import static org.speccxr.judge.llm.StandInServer.Wire.OLLAMA;
import static org.speccxr.judge.llm.StandInServer.Wire.OPENAI;

/** Failures, counted and recovered from where that makes sense, against local stand-in servers. */
class RecoveryTest {
    static final EntitySet SET = EntitySetLoader.loadDefault();
    static final ReportPair PAIR = new ReportPair("p1", "m", "Small right pleural effusion. No pneumothorax.",
            "Small right pleural effusion.");
    /** The verdicts the stand-in answers for PAIR: the fixture the recovered answers are checked against. */
    static final List<EntityVerdict> PAIR_VERDICTS = List.of(
            new EntityVerdict("pleural_effusion", Presence.TP, Alignment.ALIGNED, Alignment.ALIGNED, Comparison.OTHER),
            EntityVerdict.of("pneumothorax", Presence.TN));

    /** Backoff through a sleeper that returns at once; Retry-After is honoured as given regardless. */
    static RetryPolicy fast(int attempts) {
        return new RetryPolicy(attempts, Duration.ofMillis(20), Duration.ofSeconds(5), d -> { });
    }

    /** A stand-in of the family that answers PAIR with its fixture. */
    static StandInServer standIn(StandInServer.Wire wire) throws java.io.IOException {
        return StandInServer.of(wire).answer(PAIR.reference(), PAIR.candidate(), PAIR_VERDICTS);
    }

    StandInServer server;
    /** What the judge said through its notices sink, one line each. */
    final StringBuffer notes = new StringBuffer();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    Judge judge(StandInServer.Wire wire, RetryPolicy retry, Duration timeout) throws Exception {
        if (server == null) {
            server = standIn(wire);
        }
        JudgeOptions o = new JudgeOptions(server.baseUrl(), null, null, "positive", null, null, true, null, timeout, null,
                Map.of("OPENAI_API_KEY", "sk-test-RECOVERY0000000000")::get);
        String provider = wire.name().toLowerCase();
        return LlmJudges.create(provider, "stand-in", o, SET, line -> notes.append(line).append('\n'), retry);
    }

    @Test
    void rateLimitWaitsAsLongAsRetryAfterSays() throws Exception {
        server = standIn(OPENAI);
        server.enqueue(StandInServer.withHeader(StandInServer.error(OPENAI, 429, "rate_limit_exceeded",
                "Rate limit reached for requests"), "Retry-After", "1"));
        List<Duration> slept = new java.util.concurrent.CopyOnWriteArrayList<>();
        RetryPolicy recording = new RetryPolicy(3, Duration.ofMillis(20), Duration.ofSeconds(5), slept::add);
        try (Judge j = judge(OPENAI, recording, null)) {
            JudgeOutput out = j.judge(PAIR, 1);
            assertThat(out.entities()).isNotEmpty();
        }
        // the 1 s the server asked for, not the 20 ms backoff (the recording sleeper returns at once)
        assertThat(slept).contains(Duration.ofSeconds(1)).allMatch(d -> d.compareTo(Duration.ofSeconds(1)) <= 0);
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(notes.toString()).contains("2 request(s), 1 retried (HTTP 429 x1)");
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() throws Exception {
        server = standIn(OPENAI);
        server.enqueue(StandInServer.error(OPENAI, 500, "server_error", "The server had an error while processing your request."));
        server.enqueue(StandInServer.error(OPENAI, 503, "server_error", "overloaded"));
        try (Judge j = judge(OPENAI, fast(3), null)) {
            assertThat(j.judge(PAIR, 1).entities()).isNotEmpty();
        }
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void anthropicOverloaded529IsRetried() throws Exception {
        server = standIn(ANTHROPIC);
        server.enqueue(StandInServer.error(ANTHROPIC, 529, "overloaded_error", "Overloaded"));
        try (Judge j = judge(ANTHROPIC, fast(3), null)) {
            assertThat(j.judge(PAIR, 1).entities()).isNotEmpty();
        }
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void truncatedResponseBodyIsRetried() throws Exception {
        server = standIn(OPENAI);
        String full = StandInServer.envelope(OPENAI, StandInServer.answer(List.of(EntityVerdict.of("pleural_effusion", Presence.TP))), 10, 10);
        server.enqueue(new StandInServer.Response(200, Map.of(), full.substring(0, full.length() / 2)));
        try (Judge j = judge(OPENAI, fast(3), null)) {
            assertThat(j.judge(PAIR, 1).entities()).isNotEmpty();
        }
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(notes.toString()).contains("malformed body x1");
    }

    @Test
    void timeoutIsRetried() throws Exception {
        // the first answer stalls until the test lets it go, after the judge has given up on it
        CountDownLatch release = new CountDownLatch(1);
        server = standIn(OPENAI);
        server.enqueue(StandInServer.Response.stalled(release));
        try (Judge j = judge(OPENAI, fast(3), Duration.ofSeconds(1))) {
            assertThat(j.judge(PAIR, 1).entities()).extracting(EntityVerdict::toString)
                    .containsExactlyElementsOf(PAIR_VERDICTS.stream().map(EntityVerdict::toString).toList());
        } finally {
            release.countDown();
        }
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(notes.toString()).contains("timeout x1");
    }

    @Test
    void bodyCutShortOfItsContentLengthIsRetried() throws Exception {
        server = standIn(OPENAI);
        String full = StandInServer.envelope(OPENAI, StandInServer.answer(PAIR_VERDICTS), 10, 10);
        server.enqueue(new StandInServer.Response(200, Map.of(), full).cutAfter(full.length() / 3));
        try (Judge j = judge(OPENAI, fast(3), null)) {
            assertThat(j.judge(PAIR, 1).entities()).extracting(EntityVerdict::entity)
                    .containsExactly("pleural_effusion", "pneumothorax");
        }
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(notes.toString()).contains("2 request(s), 1 retried");
    }

    @Test
    void aProxysHtmlErrorPageIsRetried() throws Exception {
        server = standIn(ANTHROPIC);
        server.enqueue(new StandInServer.Response(502, Map.of(), "<html><body><h1>502 Bad Gateway</h1></body></html>")
                .withContentType("text/html"));
        try (Judge j = judge(ANTHROPIC, fast(3), null)) {
            assertThat(j.judge(PAIR, 1).entities()).extracting(EntityVerdict::entity)
                    .containsExactly("pleural_effusion", "pneumothorax");
        }
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(notes.toString()).contains("HTTP 502 x1");
    }

    @Test
    void invalidAnswerIsAskedAgainWithTheReason() throws Exception {
        server = standIn(OPENAI);
        String good = StandInServer.answer(List.of(EntityVerdict.of("pleural_effusion", Presence.TP)));
        server.enqueue(new StandInServer.Response(200, Map.of(), StandInServer.envelope(OPENAI,
                good.substring(0, good.length() - 9), 10, 10)));
        try (Judge j = judge(OPENAI, fast(3), null)) {
            // the second answer is the fixture's
            assertThat(j.judge(PAIR, 1).entities()).extracting(EntityVerdict::entity).containsExactly("pleural_effusion", "pneumothorax");
        }
        assertThat(server.requestCount()).isEqualTo(2);
        JsonNode second = server.requests().get(1).json().path("messages");
        assertThat(second).hasSize(4);
        assertThat(second.get(2).path("role").asText()).isEqualTo("assistant");
        assertThat(second.get(3).path("content").asText()).startsWith("That answer is not valid: not valid JSON");
        assertThat(notes.toString()).contains("1 invalid answer(s) asked again");
    }

    @Test
    void schemaViolationsAreBoundedThenFail() throws Exception {
        server = standIn(OPENAI);
        server.answerWith((ref, cand) -> "{\"entities\":[{\"entity\":\"pleural_effusion\",\"presence\":\"maybe\","
                + "\"location\":\"aligned\",\"severity\":\"aligned\",\"comparison\":\"other\"}]}");
        try (Judge j = judge(OPENAI, fast(3), null)) {
            assertThatThrownBy(() -> j.judge(PAIR, 1)).isInstanceOf(JudgeException.class)
                    .hasMessageContaining("invalid answer after 3 tries").hasMessageContaining("presence must be");
        }
        assertThat(server.requestCount()).isEqualTo(1 + LlmJudges.MAX_REASKS);
        assertThat(notes.toString()).contains("token(s) spent on pairs that still failed");
    }

    @Test
    void persistentServerErrorGivesUpAfterMaxAttempts() throws Exception {
        server = standIn(OPENAI);
        for (int i = 0; i < 10; i++) {
            server.enqueue(StandInServer.error(OPENAI, 502, "server_error", "Bad gateway"));
        }
        try (Judge j = judge(OPENAI, fast(4), null)) {
            assertThatThrownBy(() -> j.judge(PAIR, 1)).isInstanceOf(JudgeException.class)
                    .hasMessage("HTTP 502: server_error: Bad gateway [server_error] (gave up after 4 attempts)");
        }
        assertThat(server.requestCount()).isEqualTo(4);
    }

    @Test
    void authenticationFailureStopsAllFurtherRequests() throws Exception {
        server = standIn(OPENAI);
        server.enqueue(StandInServer.error(OPENAI, 401, "invalid_api_key",
                "Incorrect API key provided: sk-test-RECOVERY0000000000. You can find your API key at https://platform.openai.com."));
        try (Judge j = judge(OPENAI, fast(3), null)) {
            assertThatThrownBy(() -> j.judge(PAIR, 1)).isInstanceOf(JudgeException.class)
                    .hasMessageContaining("HTTP 401 authentication failed").hasMessageNotContaining("RECOVERY0000");
            assertThatThrownBy(() -> j.judge(PAIR, 2)).isInstanceOf(JudgeException.class)
                    .hasMessageStartingWith("not sent: an earlier request failed for good");
        }
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(notes.toString()).contains("no further requests will be sent")
                .doesNotContain("RECOVERY0000");
    }

    @Test
    void ollamaUnknownModelIsFatalWithItsMessage() throws Exception {
        server = standIn(OLLAMA);
        server.enqueue(StandInServer.error(OLLAMA, 404, "", "model \"stand-in\" not found, try pulling it first"));
        try (Judge j = judge(OLLAMA, fast(3), null)) {
            assertThatThrownBy(() -> j.judge(PAIR, 1)).isInstanceOf(JudgeException.class)
                    .hasMessageContaining("HTTP 404 not found").hasMessageContaining("try pulling it first");
        }
    }

    @Test
    void badRequestFailsOnlyThatPair() throws Exception {
        server = standIn(OPENAI);
        server.enqueue(StandInServer.error(OPENAI, 400, "context_length_exceeded", "This model's maximum context length is 8192 tokens."));
        try (Judge j = judge(OPENAI, fast(3), null)) {
            assertThatThrownBy(() -> j.judge(PAIR, 1)).isInstanceOf(JudgeException.class)
                    .hasMessageContaining("HTTP 400").hasMessageContaining("maximum context length");
            assertThat(j.judge(PAIR, 2).entities()).isNotEmpty();
        }
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void aRefusedStructuredOutputFieldPointsToToolMode() throws Exception {
        server = standIn(ANTHROPIC);
        server.enqueue(StandInServer.error(ANTHROPIC, 400, "invalid_request_error",
                "output_config.format: structured outputs are not supported by this model"));
        try (Judge j = judge(ANTHROPIC, fast(3), null)) {
            assertThatThrownBy(() -> j.judge(PAIR, 1)).isInstanceOf(JudgeException.class)
                    .hasMessageContaining("HTTP 400").hasMessageContaining("--structured-output tool");
        }
    }

    @Test
    void duplicateAndUnknownEntitiesAreNormalisedByTheRunner() throws Exception {
        server = standIn(OPENAI);
        server.answerWith((ref, cand) -> StandInServer.answer(List.of(
                new EntityVerdict("pleural_effusion", Presence.TP, Alignment.ALIGNED, Alignment.ALIGNED, Comparison.OTHER),
                EntityVerdict.of("made_up_entity", Presence.FP),
                new EntityVerdict("pleural_effusion", Presence.FN, Alignment.NOT_ALIGNED, Alignment.ALIGNED, Comparison.OTHER),
                new EntityVerdict("pleural_effusion", Presence.TP, Alignment.NOT_ALIGNED, Alignment.ALIGNED, Comparison.OTHER),
                new EntityVerdict("pneumothorax", Presence.FN, Alignment.NOT_ALIGNED, Alignment.NOT_ALIGNED,
                        Comparison.MISSING_MENTIONED))));
        Evaluation ev;
        try (Judge j = judge(OPENAI, fast(3), null)) {
            ev = new Runner(j, SET, 1, 2).run(List.of(PAIR));
        }
        assertThat(ev.failures()).isEmpty();
        VerdictRecord r = ev.records().get(0);
        assertThat(r.entities()).extracting(EntityVerdict::toString).containsExactly(
                "pleural_effusion:TP/aligned/aligned/other",
                "pneumothorax:FN/not-available/not-available/other");
        assertThat(r.warnings()).anyMatch(w -> w.contains("unknown entity 'made_up_entity' dropped"))
                .anyMatch(w -> w.contains("'pleural_effusion' listed 3 times; kept TP"));
        assertThat(ev.usage().input()).isPositive();
    }

}
