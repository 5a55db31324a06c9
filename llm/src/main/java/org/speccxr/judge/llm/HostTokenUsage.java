package org.speccxr.judge.llm;

import dev.langchain4j.model.output.TokenUsage;

/**
 * A cloud host's token counts: all prompt tokens (those read from the provider's prompt cache included), the
 * answer's tokens (Gemini's thinking tokens included), and how many prompt tokens came from the cache (Bedrock
 * {@code cacheReadInputTokens}, Gemini {@code cachedContentTokenCount}).
 */
final class HostTokenUsage extends TokenUsage {
    private final long cachedInput;

    HostTokenUsage(int input, int output, long cachedInput) {
        super(input, output);
        this.cachedInput = cachedInput;
    }

    long cachedInput() {
        return cachedInput;
    }
}
