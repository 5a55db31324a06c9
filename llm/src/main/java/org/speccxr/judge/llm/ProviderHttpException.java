package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.exception.HttpException;
import org.speccxr.util.Json;

import java.time.Duration;
import java.util.Optional;

/**
 * A non-2xx answer from a provider, with what LangChain4j's own {@link HttpException} drops: the
 * {@code Retry-After} delay. LangChain4j maps it to its exception types (RateLimitException and so on) keeping it
 * as the cause, so the judge finds it again in the cause chain.
 */
public final class ProviderHttpException extends HttpException {
    private final String body;
    private final Duration retryAfter;
    private final java.util.Set<String> sentParameters;

    public ProviderHttpException(int status, String body, Duration retryAfter) {
        this(status, body, retryAfter, java.util.Set.of());
    }

    /** @param sentParameters the parameters the refused request carried (for a 400 naming one of them) */
    ProviderHttpException(int status, String body, Duration retryAfter, java.util.Set<String> sentParameters) {
        super(status, body == null ? "" : body);
        this.body = body == null ? "" : body;
        this.retryAfter = retryAfter;
        this.sentParameters = java.util.Set.copyOf(sentParameters);
    }

    java.util.Set<String> sentParameters() {
        return sentParameters;
    }

    /** OpenAI's {@code error.param}: the request field an error is about, or null. */
    String param() {
        try {
            JsonNode p = Json.MAPPER.readTree(body).path("error").path("param");
            return p.isTextual() ? p.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public String body() {
        return body;
    }

    /**
     * The provider's own error message from its documented error body: OpenAI and Anthropic
     * {@code {"error": {"message": ...}}}, Ollama {@code {"error": "..."}}; else the start of the body.
     */
    public String providerMessage() {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n != null) {
                JsonNode err = n.get("error");
                if (err != null && err.isTextual()) {
                    return clip(err.asText());
                }
                if (err != null && err.hasNonNull("message")) {
                    String type = err.hasNonNull("type") ? err.get("type").asText() + ": " : "";
                    String code = err.hasNonNull("code") && err.get("code").isTextual() ? " [" + err.get("code").asText() + "]" : "";
                    return clip(type + err.get("message").asText() + code);
                }
                if (n.hasNonNull("message")) {
                    return clip(n.get("message").asText());
                }
            }
        } catch (Exception ignored) {
            // not JSON: fall through
        }
        return clip(body.strip());
    }

    private static String clip(String s) {
        s = s.replaceAll("\\s+", " ");
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
