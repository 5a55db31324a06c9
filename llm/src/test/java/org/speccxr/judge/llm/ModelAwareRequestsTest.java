package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeException;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.ReportPair;
import org.speccxr.run.Evaluation;
import org.speccxr.run.Runner;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.speccxr.judge.llm.StandInServer.Wire.ANTHROPIC;
import static org.speccxr.judge.llm.StandInServer.Wire.OLLAMA;
import static org.speccxr.judge.llm.StandInServer.Wire.OPENAI;

/**
 * Requests shaped by the model table, and the run-stopping and re-asking rules, asserted on the request bodies a
 * local stand-in server (speaking the providers' wire formats) received. Nothing here calls the internet or sleeps:
 * retries go through a sleeper that returns at once.
 */
class ModelAwareRequestsTest {
    static final EntitySet SET = EntitySetLoader.loadDefault();
    static final ReportPair PAIR = new ReportPair("p1", "m", "Small right pleural effusion.", "Small right pleural effusion.");
    static final String KEY = "sk-test-MODELAWARE000000000";
    static final String ANSWER = StandInServer.answer(List.of(EntityVerdict.of("pleural_effusion", Presence.TP)));

    StandInServer server;
    final List<Duration> slept = new CopyOnWriteArrayList<>();
    final List<String> notes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    JudgeOptions options(Double temperature, Integer maxTokens) {
        return new JudgeOptions(server.baseUrl(), temperature, null, "positive", null, null, true, 3, null, maxTokens,
                Map.of("OPENAI_API_KEY", KEY, "ANTHROPIC_API_KEY", KEY)::get);
    }

    Judge judge(StandInServer.Wire wire, String model, JudgeOptions o) {
        RetryPolicy instant = new RetryPolicy(o.maxAttempts() == null ? 3 : o.maxAttempts(), Duration.ofSeconds(1),
                Duration.ofSeconds(60), slept::add);
        return LlmJudges.create(wire.name().toLowerCase(), model, o, SET, notes::add, instant);
    }

    JsonNode body(int i) {
        return server.requests().get(i).json();
    }

    @Test
    void claudeOpus47IsSentNoTemperature() throws Exception {
        server = StandInServer.of(ANTHROPIC);
        try (Judge j = judge(ANTHROPIC, "claude-opus-4-7", options(null, null))) {
            assertThat(j.judge(PAIR, 1).entities()).isNotEmpty();
            assertThat(j.info().parameters()).doesNotContainKey("temperature");
        }
        JsonNode body = body(0);
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(ChatModels.ANTHROPIC_MAX_TOKENS);
        // an older model still gets the paper's temperature 0
        try (Judge j = judge(ANTHROPIC, "claude-sonnet-4-5", options(null, null))) {
            j.judge(PAIR, 1);
        }
        assertThat(body(1).path("temperature").isNumber()).isTrue();
        assertThat(body(1).path("temperature").asDouble()).isZero();
        // a temperature the model rejects is a usage error before any call
        assertThat(LlmJudges.usageProblem("anthropic", "claude-opus-4-7", options(0.3, null)))
                .startsWith("--temperature: anthropic:claude-opus-4-7 takes no temperature");
        assertThat(LlmJudges.usageProblem("anthropic", "claude-sonnet-5", options(0.0, null))).isNotNull();
        assertThat(LlmJudges.usageProblem("anthropic", "claude-opus-4-6", options(0.0, null))).isNull();
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void gpt6OnAnyBaseUrlGetsNoTemperatureAndMaxCompletionTokensAndStoreFalse() throws Exception {
        server = StandInServer.of(OPENAI);
        try (Judge j = judge(OPENAI, "gpt-6-astra", options(null, 3000).withReasoningEffort("high"))) {
            j.judge(PAIR, 1);
            assertThat(j.info().parameters()).containsEntry("reasoning_effort", "high").doesNotContainKey("temperature");
        }
        JsonNode body = body(0);
        assertThat(server.baseUrl()).as("not the official host").startsWith("http://127.0.0.1:");
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.has("max_tokens")).isFalse();
        assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(3000);
        assertThat(body.path("reasoning_effort").asText()).isEqualTo("high");
        assertThat(body.path("store").isBoolean()).isTrue();
        assertThat(body.path("store").asBoolean(true)).isFalse();
        assertThat(body.has("parallel_tool_calls")).as("only with tools").isFalse();
        // values the table says the model does not take are usage errors
        assertThat(LlmJudges.usageProblem("openai", "gpt-6-astra", options(null, null).withReasoningEffort("none")))
                .isEqualTo("--reasoning-effort must be one of low, medium, high, xhigh for openai:gpt-6-astra (got 'none')");
        assertThat(LlmJudges.usageProblem("openai", "gpt-4o", options(null, null).withReasoningEffort("high")))
                .startsWith("--reasoning-effort: openai:gpt-4o takes no reasoning effort");
        assertThat(LlmJudges.usageProblem("openai", "gpt-6-astra", options(0.0, null))).startsWith("--temperature:");
    }

    @Test
    void everyOpenAiRequestCarriesStoreFalseAndToolModeNoParallelCalls() throws Exception {
        server = StandInServer.of(OPENAI);
        try (Judge j = judge(OPENAI, "gpt-4o", options(null, 500))) {
            j.judge(PAIR, 1);
            j.judge(PAIR, 2);
        }
        try (Judge j = judge(OPENAI, "local-model", options(null, null).withStructuredOutput("tool"))) {
            j.judge(PAIR, 1);
        }
        assertThat(server.requests()).hasSize(3).allSatisfy(r -> {
            assertThat(r.json().path("store").isBoolean()).isTrue();
            assertThat(r.json().path("store").asBoolean(true)).isFalse();
        });
        assertThat(body(0).path("max_tokens").asInt()).as("a model that is not a reasoning model").isEqualTo(500);
        assertThat(body(0).path("temperature").asDouble(-1)).isZero();
        assertThat(body(2).path("tools")).hasSize(1);
        assertThat(body(2).path("parallel_tool_calls").isBoolean()).isTrue();
        assertThat(body(2).path("parallel_tool_calls").asBoolean(true)).isFalse();
    }

    @Test
    void anthropicReasoningEffortGoesInOutputConfigBesideTheSchema() throws Exception {
        server = StandInServer.of(ANTHROPIC);
        try (Judge j = judge(ANTHROPIC, "claude-opus-4-7", options(null, null).withReasoningEffort("xhigh"))) {
            j.judge(PAIR, 1);
        }
        JsonNode oc = body(0).path("output_config");
        assertThat(oc.path("effort").asText()).isEqualTo("xhigh");
        assertThat(oc.path("format").path("type").asText()).isEqualTo("json_schema");
        assertThat(body(0).has("thinking")).isFalse();
    }

    @Test
    void ollamaIsSentShiftAndTruncateFalseAndFailsAPromptItCut() throws Exception {
        server = StandInServer.of(OLLAMA);
        // an older server that ignores truncate:false cuts the prompt and answers: it read 2,048 tokens
        server.enqueue(new StandInServer.Response(200, Map.of(), StandInServer.envelope(OLLAMA, ANSWER, 2048, 70)));
        try (Judge j = judge(OLLAMA, "llama3.1:8b", options(null, null))) {
            assertThatThrownBy(() -> j.judge(PAIR, 1)).isInstanceOf(JudgeException.class)
                    .hasMessageContaining("cut the prompt to fit its context window: it read 2048 of about")
                    .hasMessageContaining("set num_ctx to at least")
                    .hasMessageContaining("num_ctx: ")
                    .hasMessageNotContaining("\n");
            // the stand-in's own answers count the whole prompt: accepted
            assertThat(j.judge(PAIR, 2).entities()).isNotEmpty();
        }
        JsonNode body = body(0);
        assertThat(body.path("shift").isBoolean()).isTrue();
        assertThat(body.path("shift").asBoolean(true)).isFalse();
        assertThat(body.path("truncate").isBoolean()).isTrue();
        assertThat(body.path("truncate").asBoolean(true)).isFalse();
        assertThat(body.path("options").has("shift")).as("top-level fields, not options").isFalse();
        assertThat(body.path("options").path("num_ctx").asInt()).isEqualTo(ChatModels.OLLAMA_NUM_CTX);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void ollamaRefusingAPromptTooLongForItsContextSaysWhichNumCtxToSet() throws Exception {
        server = StandInServer.of(OLLAMA);
        server.enqueue(StandInServer.error(OLLAMA, 400, "",
                "request (13100 tokens) exceeds the available context size (8192 tokens)"));
        try (Judge j = judge(OLLAMA, "qwen3:8b", options(null, null))) {
            assertThatThrownBy(() -> j.judge(PAIR, 1)).isInstanceOf(JudgeException.class)
                    .hasMessageContaining("exceeds the available context size")
                    .hasMessageContaining("set num_ctx to at least");
        }
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void aSpendLimitStopsTheRunAfterExactlyOneRequest() throws Exception {
        server = StandInServer.of(ANTHROPIC);
        server.enqueue(StandInServer.error(ANTHROPIC, 429, "rate_limit_error",
                "You have reached your specified workspace API usage limits. You will regain access on 2027-01-01 at 00:00 UTC."));
        List<ReportPair> pairs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pairs.add(new ReportPair("p" + i, "m", "Small right pleural effusion " + i + ".", "Effusion " + i + "."));
        }
        Evaluation ev;
        try (Judge j = judge(ANTHROPIC, "claude-sonnet-4-5", options(null, null))) {
            ev = new Runner(j, SET, 1, 1).run(pairs);
        }
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(slept).as("not retried").isEmpty();
        assertThat(ev.failures()).hasSize(5);
        assertThat(ev.failures().get(0).reason()).contains("HTTP 429").contains("usage limits")
                .contains("add credit or raise the limit");
        assertThat(ev.failures().subList(1, 5)).allSatisfy(f -> assertThat(f.reason()).startsWith("not sent: "));
        assertThat(notes).filteredOn(n -> n.contains("no further requests will be sent")).hasSize(1);
    }

    @Test
    void openAiQuotaAndAnyPaymentRequiredStopAtOnceToo() throws Exception {
        server = StandInServer.of(OPENAI);
        server.enqueue(StandInServer.error(OPENAI, 429, "insufficient_quota",
                "You exceeded your current quota, please check your plan and billing details."));
        try (Judge j = judge(OPENAI, "gpt-4o", options(null, null))) {
            assertThatThrownBy(() -> j.judge(PAIR, 1)).hasMessageContaining("quota or spend limit");
            assertThatThrownBy(() -> j.judge(PAIR, 2)).hasMessageStartingWith("not sent: ");
        }
        assertThat(server.requestCount()).isEqualTo(1);
        server.close();
        server = StandInServer.of(OPENAI);
        server.enqueue(new StandInServer.Response(402, Map.of(), "{\"error\":{\"message\":\"Payment required: billing"
                + " hard limit reached\",\"type\":\"billing_error\"}}"));
        try (Judge j = judge(OPENAI, "gateway-model", options(null, null))) {
            assertThatThrownBy(() -> j.judge(PAIR, 1)).hasMessageContaining("HTTP 402").hasMessageContaining("add credit");
            assertThatThrownBy(() -> j.judge(PAIR, 2)).hasMessageStartingWith("not sent: ");
        }
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(slept).isEmpty();
        // an ordinary rate limit is still waited out
        assertThat(RetryPolicy.http(429, "rate_limit_error: Number of request tokens has exceeded your per-minute rate limit",
                null).kind()).isEqualTo(RetryPolicy.Kind.RETRY);
    }

    @Test
    void anAnswerCutAtTheTokenLimitIsAskedOnceWithTwiceTheLimitThenFails() throws Exception {
        server = StandInServer.of(OPENAI);
        String cut = ANSWER.substring(0, ANSWER.length() / 2);
        server.enqueue(new StandInServer.Response(200, Map.of(), StandInServer.cutEnvelope(OPENAI, cut, 100, 700)));
        try (Judge j = judge(OPENAI, "gpt-4o", options(null, 700))) {
            assertThat(j.judge(PAIR, 1).entities()).isNotEmpty();
        }
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(body(0).path("max_tokens").asInt()).isEqualTo(700);
        assertThat(body(1).path("max_tokens").asInt()).isEqualTo(1400);
        assertThat(body(1).path("messages")).as("the same request, not the cut answer shown back").hasSize(2);
        assertThat(notes).anyMatch(n -> n.contains("1 cut answer(s) asked again with twice the token limit"));

        // cut again at twice the limit: the pair fails, naming --max-tokens; the limit is doubled once only
        server.close();
        server = StandInServer.of(ANTHROPIC);
        server.answerWith((ref, cand) -> cut);
        server.enqueue(new StandInServer.Response(200, Map.of(), StandInServer.cutEnvelope(ANTHROPIC, cut, 100, 900)));
        server.enqueue(new StandInServer.Response(200, Map.of(), StandInServer.cutEnvelope(ANTHROPIC, cut, 100, 1800)));
        try (Judge j = judge(ANTHROPIC, "claude-sonnet-4-5", options(null, 900))) {
            assertThatThrownBy(() -> j.judge(PAIR, 1)).isInstanceOf(JudgeException.class)
                    .hasMessage("the answer was cut at the token limit (900 tokens, then 1800); run again with a larger --max-tokens");
        }
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(body(0).path("max_tokens").asInt()).isEqualTo(900);
        assertThat(body(1).path("max_tokens").asInt()).isEqualTo(1800);
    }

    @Test
    void ollamaDoublesNumPredictOnceAndWithoutACapPointsToNumCtx() throws Exception {
        server = StandInServer.of(OLLAMA);
        String cut = ANSWER.substring(0, ANSWER.length() / 3);
        server.enqueue(new StandInServer.Response(200, Map.of(), StandInServer.cutEnvelope(OLLAMA, cut, 12000, 600)));
        try (Judge j = judge(OLLAMA, "llama3.1:8b", options(null, 600))) {
            assertThat(j.judge(PAIR, 1).entities()).isNotEmpty();
        }
        assertThat(body(0).path("options").path("num_predict").asInt()).isEqualTo(600);
        assertThat(body(1).path("options").path("num_predict").asInt()).isEqualTo(1200);
        assertThat(body(1).path("shift").asBoolean(true)).as("the doubled request keeps the body edits").isFalse();

        server.enqueue(new StandInServer.Response(200, Map.of(), StandInServer.cutEnvelope(OLLAMA, cut, 12000, 600)));
        try (Judge j = judge(OLLAMA, "llama3.1:8b", options(null, null))) {
            assertThatThrownBy(() -> j.judge(PAIR, 1)).isInstanceOf(JudgeException.class)
                    .hasMessageStartingWith("the answer was cut at the end of the context window; set num_ctx to at least");
        }
        assertThat(server.requestCount()).as("no cap to double: not asked again").isEqualTo(3);
    }

    @Test
    void aParameterTheServerRefusesIsDroppedOnceSaidOnceAndRecorded() throws Exception {
        server = StandInServer.of(OPENAI);
        server.enqueue(new StandInServer.Response(400, Map.of(), "{\"error\":{\"message\":\"Unsupported value:"
                + " 'temperature' does not support 0.0 with this model. Only the default (1) value is supported.\","
                + "\"type\":\"invalid_request_error\",\"param\":\"temperature\",\"code\":\"unsupported_value\"}}"));
        String keyBefore;
        try (Judge j = judge(OPENAI, "gpt-4.9-preview", options(null, null))) {
            keyBefore = cacheKey(j);
            assertThat(j.judge(PAIR, 1).entities()).isNotEmpty();
            assertThat(j.judge(PAIR, 2).entities()).isNotEmpty();
            assertThat(j.info().parameters()).containsEntry(LlmJudge.DROPPED, List.of("temperature"));
            assertThat(cacheKey(j)).as("a drop does not change the cache key").isEqualTo(keyBefore);
        }
        assertThat(server.requestCount()).isEqualTo(3);
        assertThat(body(0).has("temperature")).isTrue();
        assertThat(body(1).has("temperature")).isFalse();
        assertThat(body(2).has("temperature")).isFalse();
        assertThat(body(1).path("store").asBoolean(true)).as("only the refused field goes").isFalse();
        assertThat(notes).filteredOn(n -> n.contains("refused temperature")).hasSize(1)
                .allSatisfy(n -> assertThat(n).doesNotContain("\n"));
        assertThat(slept).as("no backoff for a dropped field").isEmpty();
    }

    @Test
    void aRefusedFieldIsRetriedOnceOnlyAndMaxTokensIsRenamedWhenTheServerSaysSo() throws Exception {
        server = StandInServer.of(ANTHROPIC);
        // a server that keeps refusing: one retry without the field, then the 400 fails the pair
        server.enqueue(StandInServer.error(ANTHROPIC, 400, "invalid_request_error", "`temperature` is deprecated for this model."));
        server.enqueue(StandInServer.error(ANTHROPIC, 400, "invalid_request_error", "`temperature` is deprecated for this model."));
        try (Judge j = judge(ANTHROPIC, "claude-next", options(null, null))) {
            assertThatThrownBy(() -> j.judge(PAIR, 1)).isInstanceOf(JudgeException.class).hasMessageContaining("HTTP 400");
        }
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(body(0).has("temperature")).isTrue();
        assertThat(body(1).has("temperature")).isFalse();

        server.close();
        server = StandInServer.of(OPENAI);
        server.enqueue(new StandInServer.Response(400, Map.of(), "{\"error\":{\"message\":\"Unsupported parameter:"
                + " 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.\","
                + "\"type\":\"invalid_request_error\",\"param\":\"max_tokens\",\"code\":\"unsupported_parameter\"}}"));
        try (Judge j = judge(OPENAI, "new-reasoner", options(null, 2000))) {
            j.judge(PAIR, 1);
        }
        assertThat(body(0).path("max_tokens").asInt()).isEqualTo(2000);
        assertThat(body(1).has("max_tokens")).isFalse();
        assertThat(body(1).path("max_completion_tokens").asInt()).isEqualTo(2000);
        assertThat(notes).anyMatch(n -> n.contains("sending the token limit as max_completion_tokens"));
    }

    @Test
    void noticesGoToTheOptionsSinkAndNeverCarryTheKey() throws Exception {
        server = StandInServer.of(OPENAI);
        server.enqueue(StandInServer.error(OPENAI, 401, "invalid_api_key", "Incorrect API key provided: " + KEY + "."));
        List<String> sink = new CopyOnWriteArrayList<>();
        try (Judge j = LlmJudges.create("openai", "gpt-4o", options(null, null).withNotices(sink::add), SET)) {
            assertThatThrownBy(() -> j.judge(PAIR, 1)).isInstanceOf(JudgeException.class);
        }
        assertThat(sink).isNotEmpty().noneMatch(s -> s.contains("MODELAWARE")).noneMatch(s -> s.startsWith("spec-cxr:"));
        assertThat(sink).anyMatch(s -> s.startsWith("openai:gpt-4o: 1 request(s)"));
    }

    private static String cacheKey(Judge j) {
        // the key is computed from the judge's provenance alone; no cache file is opened for it
        return new CachingJudge(j, null, SET, s -> { }).key(PAIR, 1);
    }
}
