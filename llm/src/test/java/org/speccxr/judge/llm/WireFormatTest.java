package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.JudgeOutput;
import org.speccxr.judge.ReportPair;
import org.speccxr.judge.TokenUsage;
import org.speccxr.util.Json;
import org.speccxr.verdict.Presence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The exact requests each provider gets, checked field by field against a local fake server. */
class WireFormatTest {
    static final EntitySet SET = EntitySetLoader.loadDefault();
    static final String KEY = "sk-test-WIRE0123456789abcdef";
    static final ReportPair PAIR = new ReportPair("p1", "m", "Small right pleural effusion.", "Large left pleural effusion.");
    static final String ANSWER = "{\"entities\":[{\"entity\":\"pleural_effusion\",\"reference_evidence\":\"Small right pleural effusion\","
            + "\"candidate_evidence\":\"Large left pleural effusion\",\"presence\":\"TP\",\"location\":\"not-aligned\","
            + "\"severity\":\"not-aligned\",\"comparison\":\"other\"}]}";

    /** The stand-in of the family a test talks to, started by {@link #serve}. */
    StandInServer server;

    StandInServer serve(StandInServer.Wire wire, String body) throws java.io.IOException {
        server = StandInServer.of(wire);
        server.enqueue(new StandInServer.Response(200, Map.of(), body));
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static JudgeOptions options(String baseUrl, Double temperature, Integer seed, Map<String, String> env) {
        return new JudgeOptions(baseUrl, temperature, seed, "positive", null, null, true, 1, null, null, env::get);
    }

    static void assertSchema(JsonNode schema) {
        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.path("required").toString()).isEqualTo("[\"entities\"]");
        JsonNode item = schema.path("properties").path("entities").path("items");
        assertThat(item.path("additionalProperties").asBoolean(true)).isFalse();
        List<String> required = new ArrayList<>();
        item.path("required").forEach(n -> required.add(n.asText()));
        assertThat(required).containsExactly("entity", "reference_evidence", "candidate_evidence", "presence", "location",
                "severity", "comparison");
        List<String> ids = new ArrayList<>();
        item.path("properties").path("entity").path("enum").forEach(n -> ids.add(n.asText()));
        assertThat(ids).isEqualTo(SET.ids()).hasSize(122);
        assertThat(item.path("properties").path("presence").path("enum").toString()).isEqualTo("[\"TP\",\"FP\",\"FN\",\"TN\"]");
        assertThat(item.path("properties").path("location").path("enum").toString())
                .isEqualTo("[\"aligned\",\"not-aligned\",\"not-available\"]");
        assertThat(item.path("properties").path("comparison").path("enum").toString())
                .isEqualTo("[\"adding-unmentioned-comparison\",\"missing-mentioned-comparison\",\"other\"]");
    }

    @Test
    void openAiSendsStrictJsonSchemaTemperatureSeedAndBearerKey() throws Exception {
        serve(StandInServer.Wire.OPENAI, StandInServer.envelope(StandInServer.Wire.OPENAI, ANSWER, 9000, 80));
        String base = server.baseUrl();
        JudgeOutput out;
        try (Judge j = LlmJudges.create("openai", "gpt-4o", options(base, null, 7, Map.of("OPENAI_API_KEY", KEY)), SET, null)) {
            out = j.judge(PAIR, 1);
            assertThat(j.info().spec()).isEqualTo("openai:gpt-4o");
            assertThat(j.info().parameters()).containsEntry("temperature", 0.0).containsEntry("seed", 7)
                    .containsEntry("schema_version", ResponseSchema.VERSION).doesNotContainKey("api_key");
            assertThat(j.info().promptHash()).startsWith("sha256:");
            assertThat(j.defaultConcurrency()).isEqualTo(8);
        }
        StandInServer.Request req = server.requests().get(0);
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/v1/chat/completions");
        assertThat(req.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(req.header("Content-Type")).startsWith("application/json");
        JsonNode body = Json.MAPPER.readTree(req.body());
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o");
        assertThat(body.path("temperature").asDouble(-1)).isEqualTo(0.0);
        assertThat(body.path("seed").asInt()).isEqualTo(7);
        assertThat(body.has("prompt_cache_key")).as("OpenAI-only field not sent to other servers").isFalse();
        JsonNode msgs = body.path("messages");
        assertThat(msgs).hasSize(2);
        assertThat(msgs.get(0).path("role").asText()).isEqualTo("system");
        String system = msgs.get(0).path("content").asText();
        assertThat(system).contains("ENTITY SET").contains("\npleural_effusion; also ");
        // instructions, then the entity set, grouped; the reports come only in the user message
        assertThat(system.indexOf("WHAT TO LIST")).isLessThan(system.indexOf("\nENTITY SET\n"));
        assertThat(system.indexOf("\nENTITY SET\n")).isLessThan(system.indexOf("## Pleura"));
        assertThat(system.indexOf("## Pleura")).isLessThan(system.indexOf("\npleural_effusion; also "));
        assertThat(system).doesNotContain("Small right pleural effusion.");
        assertThat(msgs.get(1).path("role").asText()).isEqualTo("user");
        assertThat(msgs.get(1).path("content").asText()).contains("<reference_report>\nSmall right pleural effusion.\n</reference_report>")
                .contains("<candidate_report>\nLarge left pleural effusion.\n</candidate_report>");
        JsonNode rf = body.path("response_format");
        assertThat(rf.path("type").asText()).isEqualTo("json_schema");
        assertThat(rf.path("json_schema").path("name").asText()).isEqualTo(ResponseSchema.NAME);
        assertThat(rf.path("json_schema").path("strict").asBoolean()).isTrue();
        assertSchema(rf.path("json_schema").path("schema"));

        assertThat(out.cached()).isFalse();
        assertThat(out.entities()).hasSize(1);
        assertThat(out.entities().get(0).presence()).isEqualTo(Presence.TP);
        assertThat(out.entities().get(0).extra()).containsEntry("candidate_evidence", "Large left pleural effusion");
        assertThat(out.usage()).isEqualTo(new TokenUsage(9000, 80, 4500));
    }

    @Test
    void openAiOfficialReasoningModelGetsNoTemperatureButCompletionCap() throws Exception {
        // the official API is never called: only the settings are derived
        LlmJudges.Setup s = LlmJudges.setup("openai", "o3-mini", options(null, null, null, Map.of()), SET, null);
        assertThat(s.official()).isTrue();
        assertThat(s.settings().temperature()).isNull();
        assertThat(s.parameters()).doesNotContainKey("temperature");
        LlmJudges.Setup g = LlmJudges.setup("openai", "gpt-4o", options(null, null, null, Map.of()), SET, null);
        assertThat(g.settings().temperature()).isEqualTo(0.0);
        // a temperature the model refuses is a usage error before any call, on any base URL
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LlmJudges.setup("openai", "o1",
                        options("http://127.0.0.1:9/v1", 1.0, null, Map.of()), SET, null))
                .hasMessageStartingWith("--temperature: openai:o1 takes no temperature");
        assertThat(s.settings().tokenLimitField()).isEqualTo("max_completion_tokens");
        assertThat(g.settings().tokenLimitField()).isEqualTo("max_tokens");
    }

    @Test
    void anthropicSendsOutputConfigSchemaCacheControlMaxTokensAndKeyHeaders() throws Exception {
        serve(StandInServer.Wire.ANTHROPIC, StandInServer.envelope(StandInServer.Wire.ANTHROPIC, ANSWER, 8000, 90));
        // the API root, as Anthropic's SDKs take it; /v1 is added
        String base = server.baseUrl() + "/";
        JudgeOutput out;
        try (Judge j = LlmJudges.create("anthropic", "claude-sonnet-4-5", options(base, 0.2, null,
                Map.of("ANTHROPIC_API_KEY", "sk-ant-test-0123456789")), SET, null)) {
            out = j.judge(PAIR, 1);
            assertThat(j.defaultConcurrency()).isEqualTo(4);
            assertThat(j.info().parameters()).containsEntry("max_tokens", 8192).containsEntry("temperature", 0.2);
        }
        StandInServer.Request req = server.requests().get(0);
        assertThat(req.path()).isEqualTo("/v1/messages");
        assertThat(req.header("x-api-key")).isEqualTo("sk-ant-test-0123456789");
        assertThat(req.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(req.header("Authorization")).isNull();
        JsonNode body = Json.MAPPER.readTree(req.body());
        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(8192);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        JsonNode system = body.path("system");
        assertThat(system.isArray()).isTrue();
        assertThat(system.get(0).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        assertThat(system.get(0).path("text").asText()).contains("ENTITY SET");
        assertThat(body.path("messages")).hasSize(1);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
        JsonNode format = body.path("output_config").path("format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertSchema(format.path("schema"));

        assertThat(out.entities()).hasSize(1);
        // input_tokens 2000 + cache read 6000: input counts all prompt tokens
        assertThat(out.usage()).isEqualTo(new TokenUsage(8000, 90, 6000));
    }

    @Test
    void ollamaSendsFormatSchemaOptionsAndNoKey() throws Exception {
        serve(StandInServer.Wire.OLLAMA, StandInServer.envelope(StandInServer.Wire.OLLAMA, ANSWER, 7000, 70));
        String base = server.baseUrl() + "/";
        JudgeOutput out;
        try (Judge j = LlmJudges.create("ollama", "llama3.1:8b", options(base, null, 42,
                Map.of("OPENAI_API_KEY", KEY)), SET, null)) {
            out = j.judge(PAIR, 1);
            assertThat(j.defaultConcurrency()).isEqualTo(1);
        }
        StandInServer.Request req = server.requests().get(0);
        assertThat(req.path()).isEqualTo("/api/chat");
        assertThat(req.header("Authorization")).isNull();
        JsonNode body = Json.MAPPER.readTree(req.body());
        assertThat(body.path("model").asText()).isEqualTo("llama3.1:8b");
        assertThat(body.path("stream").asBoolean(true)).isFalse();
        assertThat(body.path("options").path("temperature").asDouble(-1)).isEqualTo(0.0);
        assertThat(body.path("options").path("seed").asInt()).isEqualTo(42);
        assertThat(body.path("options").path("num_ctx").asInt()).isEqualTo(ChatModels.OLLAMA_NUM_CTX);
        JsonNode format = body.path("format");
        assertThat(format.isObject()).isTrue();
        assertSchema(format);
        assertThat(out.usage()).isEqualTo(new TokenUsage(7000, 70, 0));
    }

    @Test
    void localOpenAiCompatibleServerWithoutKeyGetsNoAuthorizationHeader() throws Exception {
        serve(StandInServer.Wire.OPENAI, StandInServer.envelope(StandInServer.Wire.OPENAI, ANSWER, 10, 10));
        String base = "http://127.0.0.1:" + server.port() + "/v1/";
        try (Judge j = LlmJudges.create("openai", "local", options(base, null, null, Map.of()), SET, null)) {
            j.judge(PAIR, 1);
            assertThat(j.info().parameters().get("base_url")).isEqualTo("http://127.0.0.1:" + server.port() + "/v1");
        }
        StandInServer.Request req = server.requests().get(0);
        assertThat(req.path()).isEqualTo("/v1/chat/completions");
        assertThat(req.header("Authorization")).isNull();
    }

    @Test
    void anthropicToolModeForcesOneToolWhoseInputIsTheSchema() throws Exception {
        try (StandInServer stand = StandInServer.of(StandInServer.Wire.ANTHROPIC)) {
            JudgeOutput out;
            try (Judge j = LlmJudges.create("anthropic", "claude-3-5-haiku-20241022", options(stand.baseUrl(), null, null,
                    Map.of("ANTHROPIC_API_KEY", "sk-ant-test-0123456789")).withStructuredOutput("tool"), SET, null)) {
                out = j.judge(PAIR, 1);
                assertThat(j.info().parameters()).containsEntry("structured_output", "tool");
            }
            JsonNode body = stand.requests().get(0).json();
            assertThat(body.has("output_config")).as("no structured-output field in tool mode").isFalse();
            JsonNode tools = body.path("tools");
            assertThat(tools).hasSize(1);
            assertThat(tools.get(0).path("name").asText()).isEqualTo("record_entity_verdicts");
            assertThat(tools.get(0).has("strict")).as("older models reject strict tools").isFalse();
            // LangChain4j writes additionalProperties on a tool's top level only for strict tools; the entity items
            // keep theirs, and everything else is the response schema
            com.fasterxml.jackson.databind.node.ObjectNode input = tools.get(0).path("input_schema").deepCopy();
            assertThat(input.has("additionalProperties")).isFalse();
            assertSchema(input.put("additionalProperties", false));
            assertThat(body.path("tool_choice").path("type").asText()).isIn("any", "tool");
            assertThat(body.path("system").get(0).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
            // the stand-in answers with a tool_use block; the verdicts are its input
            assertThat(out.entities()).extracting(v -> v.entity()).contains("pleural_effusion");
            assertThat(out.entities().get(0).presence()).isEqualTo(Presence.TP);
        }
    }

    @Test
    void openAiToolModeSendsOneStrictFunctionAndRequiresIt() throws Exception {
        try (StandInServer stand = StandInServer.of(StandInServer.Wire.OPENAI)) {
            JudgeOutput out;
            try (Judge j = LlmJudges.create("openai", "gpt-4o", options(stand.baseUrl(), null, null,
                    Map.of("OPENAI_API_KEY", KEY)).withStructuredOutput("tool"), SET, null)) {
                out = j.judge(PAIR, 1);
            }
            JsonNode body = stand.requests().get(0).json();
            assertThat(body.has("response_format")).isFalse();
            JsonNode tools = body.path("tools");
            assertThat(tools).hasSize(1);
            assertThat(tools.get(0).path("type").asText()).isEqualTo("function");
            JsonNode function = tools.get(0).path("function");
            assertThat(function.path("name").asText()).isEqualTo("record_entity_verdicts");
            assertThat(function.path("strict").asBoolean(false)).isTrue();
            assertSchema(function.path("parameters"));
            assertThat(body.path("tool_choice").asText()).isEqualTo("required");
            assertThat(out.entities()).extracting(v -> v.entity()).contains("pleural_effusion");
        }
    }

    @Test
    void toolModeIsRefusedForOllamaAndUnknownModesAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LlmJudges.setup("ollama", "llama3.1",
                        options(null, null, null, Map.of()).withStructuredOutput("tool"), SET, null))
                .hasMessageContaining("openai: and anthropic:");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LlmJudges.setup("openai", "gpt-4o",
                        options(null, null, null, Map.of()).withStructuredOutput("grammar"), SET, null))
                .hasMessageContaining("schema or tool");
    }
}
