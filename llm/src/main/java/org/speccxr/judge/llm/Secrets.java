package org.speccxr.judge.llm;

import java.util.regex.Pattern;

/**
 * Keeps API keys out of everything spec-cxr writes. Every message an LLM judge passes on (failure reasons, notes on
 * stderr) goes through {@link #redact}: the key itself is replaced, and so is anything shaped like a provider key
 * (providers echo parts of a wrong key in their error bodies).
 */
final class Secrets {
    /** OpenAI/Anthropic-style keys, Google API keys (AIza...) and Google OAuth access tokens (ya29....). */
    private static final Pattern KEY_LIKE = Pattern.compile("\\b(sk-|sk_|key-)[A-Za-z0-9_*\\-]{6,}"
            + "|\\bAIza[0-9A-Za-z_\\-]{20,}|\\bya29\\.[0-9A-Za-z_\\-.]{10,}");
    static final String MASK = "[redacted]";

    private final String key;
    /** More secrets of a host's credentials (an AWS secret key and session token, an access token). */
    private final java.util.List<String> others;

    Secrets(String key) {
        this(key, java.util.List.of());
    }

    Secrets(String key, java.util.List<String> others) {
        this.key = key == null || key.isBlank() ? null : key;
        this.others = others.stream().filter(o -> o != null && !o.isBlank()).toList();
    }

    String redact(String s) {
        if (s == null) {
            return null;
        }
        if (key != null) {
            s = s.replace(key, MASK);
        }
        for (String o : others) {
            s = s.replace(o, MASK);
        }
        return KEY_LIKE.matcher(s).replaceAll(MASK);
    }
}
