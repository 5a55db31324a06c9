package org.speccxr.judge;

/**
 * Token counts reported by a provider (zero for the rules judge).
 *
 * @param input       every prompt token, those read from the provider's prompt cache included
 * @param output      completion tokens, reasoning included
 * @param cachedInput prompt tokens read from the provider's prompt cache
 * @param reasoning   of the output, the hidden reasoning tokens, where the provider reports them (0 otherwise)
 */
public record TokenUsage(long input, long output, long cachedInput, long reasoning) {
    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0);

    public TokenUsage(long input, long output, long cachedInput) {
        this(input, output, cachedInput, 0);
    }

    /** Prompt tokens billed at the full input price. */
    public long uncachedInput() {
        return input - cachedInput;
    }

    public TokenUsage plus(TokenUsage o) {
        return new TokenUsage(input + o.input, output + o.output, cachedInput + o.cachedInput, reasoning + o.reasoning);
    }
}
