package org.speccxr.judge;

import java.util.Map;
import java.util.TreeMap;

/**
 * Provenance of a judge: what produced the verdicts.
 *
 * @param spec       the judge spec as given ("rules", "anthropic:claude-sonnet-4-5")
 * @param provider   "rules", "openai", "anthropic" or "ollama"
 * @param model      model name ("" for rules)
 * @param parameters everything else that changes answers (temperature, seed, base URL, rule-file hash...)
 * @param promptHash hash of the prompt template or rule files
 */
public record JudgeInfo(String spec, String provider, String model, Map<String, Object> parameters, String promptHash) {
    public JudgeInfo {
        parameters = new TreeMap<>(parameters);
    }
}
