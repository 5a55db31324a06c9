package org.speccxr.judge;

/** Token counts reported by a provider (zero for the rules judge). */
public record TokenUsage(long input, long output, long cachedInput) {
    public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

    public TokenUsage plus(TokenUsage o) {
        return new TokenUsage(input + o.input, output + o.output, cachedInput + o.cachedInput);
    }
}
