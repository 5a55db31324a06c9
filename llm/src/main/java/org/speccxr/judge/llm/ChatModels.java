package org.speccxr.judge.llm;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

import java.time.Duration;
import java.util.Map;

/**
 * Builds the LangChain4j chat model of a provider, with what the judge needs and the traps avoided: the
 * JSON-schema capability declared (else no schema is sent at all), OpenAI strict mode on, LangChain4j's retries off
 * (they ignore Retry-After; {@link RetryPolicy} retries), Anthropic's system block marked for prompt caching and a
 * max_tokens well above its default of 1024, Ollama's context window large enough for the entity set, and our
 * {@link LlmHttpClient} underneath.
 */
final class ChatModels {
    private ChatModels() {
    }

    /**
     * What a model is built from.
     *
     * @param temperature null: not sent (provider default)
     * @param seed        null: not sent
     * @param maxTokens   null: not sent (Anthropic requires one and gets {@link #ANTHROPIC_MAX_TOKENS})
     * @param officialApi true when the OpenAI base URL is api.openai.com (OpenAI-only fields are sent)
     * @param cacheKey    OpenAI prompt_cache_key (official API only), routes pairs to warm prefix caches
     */
    record Settings(String baseUrl, String apiKey, String model, Double temperature, Integer seed, Integer maxTokens,
                    Duration timeout, boolean officialApi, String cacheKey) {
    }

    static final int ANTHROPIC_MAX_TOKENS = 8192;
    static final int OLLAMA_NUM_CTX = 24576; // the ~12k-token prompt, two long reports and a full answer

    static ChatModel build(Provider provider, Settings s) {
        return build(provider, s, LlmHttpClient.builder(s.baseUrl().startsWith("http:")));
    }

    static ChatModel build(Provider provider, Settings s, HttpClientBuilder http) {
        return switch (provider) {
            case OPENAI -> {
                OpenAiChatModel.OpenAiChatModelBuilder b = OpenAiChatModel.builder()
                        .httpClientBuilder(http)
                        .baseUrl(s.baseUrl())
                        .apiKey(s.apiKey())
                        .modelName(s.model())
                        .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                        .strictJsonSchema(true)
                        .strictTools(true) // only sent with tools, i.e. with --structured-output tool
                        .temperature(s.temperature())
                        .seed(s.seed())
                        .timeout(s.timeout())
                        .maxRetries(0);
                if (s.maxTokens() != null) {
                    // OpenAI's reasoning models take only max_completion_tokens; compatible servers know max_tokens
                    if (s.officialApi()) {
                        b.maxCompletionTokens(s.maxTokens());
                    } else {
                        b.maxTokens(s.maxTokens());
                    }
                }
                if (s.officialApi() && s.cacheKey() != null) {
                    b.customParameters(Map.of("prompt_cache_key", s.cacheKey()));
                }
                yield b.build();
            }
            case ANTHROPIC -> AnthropicChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(s.baseUrl() + "/")
                    // LangChain4j insists on a key; a local stand-in without one gets a placeholder
                    .apiKey(s.apiKey() == null ? "none" : s.apiKey())
                    .modelName(s.model())
                    .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                    .cacheSystemMessages(true)
                    .maxTokens(s.maxTokens() == null ? ANTHROPIC_MAX_TOKENS : s.maxTokens())
                    .temperature(s.temperature())
                    .timeout(s.timeout())
                    .maxRetries(0)
                    .build();
            case OLLAMA -> OllamaChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(s.baseUrl())
                    .modelName(s.model())
                    .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                    .temperature(s.temperature())
                    .seed(s.seed())
                    .numCtx(OLLAMA_NUM_CTX)
                    .numPredict(s.maxTokens())
                    .timeout(s.timeout())
                    .maxRetries(0)
                    .build();
        };
    }
}
