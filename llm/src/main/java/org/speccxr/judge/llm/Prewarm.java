package org.speccxr.judge.llm;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import org.speccxr.util.Json;
import org.speccxr.verdict.EntityVerdict;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Start-up work done ahead, on a background thread, while the command loads the entity set and the input: one full
 * chat call through the provider's LangChain4j model against an in-memory HTTP client (nothing leaves the process),
 * the answer parsed and cached-answer JSON round-tripped, the SQLite native library loaded. The class loading and first
 * compilation of that path would otherwise happen in all the first requests at once. Purely an optimisation:
 * failures are ignored, and nothing it builds is kept.
 */
public final class Prewarm {
    private Prewarm() {
    }

    private static final String ANSWER = "{\"entities\":[{\"entity\":\"e\",\"reference_evidence\":\"r\","
            + "\"candidate_evidence\":\"c\",\"presence\":\"TP\",\"location\":\"aligned\",\"severity\":\"not-available\","
            + "\"comparison\":\"other\"}]}";

    /** Starts the warm-up for a judge spec such as "openai:gpt-4o"; does nothing for other judges. */
    public static void start(String spec) {
        if (spec == null || !spec.contains(":")) {
            return;
        }
        Provider provider;
        try {
            provider = Provider.parse(spec.substring(0, spec.indexOf(':')).strip().toLowerCase(Locale.ROOT));
        } catch (RuntimeException e) {
            return;
        }
        Thread t = new Thread(() -> run(provider), "spec-cxr-prewarm");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Runs the warm-up of every provider in this thread (the launcher's class-data-sharing warm-up uses it). */
    public static void runAll() {
        for (Provider p : Provider.values()) {
            run(p);
        }
    }

    /** Runs the warm-up; true when the whole path ran (tests check that it does). */
    static boolean run(Provider provider) {
        if (Hosts.isHost(provider)) {
            return false; // the cloud hosts' SDKs are not on the warmed LangChain4j path
        }
        try {
            // the SQLite driver finds, extracts and loads its native library at first use (it even runs uname)
            SqliteNative.prepare();
            org.sqlite.SQLiteJDBCLoader.initialize();
            java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            ChatModels.Settings s = new ChatModels.Settings(provider.defaultBaseUrl() != null
                    ? provider.defaultBaseUrl() : provider.normalizeBaseUrl(provider.example()), "warm-up", "warm-up", 0.0,
                    provider == Provider.ANTHROPIC ? null : 1, null, Duration.ofSeconds(5), false, null);
            ChatModel model = ChatModels.build(provider, s, new CannedHttpClient(body(provider)));
            String schema = "{\"type\":\"object\",\"properties\":{\"entities\":{\"type\":\"array\",\"items\":{\"type\":"
                    + "\"object\",\"properties\":{\"entity\":{\"type\":\"string\",\"enum\":[\"e\"]}},\"required\":[\"entity\"],"
                    + "\"additionalProperties\":false}}},\"required\":[\"entities\"],\"additionalProperties\":false}";
            ResponseFormat format = ResponseFormat.builder().type(ResponseFormatType.JSON)
                    .jsonSchema(JsonSchema.builder().name("warm_up").rootElement(JsonRawSchema.from(schema)).build()).build();
            // prompts are ~50 KB (the entity set): serialising and escaping text that long is what the first wave of
            // real requests would otherwise do in the interpreter, all at once
            String longText = "pleural_effusion: Pleural effusion (finding; synonyms: \"effusion\", \"pleural fluid\")\n".repeat(600);
            for (int i = 0; i < 12; i++) {
                String text = model.chat(ChatRequest.builder().messages(SystemMessage.from(longText + i),
                        UserMessage.from("<reference_report>\nx\n</reference_report>")).responseFormat(format).build())
                        .aiMessage().text();
                List<EntityVerdict> v = new ResponseParser().parse(text);
                Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(v),
                        new com.fasterxml.jackson.core.type.TypeReference<List<EntityVerdict>>() { });
            }
            return true;
        } catch (Throwable ignored) {
            return false; // only an optimisation
        }
    }

    static String body(Provider provider) throws Exception {
        Object body = switch (provider) {
            case OPENAI, AZURE -> Map.of("id", "w", "object", "chat.completion", "created", 0, "model", "w",
                    "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                            "message", Map.of("role", "assistant", "content", ANSWER))),
                    "usage", Map.of("prompt_tokens", 1, "completion_tokens", 1, "total_tokens", 2,
                            "prompt_tokens_details", Map.of("cached_tokens", 0)));
            case ANTHROPIC -> Map.of("id", "w", "type", "message", "role", "assistant", "model", "w",
                    "content", List.of(Map.of("type", "text", "text", ANSWER)), "stop_reason", "end_turn",
                    "usage", Map.of("input_tokens", 1, "output_tokens", 1, "cache_creation_input_tokens", 0,
                            "cache_read_input_tokens", 0));
            case OLLAMA -> Map.of("model", "w", "created_at", "2025-01-01T00:00:00Z", "done", true, "done_reason", "stop",
                    "message", Map.of("role", "assistant", "content", ANSWER), "prompt_eval_count", 1, "eval_count", 1);
            case BEDROCK, GEMINI, VERTEX -> throw new IllegalArgumentException("not warmed: " + provider.id());
        };
        return Json.MAPPER.writeValueAsString(body);
    }

    /** Answers every request with the same body, in memory. */
    static final class CannedHttpClient implements HttpClient, HttpClientBuilder {
        private final String body;

        CannedHttpClient(String body) {
            this.body = body;
        }

        @Override
        public SuccessfulHttpResponse execute(HttpRequest request) {
            return SuccessfulHttpResponse.builder().statusCode(200)
                    .headers(Map.of("content-type", List.of("application/json"))).body(body).build();
        }

        @Override
        public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Duration connectTimeout() {
            return Duration.ofSeconds(1);
        }

        @Override
        public HttpClientBuilder connectTimeout(Duration timeout) {
            return this;
        }

        @Override
        public Duration readTimeout() {
            return Duration.ofSeconds(1);
        }

        @Override
        public HttpClientBuilder readTimeout(Duration timeout) {
            return this;
        }

        @Override
        public HttpClient build() {
            return this;
        }
    }
}
