package org.speccxr.judge;

import org.speccxr.util.InputException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Options that configure a judge. Fields a judge does not use are ignored by it.
 *
 * @param baseUrl     provider endpoint override (LLM judges)
 * @param temperature sampling temperature (LLM judges; default 0 where the model takes one)
 * @param seed        sampling seed where the provider takes one (LLM judges)
 * @param uncertain   how the rules judge counts uncertain mentions: "positive" (default) or "negative"
 * @param rulesFile   a rules file replacing the bundled one (rules judge)
 * @param cacheFile   LLM response cache file (null: the default under the user's cache directory)
 * @param noCache     LLM judges: neither read nor write the response cache
 * @param maxAttempts LLM judges: attempts per request on 429/5xx/timeouts (null: default)
 * @param timeout     LLM judges: per-request timeout (null: default)
 * @param maxTokens   LLM judges: cap on answer tokens (null: provider-specific default)
 * @param env         where API keys are read from (System::getenv; a lambda so that toString never prints keys)
 * @param structuredOutput LLM judges: how the answer's schema is enforced, "schema" (the provider's structured
 *                    output; default) or "tool" (a forced call of one tool whose input is the schema; OpenAI and
 *                    Anthropic), for models without structured outputs
 * @param reasoningEffort LLM judges: the reasoning effort to ask of a model that reasons (null: the model's own)
 * @param modelConfig LLM judges: a model-capability YAML file whose rows add to or override the bundled table
 * @param notices     where a judge's one-line notes and warnings go (retries summary, dropped parameters, cache
 *                    trouble); null: an slf4j logger at WARN. Library code never prints; the CLI passes a sink
 *                    that writes {@code spec-cxr: ...} lines to its stderr
 * @param prompt      LLM judges: how the entity set is rendered in the prompt, "compact" (null: the default) or
 *                    "full" (every synonym)
 */
public record JudgeOptions(String baseUrl, Double temperature, Integer seed, String uncertain, Path rulesFile,
                           Path cacheFile, boolean noCache, Integer maxAttempts, Duration timeout, Integer maxTokens,
                           UnaryOperator<String> env, String structuredOutput, String reasoningEffort, Path modelConfig,
                           Consumer<String> notices, String prompt) {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("org.speccxr.judge");

    public JudgeOptions {
        env = env == null ? System::getenv : env;
        notices = notices == null ? LOG::warn : notices;
    }

    public JudgeOptions(String baseUrl, Double temperature, Integer seed, String uncertain, Path rulesFile,
                        Path cacheFile, boolean noCache, Integer maxAttempts, Duration timeout, Integer maxTokens,
                        UnaryOperator<String> env, String structuredOutput, String reasoningEffort, Path modelConfig,
                        Consumer<String> notices) {
        this(baseUrl, temperature, seed, uncertain, rulesFile, cacheFile, noCache, maxAttempts, timeout, maxTokens, env,
                structuredOutput, reasoningEffort, modelConfig, notices, null);
    }

    public JudgeOptions(String baseUrl, Double temperature, Integer seed, String uncertain, Path rulesFile,
                        Path cacheFile, boolean noCache, Integer maxAttempts, Duration timeout, Integer maxTokens,
                        UnaryOperator<String> env, String structuredOutput) {
        this(baseUrl, temperature, seed, uncertain, rulesFile, cacheFile, noCache, maxAttempts, timeout, maxTokens, env,
                structuredOutput, null, null, null);
    }

    public JudgeOptions(String baseUrl, Double temperature, Integer seed, String uncertain, Path rulesFile,
                        Path cacheFile, boolean noCache, Integer maxAttempts, Duration timeout, Integer maxTokens,
                        UnaryOperator<String> env) {
        this(baseUrl, temperature, seed, uncertain, rulesFile, cacheFile, noCache, maxAttempts, timeout, maxTokens, env,
                null);
    }

    /**
     * The options, checked: every value a judge could not use is a one-line {@link InputException} that names the
     * option as the command line spells it. The one definition of the values allowed, for the CLI, the service and
     * library callers; what only one provider or model cannot take is checked where the judge is made. A value is
     * refused even when the chosen judge would not use it (a temperature of 5 for the rules judge): it is still a
     * mistake in what was asked. A blank prompt style is the default, as null is.
     *
     * @return these options
     */
    public JudgeOptions check() {
        if (uncertain != null && !uncertain.toLowerCase(Locale.ROOT).matches("positive|negative")) {
            throw new InputException("--uncertain must be positive or negative (got '" + uncertain + "')");
        }
        if (noCache && cacheFile != null) {
            throw new InputException("--cache and --no-cache exclude each other");
        }
        if (temperature != null && (temperature.isNaN() || temperature < 0 || temperature > 2)) {
            throw new InputException("--temperature must be between 0 and 2 (got " + temperature + ")");
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new InputException("--timeout must be positive (got " + timeout.toMillis() + " ms)");
        }
        if (maxAttempts != null && maxAttempts < 1) {
            throw new InputException("--max-attempts must be at least 1 (got " + maxAttempts + ")");
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new InputException("--max-tokens must be at least 1 (got " + maxTokens + ")");
        }
        if (structuredOutput != null && !structuredOutput.toLowerCase(Locale.ROOT).matches("schema|tool")) {
            throw new InputException("--structured-output must be schema or tool (got '" + structuredOutput + "')");
        }
        if (reasoningEffort != null && !reasoningEffort.strip().matches("[A-Za-z][A-Za-z0-9_-]{0,31}")) {
            throw new InputException("--reasoning-effort must be a word such as low or high (got '" + reasoningEffort + "')");
        }
        if (prompt != null && !prompt.isBlank() && !prompt.strip().toLowerCase(Locale.ROOT).matches("compact|full")) {
            throw new InputException("--prompt must be compact or full (got '" + prompt + "')");
        }
        return this;
    }

    /** True when the answer is to come as a forced tool call rather than as structured output. */
    public boolean toolOutput() {
        return "tool".equalsIgnoreCase(structuredOutput);
    }

    public JudgeOptions withStructuredOutput(String mode) {
        return new JudgeOptions(baseUrl, temperature, seed, uncertain, rulesFile, cacheFile, noCache, maxAttempts, timeout,
                maxTokens, env, mode, reasoningEffort, modelConfig, notices, prompt);
    }

    public JudgeOptions withReasoningEffort(String effort) {
        return new JudgeOptions(baseUrl, temperature, seed, uncertain, rulesFile, cacheFile, noCache, maxAttempts, timeout,
                maxTokens, env, structuredOutput, effort, modelConfig, notices, prompt);
    }

    public JudgeOptions withModelConfig(Path file) {
        return new JudgeOptions(baseUrl, temperature, seed, uncertain, rulesFile, cacheFile, noCache, maxAttempts, timeout,
                maxTokens, env, structuredOutput, reasoningEffort, file, notices, prompt);
    }

    public JudgeOptions withNotices(Consumer<String> sink) {
        return new JudgeOptions(baseUrl, temperature, seed, uncertain, rulesFile, cacheFile, noCache, maxAttempts, timeout,
                maxTokens, env, structuredOutput, reasoningEffort, modelConfig, sink, prompt);
    }

    /** LLM judges: the prompt rendering, "compact" or "full" (null: compact). */
    public JudgeOptions withPrompt(String style) {
        return new JudgeOptions(baseUrl, temperature, seed, uncertain, rulesFile, cacheFile, noCache, maxAttempts, timeout,
                maxTokens, env, structuredOutput, reasoningEffort, modelConfig, notices, style);
    }

    public JudgeOptions(String baseUrl, Double temperature, Integer seed, String uncertain, Path rulesFile) {
        this(baseUrl, temperature, seed, uncertain, rulesFile, null, false, null, null, null, null);
    }

    public static JudgeOptions defaults() {
        return new JudgeOptions(null, null, null, "positive", null);
    }
}
