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
     * @param tokenLimitField OpenAI: the field maxTokens goes in, max_tokens or max_completion_tokens
     * @param reasoningEffort OpenAI: reasoning_effort (null: not sent); the other providers get it as a body edit
     * @param toolOutput  tool mode: OpenAI gets parallel_tool_calls false (one call is the answer)
     * @param numCtx      Ollama's context window
     * @param edits       the body edits every request of the judge goes through
     */
    record Settings(String baseUrl, String apiKey, String model, Double temperature, Integer seed, Integer maxTokens,
                    Duration timeout, boolean officialApi, String cacheKey, String tokenLimitField,
                    String reasoningEffort, boolean toolOutput, int numCtx, RequestEdits edits) {

        Settings(String baseUrl, String apiKey, String model, Double temperature, Integer seed, Integer maxTokens,
                 Duration timeout, boolean officialApi, String cacheKey) {
            this(baseUrl, apiKey, model, temperature, seed, maxTokens, timeout, officialApi, cacheKey,
                    officialApi ? "max_completion_tokens" : "max_tokens", null, false, OLLAMA_NUM_CTX, RequestEdits.none());
        }

        /** The same settings with another answer cap (the token-limit re-ask). */
        Settings withMaxTokens(Integer n) {
            return new Settings(baseUrl, apiKey, model, temperature, seed, n, timeout, officialApi, cacheKey,
                    tokenLimitField, reasoningEffort, toolOutput, numCtx, edits);
        }
    }

    static final int ANTHROPIC_MAX_TOKENS = 8192;
    static final int OLLAMA_NUM_CTX = 24576; // the ~12k-token prompt, two long reports and a full answer

    static ChatModel build(Provider provider, Settings s) {
        return build(provider, s, LlmHttpClient.builder(s.baseUrl().startsWith("http:"), s.edits()));
    }

    static ChatModel build(Provider provider, Settings s, HttpClientBuilder http) {
        return switch (provider) {
            case OPENAI, AZURE -> {
                OpenAiChatModel.OpenAiChatModelBuilder b = OpenAiChatModel.builder()
                        .httpClientBuilder(http)
                        .baseUrl(s.baseUrl())
                        // Azure takes its key in an api-key header, not as a Bearer token
                        .apiKey(provider == Provider.AZURE ? null : s.apiKey())
                        .modelName(s.model())
                        .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                        .strictJsonSchema(true)
                        .strictTools(true) // only sent with tools, i.e. with --structured-output tool
                        .temperature(s.temperature())
                        .seed(s.seed())
                        // nothing of the reports is to be kept by the provider (OpenAI stores completions otherwise)
                        .store(false)
                        .reasoningEffort(s.reasoningEffort())
                        .timeout(s.timeout())
                        .maxRetries(0);
                if (s.toolOutput()) {
                    // only with tools: OpenAI refuses parallel_tool_calls in a request without them
                    b.parallelToolCalls(false);
                }
                if (s.maxTokens() != null) {
                    // OpenAI's reasoning models take only max_completion_tokens; compatible servers know max_tokens
                    if ("max_completion_tokens".equals(s.tokenLimitField())) {
                        b.maxCompletionTokens(s.maxTokens());
                    } else {
                        b.maxTokens(s.maxTokens());
                    }
                }
                if (provider == Provider.AZURE && s.apiKey() != null) {
                    b.customHeaders(Map.of("api-key", s.apiKey()));
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
                    .numCtx(s.numCtx())
                    .numPredict(s.maxTokens())
                    .timeout(s.timeout())
                    .maxRetries(0)
                    .build();
            case BEDROCK, GEMINI, VERTEX -> throw new IllegalArgumentException(provider.id()
                    + " models are built on their vendors' SDKs (Hosts), not LangChain4j");
        };
    }
}
