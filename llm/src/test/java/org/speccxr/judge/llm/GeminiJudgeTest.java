package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeException;
import org.speccxr.judge.JudgeFactory;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.ReportPair;
import org.speccxr.run.Evaluation;
import org.speccxr.util.InputException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.speccxr.judge.llm.HostFixture.SET;

/** {@code gemini:MODEL} against a stand-in Gemini API, through Google's Gen AI SDK, with injected faults. */
class GeminiJudgeTest extends GeminiStandInCase {
    static final String KEY = "AIzaSyGEMINISECRET0123456789abcdefghijk";
    static final String MODEL = "gemini-2.5-flash";

    @Test
    void judges40PairsThroughFaultsWithTheKeyInXGoogApiKey(@TempDir Path dir) throws Exception {
        startWithFaults(
                "Resource has been exhausted (e.g. check quota).",
                "An internal error has occurred.",
                "upstream said: key " + KEY + " is overloaded");

        JudgeOptions o = new JudgeOptions(server.endpoint(), null, 7, "positive", null, dir.resolve("cache.sqlite"), false,
                4, null, null, Map.of("GEMINI_API_KEY", KEY)::get);
        HostFixture.Run run = HostFixture.run("gemini", MODEL, o);
        assertThat(run.defaultConcurrency()).isEqualTo(4);
        Evaluation ev = run.ev();
        List<Duration> slept = run.slept();
        List<String> notes = run.notes();

        HostFixture.judgedRight(ev);
        assertThat(ev.usage()).isEqualTo(new org.speccxr.judge.TokenUsage(39 * 1300, 39 * 90, 39 * 1024));
        assertThat(server.requests()).as("39 distinct pairs and 4 faults").hasSize(43);
        assertThat(ev.judge().spec()).isEqualTo("gemini:" + MODEL);
        assertThat(ev.judge().parameters()).containsEntry("base_url", server.endpoint())
                .containsEntry("temperature", 0.0).containsEntry("seed", 7);
        assertThat(slept).hasSize(4);
        assertThat(notes).anyMatch(n -> n.startsWith("gemini:" + MODEL + ": 43 request(s), 4 retried (")
                && n.contains("HTTP 429 x1") && n.contains("HTTP 500 x1") && n.contains("HTTP 503 x1"));

        for (HostStandIn.Request r : server.requests()) {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/v1beta/models/" + MODEL + ":generateContent");
            assertThat(r.header("x-goog-api-key")).isEqualTo(KEY);
            assertThat(r.header("Authorization")).as("the key goes in x-goog-api-key only").isNull();
            JsonNode body = r.json();
            JsonNode config = body.path("generationConfig");
            assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
            HostFixture.entityEnum(config.path("responseJsonSchema").path("properties").path("entities"));
            assertThat(config.path("temperature").asDouble(-1)).isZero();
            assertThat(config.path("seed").asInt()).isEqualTo(7);
            assertThat(body.path("systemInstruction").path("parts").path(0).path("text").asText()).contains("pleural_effusion");
            assertThat(r.body()).doesNotContain(KEY);
        }
        HostFixture.noSecretAnywhere("GEMINISECRET", notes, ev, dir);
    }

    @Test
    void thinkingLevelCutAnswerAndBadKey() throws Exception {
        server = new GeminiStandIn();
        server.enqueue(GeminiStandIn.cut());
        JudgeOptions o = new JudgeOptions(server.endpoint(), null, null, "positive", null, null, true, 3, null, 800,
                Map.of("GOOGLE_API_KEY", KEY)::get).withReasoningEffort("low");
        ReportPair pair = new ReportPair("a", "m", "Small right pleural effusion.", "Right pleural effusion.");
        try (Judge j = LlmJudges.create("gemini", "gemini-3-pro-preview", o, SET, s -> { }, RetryPolicy.defaults(3))) {
            assertThat(j.judge(pair, 1).entities()).extracting(v -> v.entity()).contains("pleural_effusion");
        }
        assertThat(server.requests()).hasSize(2);
        JsonNode config = server.requests().get(1).json().path("generationConfig");
        assertThat(config.path("maxOutputTokens").asInt()).as("asked again with twice the limit").isEqualTo(1600);
        assertThat(config.path("thinkingConfig").path("thinkingLevel").asText()).isEqualToIgnoringCase("low");
        // a level the model does not take is a usage problem
        assertThat(LlmJudges.usageProblem("gemini", "gemini-3-pro-preview", o.withReasoningEffort("medium")))
                .contains("must be one of low, high");

        server.enqueue(GeminiStandIn.error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key."));
        server.enqueue(GeminiStandIn.error(403, "PERMISSION_DENIED", "Permission denied: consumer has been suspended."));
        List<String> notes = new CopyOnWriteArrayList<>();
        try (Judge j = LlmJudges.create("gemini", MODEL, o.withReasoningEffort(null), SET, notes::add, RetryPolicy.defaults(3))) {
            assertThatThrownBy(() -> j.judge(pair, 1)).isInstanceOf(JudgeException.class).hasMessageContaining("API key not valid");
            assertThatThrownBy(() -> j.judge(pair, 2)).isInstanceOf(JudgeException.class).hasMessageContaining("HTTP 403");
            assertThatThrownBy(() -> j.judge(pair, 3)).isInstanceOf(JudgeException.class).hasMessageContaining("not sent");
        }
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void aPerMinuteQuotaIsWaitedOutAndAZeroQuotaStopsTheRun() throws Exception {
        server = new GeminiStandIn();
        String perMinute = "You exceeded your current quota, please check your plan and billing details. For more"
                + " information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.\n* Quota exceeded"
                + " for metric: generativelanguage.googleapis.com/generate_content_paid_tier_input_token_count, limit: 1000000,"
                + " model: gemini-2.5-flash\nPlease retry in 20.04466179s.";
        server.enqueue(GeminiStandIn.error(429, "RESOURCE_EXHAUSTED", perMinute));
        JudgeOptions o = new JudgeOptions(server.endpoint(), null, null, "positive", null, null, true, 3, null, null,
                Map.of("GEMINI_API_KEY", KEY)::get);
        ReportPair pair = new ReportPair("a", "m", "Mild cardiomegaly.", "Mild cardiomegaly.");
        List<Duration> slept = new CopyOnWriteArrayList<>();
        RetryPolicy recorded = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60), slept::add);
        try (Judge j = LlmJudges.create("gemini", MODEL, o, SET, s -> { }, recorded)) {
            assertThat(j.judge(pair, 1).entities()).isNotEmpty();
        }
        assertThat(slept).as("the delay Gemini asked for").first().isEqualTo(Duration.ofMillis(20045));

        String zero = "You exceeded your current quota, please check your plan and billing details.\n* Quota exceeded for"
                + " metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 0, model:"
                + " gemini-2.5-pro\nPlease retry in 20.04s.";
        server.enqueue(GeminiStandIn.error(429, "RESOURCE_EXHAUSTED", zero));
        List<String> notes = new CopyOnWriteArrayList<>();
        try (Judge j = LlmJudges.create("gemini", MODEL, o, SET, notes::add, recorded)) {
            assertThatThrownBy(() -> j.judge(pair, 1)).isInstanceOf(JudgeException.class).hasMessageContaining("quota");
            assertThatThrownBy(() -> j.judge(pair, 2)).isInstanceOf(JudgeException.class).hasMessageContaining("not sent");
        }
        assertThat(server.requests()).hasSize(3);
        assertThat(notes).anyMatch(n -> n.contains("no further requests will be sent"));
    }

    @Test
    void googleKeysAndTokensAreRedactedWhereverTheyAppear() {
        Secrets none = new Secrets(null);
        assertThat(none.redact("key AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW is invalid")).isEqualTo("key [redacted] is invalid");
        assertThat(none.redact("token ya29.a0AfH6SMBx-abc_DEF.123 expired")).isEqualTo("token [redacted] expired");
        assertThat(new Secrets(null, List.of("wJalrXUtnFEMI/K7MDENG")).redact("secret wJalrXUtnFEMI/K7MDENG leaked"))
                .isEqualTo("secret [redacted] leaked");
    }

    @Test
    void keyFromTheEnvironmentDryRunAndServiceLoader() {
        JudgeOptions noKey = new JudgeOptions(null, null, null, "positive", null, null, true, 1, null, null,
                Map.<String, String>of()::get);
        assertThatThrownBy(() -> LlmJudges.create("gemini", MODEL, noKey, SET)).isInstanceOf(InputException.class)
                .hasMessageStartingWith("GEMINI_API_KEY is not set");
        assertThat(LlmJudges.setup("gemini", MODEL, noKey, SET, null).baseUrl())
                .isEqualTo("https://generativelanguage.googleapis.com");
        String dry = LlmJudges.dryRun("gemini", MODEL, noKey, SET, HostFixture.pairs().subList(0, 2), 1);
        assertThat(dry).startsWith("dry run for gemini:" + MODEL + " (compact prompt): 2 pair(s) x 1 run(s) = 2 call(s)");
        assertThatThrownBy(() -> LlmJudges.setup("gemini", MODEL, noKey.withStructuredOutput("tool"), SET, null))
                .isInstanceOf(InputException.class).hasMessageContaining("not available for gemini");
        assertThat(JudgeFactory.Spec.parse("gemini:" + MODEL).providerOrNull()).isNotNull()
                .satisfies(p -> assertThat(p.name()).isEqualTo("gemini"));
    }
}
