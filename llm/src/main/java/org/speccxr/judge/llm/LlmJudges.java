package org.speccxr.judge.llm;

import org.speccxr.entity.EntitySet;
import org.speccxr.util.InputException;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.ReportPair;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds LLM judges from {@code provider:model} specs: checks the key, normalises the base URL, builds the
 * LangChain4j model and wraps the judge in the response cache (unless {@code --no-cache}).
 */
public final class LlmJudges {
    private LlmJudges() {
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);
    static final int MAX_REASKS = 2;
    /** OpenAI models that take no temperature (reasoning models): it is only sent when the user gives one. */
    private static final Pattern OPENAI_REASONING = Pattern.compile("^(o\\d|gpt-5).*");

    /** The parts of a judge that do not need a key or a server. */
    record Setup(Provider provider, String model, String baseUrl, boolean official, Map<String, Object> parameters,
                 ChatModels.Settings settings, PromptBuilder prompt, ResponseSchema schema) {
    }

    static Setup setup(String providerId, String model, JudgeOptions o, EntitySet set, String apiKey) {
        Provider provider = Provider.parse(providerId);
        if (model == null || model.isBlank()) {
            throw new InputException("judge '" + providerId + "' needs a model, e.g. " + providerId + ":MODEL");
        }
        if (o.temperature() != null && (o.temperature() < 0 || o.temperature() > 2 || o.temperature().isNaN())) {
            throw new InputException("--temperature must be between 0 and 2 (got " + o.temperature() + ")");
        }
        if (o.maxTokens() != null && o.maxTokens() < 1) {
            throw new InputException("--max-tokens must be at least 1 (got " + o.maxTokens() + ")");
        }
        if (o.maxAttempts() != null && o.maxAttempts() < 1) {
            throw new InputException("--max-attempts must be at least 1 (got " + o.maxAttempts() + ")");
        }
        if (o.timeout() != null && (o.timeout().isNegative() || o.timeout().isZero())) {
            throw new InputException("--timeout must be positive");
        }
        if (o.structuredOutput() != null && !o.structuredOutput().toLowerCase(Locale.ROOT).matches("schema|tool")) {
            throw new InputException("structured output must be schema or tool (got '" + o.structuredOutput() + "')");
        }
        if (o.toolOutput() && provider == Provider.OLLAMA) {
            throw new InputException("--structured-output tool works with openai: and anthropic: judges");
        }
        String baseUrl = provider.normalizeBaseUrl(o.baseUrl());
        boolean official = provider == Provider.OPENAI && baseUrl.toLowerCase(Locale.ROOT).startsWith("https://api.openai.com");
        Double temperature = o.temperature();
        if (temperature == null && !(official && OPENAI_REASONING.matcher(model).matches())) {
            temperature = 0.0;
        }
        Integer seed = provider == Provider.ANTHROPIC ? null : o.seed();
        PromptBuilder prompt = new PromptBuilder(set);
        ResponseSchema schema = new ResponseSchema(set);

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("base_url", Provider.recordable(baseUrl));
        String recordable = Provider.recordable(baseUrl);
        if (!recordable.equals(baseUrl)) {
            // the recorded URL drops query and user info (they may hold secrets); their hash still keys the cache,
            // so two gateways' deployments chosen by query string do not share answers
            params.put("base_url_sha256", org.speccxr.util.Hashing.sha256(baseUrl));
        }
        if (temperature != null) {
            params.put("temperature", temperature);
        }
        if (seed != null) {
            params.put("seed", seed);
        }
        Integer maxTokens = o.maxTokens() != null ? o.maxTokens()
                : provider == Provider.ANTHROPIC ? Integer.valueOf(ChatModels.ANTHROPIC_MAX_TOKENS) : null;
        if (maxTokens != null) {
            params.put("max_tokens", maxTokens);
        }
        if (provider == Provider.OLLAMA) {
            params.put("num_ctx", ChatModels.OLLAMA_NUM_CTX);
        }
        if (o.toolOutput()) {
            // recorded (and so part of the cache key) only when not the default, so existing caches stay valid
            params.put("structured_output", "tool");
        }
        ChatModels.Settings settings = new ChatModels.Settings(baseUrl, apiKey, model.strip(), temperature, seed, maxTokens,
                o.timeout() == null ? DEFAULT_TIMEOUT : o.timeout(), official, "spec-cxr-" + prompt.hash().substring(7, 23));
        return new Setup(provider, model.strip(), baseUrl, official, params, settings, prompt, schema);
    }

    /** The API key from the environment, or a one-line error when it is needed and missing. */
    static String apiKey(Provider provider, String baseUrl, JudgeOptions o) {
        if (provider.keyVariable() == null) {
            return null;
        }
        String key = o.env().apply(provider.keyVariable());
        if (key != null && !key.isBlank()) {
            return key.strip();
        }
        if (Provider.isLoopback(baseUrl)) {
            return null;
        }
        throw new InputException(provider.keyVariable() + " is not set; export it with your " + provider.id()
                + " API key (or point --base-url at a local server that needs none)");
    }

    public static Judge create(String providerId, String model, JudgeOptions o, EntitySet set) {
        return create(providerId, model, o, set, System.err);
    }

    public static Judge create(String providerId, String model, JudgeOptions o, EntitySet set, PrintStream notes) {
        return create(providerId, model, o, set, notes, RetryPolicy.defaults(o.maxAttempts()));
    }

    static Judge create(String providerId, String model, JudgeOptions o, EntitySet set, PrintStream notes,
                        RetryPolicy retry) {
        Provider provider = Provider.parse(providerId);
        String key = apiKey(provider, provider.normalizeBaseUrl(o.baseUrl()), o);
        Setup s = setup(providerId, model, o, set, key);
        if (o.seed() != null && provider == Provider.ANTHROPIC && notes != null) {
            notes.println("spec-cxr: note: the Anthropic API takes no seed; --seed is ignored");
        }
        ResponseCache cache = o.noCache() ? null : ResponseCache.open(cacheFile(o));
        LlmJudge judge = new LlmJudge(provider, s.model(), ChatModels.build(provider, s.settings()), s.prompt(), s.schema(),
                retry, MAX_REASKS, s.parameters(), new Secrets(key), notes, o.toolOutput());
        return cache == null ? judge : new CachingJudge(judge, cache, set);
    }

    static java.nio.file.Path cacheFile(JudgeOptions o) {
        return o.cacheFile() != null ? o.cacheFile() : ResponseCache.defaultFile(o.env());
    }

    /** {@code --dry-run}: the calls a run would make and their estimated tokens, as text for stdout. */
    public static String dryRun(String providerId, String model, JudgeOptions o, EntitySet set, List<ReportPair> pairs,
                                int runs) {
        Setup s = setup(providerId, model, o, set, null);
        String spec = s.provider().id() + ":" + s.model();
        DryRun.Estimate e;
        if (o.noCache()) {
            e = DryRun.estimate(set, s.prompt(), s.schema(), pairs, runs, (p, r) -> false);
        } else {
            java.nio.file.Path file = cacheFile(o);
            if (!java.nio.file.Files.exists(file)) {
                e = DryRun.estimate(set, s.prompt(), s.schema(), pairs, runs, (p, r) -> false);
            } else {
                // the cache key depends only on the judge's provenance, which needs no key and makes no call
                LlmJudge probe = new LlmJudge(s.provider(), s.model(), null, s.prompt(), s.schema(),
                        RetryPolicy.defaults(1), 0, s.parameters(), new Secrets(null), null);
                try (ResponseCache cache = ResponseCache.open(file)) {
                    CachingJudge cj = new CachingJudge(probe, cache, set);
                    e = DryRun.estimate(set, s.prompt(), s.schema(), pairs, runs, cj::isCached);
                }
            }
        }
        return e.describe(spec, pairs.size(), runs);
    }
}
