package org.speccxr.judge.llm;

import java.util.regex.Pattern;

/**
 * Keeps API keys out of everything spec-cxr writes. Every message an LLM judge passes on (failure reasons, notes on
 * stderr) goes through {@link #redact}: the key itself is replaced, and so is anything shaped like a provider key
 * (providers echo parts of a wrong key in their error bodies).
 */
final class Secrets {
    private static final Pattern KEY_LIKE = Pattern.compile("\\b(sk-|sk_|key-)[A-Za-z0-9_*\\-]{6,}");
    static final String MASK = "[redacted]";

    private final String key;

    Secrets(String key) {
        this.key = key == null || key.isBlank() ? null : key;
    }

    String redact(String s) {
        if (s == null) {
            return null;
        }
        if (key != null) {
            s = s.replace(key, MASK);
        }
        return KEY_LIKE.matcher(s).replaceAll(MASK);
    }
}
