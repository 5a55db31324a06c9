package org.speccxr.judge.llm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.Part;
import com.google.genai.types.ThinkingConfig;
import com.google.genai.types.ThinkingLevel;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import org.speccxr.util.Json;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A LangChain4j {@link ChatModel} over {@code models.generateContent} of Google's Gen AI SDK, for the Gemini API and
 * Vertex AI alike (the client decides which, and how it authenticates). The schema goes in
 * {@code generationConfig.responseJsonSchema} with {@code responseMimeType: application/json}, Gemini's structured
 * output; the system prompt in {@code systemInstruction}. An {@link ApiException} becomes a
 * {@link ProviderHttpException} with its HTTP status and {@code {"error": {"status", "message"}}}, so
 * {@link RetryPolicy} retries 429 (RESOURCE_EXHAUSTED), 500 and 503 and stops at 401/403/404. The SDK's own retries
 * are off (one attempt).
 */
final class GeminiChatModel implements ChatModel {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Client client;
    private final String model;
    private final Double temperature;
    private final Integer seed;
    private final Integer maxTokens;
    private final String thinkingLevel;

    GeminiChatModel(Client client, String model, Double temperature, Integer seed, Integer maxTokens, String thinkingLevel) {
        this.client = client;
        this.model = model;
        this.temperature = temperature;
        this.seed = seed;
        this.maxTokens = maxTokens;
        this.thinkingLevel = thinkingLevel;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        List<Content> contents = new ArrayList<>();
        GenerateContentConfig.Builder config = GenerateContentConfig.builder();
        for (ChatMessage m : request.messages()) {
            if (m instanceof SystemMessage s) {
                config.systemInstruction(Content.fromParts(Part.fromText(s.text())));
            } else if (m instanceof UserMessage u) {
                contents.add(Content.builder().role("user").parts(Part.fromText(u.singleText())).build());
            } else if (m instanceof AiMessage a) {
                contents.add(Content.builder().role("model").parts(Part.fromText(a.text())).build());
            }
        }
        if (request.responseFormat() != null && request.responseFormat().jsonSchema() != null
                && request.responseFormat().jsonSchema().rootElement() instanceof JsonRawSchema raw) {
            try {
                config.responseMimeType("application/json").responseJsonSchema(Json.MAPPER.readValue(raw.schema(), MAP));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("response schema", e);
            }
        }
        if (temperature != null) {
            config.temperature(temperature.floatValue());
        }
        if (seed != null) {
            config.seed(seed);
        }
        if (maxTokens != null) {
            config.maxOutputTokens(maxTokens);
        }
        if (thinkingLevel != null) {
            config.thinkingConfig(ThinkingConfig.builder().thinkingLevel(new ThinkingLevel(thinkingLevel)).build());
        }
        GenerateContentResponse r;
        try {
            r = client.models.generateContent(model, contents, config.build());
        } catch (ApiException e) {
            throw asProviderError(e);
        } catch (GenAiIOException e) {
            if (hasTimeout(e)) {
                throw new TimeoutException(e);
            }
            throw e; // its cause (an IOException) tells RetryPolicy what happened
        }
        return chatResponse(r);
    }

    private static boolean hasTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.net.SocketTimeoutException || (c instanceof InterruptedIOException
                    && String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("timeout"))) {
                return true;
            }
        }
        return false;
    }

    static ChatResponse chatResponse(GenerateContentResponse r) {
        String text = r.text();
        FinishReason finish = null;
        if (r.finishReason() != null) {
            String f = r.finishReason().toString();
            finish = switch (f) {
                case "MAX_TOKENS" -> FinishReason.LENGTH;
                case "STOP" -> FinishReason.STOP;
                case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII" -> FinishReason.CONTENT_FILTER;
                default -> FinishReason.OTHER;
            };
        }
        TokenUsage usage = null;
        if (r.usageMetadata().isPresent()) {
            GenerateContentResponseUsageMetadata u = r.usageMetadata().get();
            // thinking tokens are billed as output
            int out = u.candidatesTokenCount().orElse(0) + u.thoughtsTokenCount().orElse(0);
            // promptTokenCount includes the cached tokens (implicit or explicit context caching)
            usage = new HostTokenUsage(u.promptTokenCount().orElse(0), out, u.cachedContentTokenCount().orElse(0));
        }
        return ChatResponse.builder().aiMessage(AiMessage.from(text == null ? "" : text)).tokenUsage(usage)
                .finishReason(finish).build();
    }

    /** The API error as the other providers' errors look: status, {"error": {"type", "message"}}. */
    static ProviderHttpException asProviderError(ApiException e) {
        com.fasterxml.jackson.databind.node.ObjectNode body = Json.MAPPER.createObjectNode();
        com.fasterxml.jackson.databind.node.ObjectNode err = body.putObject("error");
        if (e.status() != null && !e.status().isBlank()) {
            err.put("type", e.status());
        }
        String message = e.message() == null ? "" : e.message();
        err.put("message", message);
        // the SDK keeps only the error's message; Gemini writes its RetryInfo delay there too ("Please retry in 20.04s.")
        java.util.regex.Matcher m = RETRY_IN.matcher(message);
        java.time.Duration retryAfter = e.code() == 429 && m.find()
                ? java.time.Duration.ofMillis(Math.round(Double.parseDouble(m.group(1)) * 1000)) : null;
        return new ProviderHttpException(e.code(), body.toString(), retryAfter);
    }

    private static final java.util.regex.Pattern RETRY_IN = java.util.regex.Pattern.compile("(?i)retry in ([0-9]+(?:\\.[0-9]+)?)s");
}
