package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
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

/** {@code bedrock:MODEL_ID} against a stand-in Converse endpoint, signed by the AWS SDK, through injected faults. */
class BedrockJudgeTest {
    static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYBEDROCKSECRET";
    static final String SESSION = "IQoJb3JpZ2luX2VjEBEDROCKSESSIONTOKEN0123456789";
    static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

    BedrockStandIn server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    Map<String, String> env() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET, "AWS_SESSION_TOKEN", SESSION,
                "AWS_REGION", "us-east-1");
    }

    @Test
    void judges40PairsThroughFaultsSignedWithSigV4(@TempDir Path dir) throws Exception {
        server = new BedrockStandIn();
        String full = new BedrockStandIn().envelope(Json.tree("{\"toolConfig\":{\"toolChoice\":{\"tool\":{\"name\":\"record_entity_verdicts\"}}}}"),
                HostStandIn.answer(List.of()));
        HostFixture.faultsThenSloppyAnswers(server, full,
                BedrockStandIn.error(429, "ThrottlingException", "Too many requests, please wait before trying again."),
                BedrockStandIn.error(503, "ServiceUnavailableException", "Bedrock is unable to process your request."),
                BedrockStandIn.error(500, "InternalServerException", "upstream said: secret " + SECRET + " is slow"));

        JudgeOptions o = new JudgeOptions(server.endpoint(), null, 7, "positive", null, dir.resolve("cache.sqlite"), false,
                4, null, null, env()::get);
        HostFixture.Run run = HostFixture.run("bedrock", MODEL, o);
        assertThat(run.defaultConcurrency()).isEqualTo(4);
        Evaluation ev = run.ev();
        List<Duration> slept = run.slept();
        List<String> notes = run.notes();

        HostFixture.judgedRight(ev);
        assertThat(ev.usage()).as("39 answers: cache reads counted in the input, and apart").isEqualTo(
                new org.speccxr.judge.TokenUsage(39 * 1200, 39 * 80, 39 * 1000));
        assertThat(server.requests()).as("39 distinct pairs and 4 faults").hasSize(43);
        assertThat(ev.judge().spec()).isEqualTo("bedrock:" + MODEL);
        assertThat(ev.judge().parameters()).containsEntry("base_url", server.endpoint())
                .containsEntry("temperature", 0.0).containsEntry("structured_output", "tool").doesNotContainKey("seed");
        assertThat(slept).as("backoff through the injected sleeper").hasSize(4);
        assertThat(notes).anyMatch(n -> n.contains("takes no seed"));
        assertThat(notes).anyMatch(n -> n.startsWith("bedrock:" + MODEL + ": 43 request(s), 4 retried (")
                && n.contains("HTTP 429 x1") && n.contains("HTTP 503 x1") && n.contains("HTTP 500 x1"));

        for (HostStandIn.Request r : server.requests()) {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(BedrockStandIn.modelId(r.path())).isEqualTo(MODEL);
            // SigV4, computed by the SDK: the credential scope names the key id, date, region and service
            assertThat(r.header("Authorization")).matches("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY
                    + "/\\d{8}/us-east-1/bedrock/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-date[a-z0-9;-]*, Signature=[0-9a-f]{64}");
            assertThat(r.header("x-amz-date")).matches("\\d{8}T\\d{6}Z");
            assertThat(r.header("x-amz-security-token")).isEqualTo(SESSION);
            assertThat(r.header("Authorization")).doesNotContain(SECRET);
            JsonNode body = r.json();
            assertThat(body.path("toolConfig").path("toolChoice").path("tool").path("name").asText()).isEqualTo("record_entity_verdicts");
            JsonNode spec = body.path("toolConfig").path("tools").path(0).path("toolSpec");
            assertThat(spec.path("name").asText()).isEqualTo("record_entity_verdicts");
            HostFixture.entityEnum(spec.path("inputSchema").path("json").path("properties").path("entities"));
            assertThat(body.path("inferenceConfig").path("temperature").asDouble(-1)).isZero();
            assertThat(body.path("system").path(0).path("text").asText()).contains("pleural_effusion");
            assertThat(body.path("system").path(1).path("cachePoint").path("type").asText()).isEqualTo("default");
            assertThat(r.body()).doesNotContain(SECRET).doesNotContain(SESSION);
        }
        HostFixture.noSecretAnywhere("BEDROCKSECRET", notes, ev, dir);
        HostFixture.noSecretAnywhere("BEDROCKSESSION", notes, ev, dir);
    }

    @Test
    void nativeSchemaNoTemperatureForOpus47AndEffortInOutputConfig() throws Exception {
        server = new BedrockStandIn();
        JudgeOptions o = new JudgeOptions(server.endpoint(), null, null, "positive", null, null, true, 1, null, 512,
                env()::get).withStructuredOutput("schema").withReasoningEffort("high");
        try (Judge j = LlmJudges.create("bedrock", "global.anthropic.claude-opus-4-7-v1:0", o, SET, s -> { },
                RetryPolicy.defaults(1))) {
            assertThat(j.judge(new ReportPair("a", "m", "Small right pleural effusion.", "Right pleural effusion."), 1)
                    .entities()).extracting(v -> v.entity()).contains("pleural_effusion");
        }
        JsonNode body = server.requests().get(0).json();
        assertThat(body.has("toolConfig")).isFalse();
        assertThat(body.path("inferenceConfig").has("temperature")).as("Opus 4.7 takes no temperature").isFalse();
        assertThat(body.path("inferenceConfig").path("maxTokens").asInt()).isEqualTo(512);
        JsonNode format = body.path("outputConfig").path("textFormat");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        JsonNode schema = Json.tree(format.path("structure").path("jsonSchema").path("schema").asText());
        HostFixture.entityEnum(schema.path("properties").path("entities"));
        assertThat(body.path("outputConfig").path("effort").asText()).isEqualTo("high");
        // a --temperature for it is a usage problem before any call
        assertThat(LlmJudges.usageProblem("bedrock", "anthropic.claude-opus-4-7", new JudgeOptions(null, 0.2, null,
                "positive", null))).contains("takes no temperature");
    }

    @Test
    void cutAnswerIsAskedAgainWithTwiceTheLimitAndAccessDeniedStopsTheRun() throws Exception {
        server = new BedrockStandIn();
        server.enqueue(BedrockStandIn.cut());
        JudgeOptions o = new JudgeOptions(server.endpoint(), null, null, "positive", null, null, true, 3, null, 1000,
                env()::get).withStructuredOutput("schema");
        List<String> notes = new CopyOnWriteArrayList<>();
        ReportPair pair = new ReportPair("a", "m", "Mild cardiomegaly.", "Mild cardiomegaly.");
        try (Judge j = LlmJudges.create("bedrock", MODEL, o, SET, notes::add, RetryPolicy.defaults(3))) {
            assertThat(j.judge(pair, 1).entities()).isNotEmpty();
        }
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1).json().path("inferenceConfig").path("maxTokens").asInt()).isEqualTo(2000);

        server.enqueue(BedrockStandIn.error(403, "AccessDeniedException",
                "You don't have access to the model with the specified model ID."));
        List<String> notes2 = new CopyOnWriteArrayList<>();
        try (Judge j = LlmJudges.create("bedrock", MODEL, o, SET, notes2::add, RetryPolicy.defaults(3))) {
            assertThatThrownBy(() -> j.judge(pair, 1)).isInstanceOf(JudgeException.class)
                    .hasMessageContaining("HTTP 403").hasMessageContaining("AccessDeniedException");
            assertThatThrownBy(() -> j.judge(pair, 2)).isInstanceOf(JudgeException.class).hasMessageContaining("not sent");
        }
        assertThat(server.requests()).as("one refused request, then none").hasSize(3);
        assertThat(notes2).anyMatch(n -> n.contains("no further requests will be sent"));
    }

    /** Bedrock's documented error for a parameter the model does not take: ValidationException, HTTP 400, a message. */
    static HostStandIn.Response refusesTemperature() {
        return BedrockStandIn.error(400, "ValidationException",
                "This model doesn't support the temperature field. Remove temperature and try again.");
    }

    @Test
    void aTemperatureTheModelRefusesIsDroppedOnceSaidOnceAndRecorded() throws Exception {
        server = new BedrockStandIn();
        server.enqueue(refusesTemperature());
        JudgeOptions o = new JudgeOptions(server.endpoint(), null, null, "positive", null, null, true, 3, null, 512,
                env()::get);
        List<String> notes = new CopyOnWriteArrayList<>();
        List<Duration> slept = new CopyOnWriteArrayList<>();
        RetryPolicy recorded = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60), slept::add);
        ReportPair pair = new ReportPair("a", "m", "Mild cardiomegaly.", "Mild cardiomegaly.");
        try (Judge j = LlmJudges.create("bedrock", MODEL, o, SET, notes::add, recorded)) {
            assertThat(j.judge(pair, 1).entities()).isNotEmpty();
            assertThat(j.judge(pair, 2).entities()).isNotEmpty();
            assertThat(j.info().parameters()).containsEntry(LlmJudge.DROPPED, List.of("temperature"))
                    .containsEntry("temperature", 0.0);
        }
        List<HostStandIn.Request> requests = server.requests();
        assertThat(requests).as("the refused request, once more without the field, and the next pair").hasSize(3);
        assertThat(requests.get(0).json().path("inferenceConfig").has("temperature")).isTrue();
        for (HostStandIn.Request r : requests.subList(1, 3)) {
            assertThat(r.json().path("inferenceConfig").has("temperature")).isFalse();
            assertThat(r.json().path("inferenceConfig").path("maxTokens").asInt()).as("only the refused field goes")
                    .isEqualTo(512);
        }
        assertThat(notes).filteredOn(n -> n.contains("refused temperature")).singleElement().asString()
                .startsWith("bedrock:" + MODEL + ": the server refused temperature (HTTP 400")
                .contains("ValidationException").contains("dropped_parameters").doesNotContain("\n");
        assertThat(slept).as("no backoff for a dropped field").isEmpty();
    }

    @Test
    void aRefusalIsRetriedOnceOnlyAndOnlyForAFieldTheRequestCarried() throws Exception {
        server = new BedrockStandIn();
        // a model that keeps refusing: one retry without the field, then the 400 fails the pair
        server.enqueue(refusesTemperature());
        server.enqueue(refusesTemperature());
        JudgeOptions o = new JudgeOptions(server.endpoint(), null, null, "positive", null, null, true, 3, null, null,
                env()::get);
        ReportPair pair = new ReportPair("a", "m", "Mild cardiomegaly.", "Mild cardiomegaly.");
        try (Judge j = LlmJudges.create("bedrock", MODEL, o, SET, s -> { }, RetryPolicy.defaults(3))) {
            assertThatThrownBy(() -> j.judge(pair, 1)).isInstanceOf(JudgeException.class)
                    .hasMessageContaining("HTTP 400").hasMessageContaining("ValidationException");
        }
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(0).json().path("inferenceConfig").has("temperature")).isTrue();
        assertThat(server.requests().get(1).json().has("inferenceConfig")).isFalse();

        // Opus 4.7 is sent no temperature (model table): a 400 naming one is the pair's failure, not a drop
        server.enqueue(refusesTemperature());
        List<String> notes = new CopyOnWriteArrayList<>();
        try (Judge j = LlmJudges.create("bedrock", "global.anthropic.claude-opus-4-7-v1:0", o, SET, notes::add,
                RetryPolicy.defaults(3))) {
            assertThatThrownBy(() -> j.judge(pair, 1)).isInstanceOf(JudgeException.class).hasMessageContaining("HTTP 400");
            assertThat(j.info().parameters()).doesNotContainKey(LlmJudge.DROPPED);
        }
        assertThat(server.requests()).as("not sent again").hasSize(3);
        assertThat(notes).noneMatch(n -> n.contains("refused"));
    }

    @Test
    void regionCredentialsDryRunAndServiceLoader() {
        JudgeOptions noRegion = new JudgeOptions(null, null, null, "positive", null, null, true, 1, null, null,
                Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET, "AWS_CONFIG_FILE", "/nonexistent")::get);
        assertThatThrownBy(() -> LlmJudges.setup("bedrock", MODEL, noRegion, SET, null)).isInstanceOf(InputException.class)
                .hasMessageContaining("AWS_REGION");
        // the region's endpoint, recorded in the provenance (and so the cache key)
        JudgeOptions region = new JudgeOptions(null, null, null, "positive", null, null, true, 1, null, null,
                Map.of("AWS_REGION", "eu-central-1")::get);
        assertThat(LlmJudges.setup("bedrock", MODEL, region, SET, null).baseUrl())
                .isEqualTo("https://bedrock-runtime.eu-central-1.amazonaws.com");
        // a dry run needs no credentials
        String dry = LlmJudges.dryRun("bedrock", MODEL, region, SET, HostFixture.pairs().subList(0, 3), 2);
        assertThat(dry).startsWith("dry run for bedrock:" + MODEL + " (compact prompt): 3 pair(s) x 2 run(s) = 6 call(s)");
        assertThat(JudgeFactory.Spec.parse("bedrock:" + MODEL).providerOrNull()).isNotNull()
                .satisfies(p -> assertThat(p.name()).isEqualTo("bedrock"));
        assertThat(JudgeFactory.Spec.parse("bedrock:" + MODEL).model()).isEqualTo(MODEL);
        assertThat(ModelTable.vendorModel("bedrock", "us.anthropic.claude-opus-4-7")).isEqualTo("claude-opus-4-7");
        assertThat(ModelTable.vendorModel("bedrock", "amazon.nova-pro-v1:0")).isNull();
        assertThat(BedrockChatModel.cachesPrompts(MODEL)).isTrue();
        assertThat(BedrockChatModel.cachesPrompts("anthropic.claude-3-haiku-20240307-v1:0")).isFalse();
        assertThat(BedrockChatModel.cachesPrompts("meta.llama3-70b-instruct-v1:0")).isFalse();
    }

    /** JSON text to a tree. */
    static final class Json {
        static JsonNode tree(String s) throws java.io.IOException {
            return org.speccxr.util.Json.MAPPER.readTree(s);
        }
    }
}
