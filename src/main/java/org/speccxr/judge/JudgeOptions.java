package org.speccxr.judge;

import java.nio.file.Path;

/**
 * Options that configure a judge. Fields a judge does not use are ignored by it.
 *
 * @param baseUrl     provider endpoint override (LLM judges)
 * @param temperature sampling temperature (LLM judges; default 0)
 * @param seed        sampling seed where the provider takes one (LLM judges)
 * @param uncertain   how the rules judge counts uncertain mentions: "positive" (default) or "negative"
 * @param rulesFile   a rules file replacing the bundled one (rules judge)
 */
public record JudgeOptions(String baseUrl, Double temperature, Integer seed, String uncertain, Path rulesFile) {
    public static JudgeOptions defaults() {
        return new JudgeOptions(null, null, null, "positive", null);
    }
}
