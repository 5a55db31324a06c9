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
import java.util.function.Consumer;

/**
 * Builds LLM judges from {@code provider:model} specs: checks the key, normalises the base URL, builds the
 * LangChain4j model and wraps the judge in the response cache (unless {@code --no-cache}).
 */
public final class LlmJudges {
    private LlmJudges() {
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);
    static final int MAX_REASKS = 2;

    /** The parts of a judge that do not need a key or a server. */
    record Setup(Provider provider, String model, String baseUrl, boolean official, Map<String, Object> parameters,
                 ChatModels.Settings settings, PromptBuilder prompt, ResponseSchema schema,
                 ModelTable.Capabilities capabilities, boolean toolOutput) {
    }

    /**
     * What in the options the model cannot take, per the model table ({@code --temperature} for a model that
     * rejects one, a {@code --reasoning-effort} value it does not take), as a one-line message; null when
     * nothing. A malformed {@code --model-config} file is an InputException.
     */
    public static String usageProblem(String providerId, String model, JudgeOptions o) {
        Provider provider = Provider.parse(providerId);
        if (o.toolOutput() && provider == Provider.OLLAMA) {
            return "--structured-output tool works with openai: and anthropic: judges; Ollama gets the schema as its format";
        }
        if (o.toolOutput() && (provider == Provider.GEMINI || provider == Provider.VERTEX)) {
            return "--structured-output tool is not available for " + provider.id()
                    + ": judges; Gemini answers in its native structured output (responseJsonSchema)";
        }
        if (model == null || model.isBlank()) {
            return null; // reported by setup, with the spec's own wording
        }
        ModelTable table = ModelTable.load(o.modelConfig());
        ModelTable.Capabilities caps = table.resolve(provider.id(), model.strip());
        String spec = provider.id() + ":" + model.strip();
        if (o.temperature() != null && !caps.temperature()) {
            return "--temperature: " + spec + " takes no temperature (model table of " + table.date()
                    + "); leave --temperature out, or add a row with --model-config if it does take one";
        }
        if (o.reasoningEffort() != null) {
            String effort = o.reasoningEffort().strip().toLowerCase(Locale.ROOT);
            if (caps.reasoningEfforts().isEmpty()) {
                return "--reasoning-effort: " + spec + " takes no reasoning effort (model table of " + table.date()
                        + "); leave it out, or add a row with --model-config if it does take one";
            }
            if (!caps.takesEffort(effort)) {
                return "--reasoning-effort must be one of " + String.join(", ", caps.reasoningEfforts()) + " for "
                        + spec + " (got '" + o.reasoningEffort() + "')";
            }
        }
        return null;
    }

    static Setup setup(String providerId, String model, JudgeOptions o, EntitySet set, String apiKey) {
        Provider provider = Provider.parse(providerId);
        if (model == null || model.isBlank()) {
            throw new InputException("judge '" + providerId + "' needs a model, e.g. " + providerId + ":MODEL");
        }
        o.check();
        String problem = usageProblem(providerId, model, o);
        if (problem != null) {
            throw new InputException(problem);
        }
        model = model.strip();
        ModelTable.Capabilities caps = ModelTable.load(o.modelConfig()).resolve(provider.id(), model);
        String baseUrl = provider.normalizeBaseUrl(givenBaseUrl(provider, o));
        boolean official = provider == Provider.OPENAI && baseUrl.toLowerCase(Locale.ROOT).startsWith("https://api.openai.com");
        // the table says, for any base URL, whether a temperature may be sent; 0 (the paper's) where it may
        Double temperature = caps.temperature() ? (o.temperature() != null ? o.temperature() : Double.valueOf(0.0)) : null;
        Integer seed = caps.seed() ? o.seed() : null;
        String effort = o.reasoningEffort() == null ? null : o.reasoningEffort().strip().toLowerCase(Locale.ROOT);
        boolean toolOutput = o.structuredOutput() != null ? o.toolOutput() : caps.structuredOutput().equals("tools");
        PromptBuilder prompt = new PromptBuilder(set, PromptBuilder.Style.parse(o.prompt()));
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
            params.put("num_ctx", caps.numCtx());
        }
        if (effort != null) {
            params.put("reasoning_effort", effort);
        }
        if (toolOutput) {
            // recorded (and so part of the cache key) only when not the default, so existing caches stay valid
            params.put("structured_output", "tool");
        }
        RequestEdits edits = new RequestEdits(additions(provider, effort));
        ChatModels.Settings settings = new ChatModels.Settings(baseUrl, apiKey, model, temperature, seed, maxTokens,
                o.timeout() == null ? DEFAULT_TIMEOUT : o.timeout(), official, "spec-cxr-" + prompt.hash().substring(7, 23),
                caps.tokenLimitField(), provider == Provider.OPENAI || Hosts.isHost(provider) ? effort : null, toolOutput, caps.numCtx(), edits);
        return new Setup(provider, model, baseUrl, official, params, settings, prompt, schema, caps, toolOutput);
    }

    /** The request fields LangChain4j has no setting for, merged into every body. */
    private static com.fasterxml.jackson.databind.node.ObjectNode additions(Provider provider, String effort) {
        com.fasterxml.jackson.databind.node.ObjectNode add = org.speccxr.util.Json.MAPPER.createObjectNode();
        switch (provider) {
            case OLLAMA -> {
                // a prompt that does not fit is an error rather than silently cut from the front (truncate), and an
                // answer that reaches the window's end stops there rather than sliding the prompt out (shift);
                // both are top-level ChatRequest fields (ollama api/types.go)
                add.put("shift", false).put("truncate", false);
                if (effort != null) {
                    add.put("think", effort);
                }
            }
            case ANTHROPIC -> {
                if (effort != null) {
                    add.putObject("output_config").put("effort", effort);
                }
            }
            case OPENAI, AZURE -> {
                // reasoning_effort, store and parallel_tool_calls are LangChain4j settings
            }
            case BEDROCK, GEMINI, VERTEX -> {
                // their SDKs write the whole request (see BedrockChatModel, GeminiChatModel)
            }
        }
        return add;
    }

    /** --base-url, or for Azure the resource endpoint from the environment. */
    static String givenBaseUrl(Provider provider, JudgeOptions o) {
        if (provider == Provider.AZURE && (o.baseUrl() == null || o.baseUrl().isBlank())) {
            return o.env().apply(Provider.AZURE_ENDPOINT_VARIABLE);
        }
        if ((provider == Provider.BEDROCK || provider == Provider.VERTEX) && (o.baseUrl() == null || o.baseUrl().isBlank())) {
            return Hosts.defaultEndpoint(provider, o); // the region's or location's endpoint
        }
        return o.baseUrl();
    }

    /** The API key from the environment, or a one-line error when it is needed and missing. */
    static String apiKey(Provider provider, String baseUrl, JudgeOptions o) {
        if (provider == Provider.GEMINI) {
            return Hosts.geminiKey(baseUrl, o);
        }
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

    /** A judge whose notes and warnings go to the options' notices sink. */
    public static Judge create(String providerId, String model, JudgeOptions o, EntitySet set) {
        return create(providerId, model, o, set, o.notices(), RetryPolicy.defaults(o.maxAttempts()));
    }

    /** A judge whose notes go to {@code notes} as {@code spec-cxr: ...} lines instead (null: nowhere). */
    public static Judge create(String providerId, String model, JudgeOptions o, EntitySet set, PrintStream notes) {
        Consumer<String> sink = notes == null ? s -> { } : s -> {
            synchronized (notes) {
                notes.println("spec-cxr: " + s);
                notes.flush();
            }
        };
        return create(providerId, model, o, set, sink, RetryPolicy.defaults(o.maxAttempts()));
    }

    static Judge create(String providerId, String model, JudgeOptions o, EntitySet set, Consumer<String> notes,
                        RetryPolicy retry) {
        Provider provider = Provider.parse(providerId);
        String key = apiKey(provider, provider.normalizeBaseUrl(givenBaseUrl(provider, o)), o);
        Setup s = setup(providerId, model, o, set, key);
        if (o.seed() != null && !s.capabilities().seed()) {
            notes.accept(provider == Provider.ANTHROPIC ? "note: the Anthropic API takes no seed; --seed is ignored"
                    : "note: " + provider.id() + ":" + s.model() + " takes no seed (model table); --seed is ignored");
        }
        ResponseCache cache = o.noCache() ? null : ResponseCache.open(cacheFile(o));
        ChatModels.Settings settings = s.settings();
        // the cloud hosts are built on their own SDKs, with credentials from their default chains
        Hosts.Access host = Hosts.isHost(provider) ? Hosts.access(provider, o, s.baseUrl(), key) : null;
        java.util.function.Function<ChatModels.Settings, dev.langchain4j.model.chat.ChatModel> build =
                host != null ? host::build : x -> ChatModels.build(provider, x);
        LlmJudge.Wire wire = new LlmJudge.Wire(settings.edits(), settings.maxTokens(),
                n -> build.apply(settings.withMaxTokens(n)), provider == Provider.OLLAMA ? settings.numCtx() : 0);
        Secrets secrets = host == null ? new Secrets(key) : new Secrets(key, host.secrets());
        LlmJudge judge = new LlmJudge(provider, s.model(), build.apply(settings), s.prompt(), s.schema(),
                retry, MAX_REASKS, s.parameters(), secrets, notes, s.toolOutput(), wire);
        return cache == null ? judge : new CachingJudge(judge, cache, set, notes);
    }

    static java.nio.file.Path cacheFile(JudgeOptions o) {
        return o.cacheFile() != null ? o.cacheFile() : ResponseCache.defaultFile(o.env());
    }

    /** {@code --dry-run}: the calls a run would make and their estimated tokens, as text for stdout. */
    public static String dryRun(String providerId, String model, JudgeOptions o, EntitySet set, List<ReportPair> pairs,
                                int runs) {
        return dryRun(providerId, model, o, set, pairs, runs, null);
    }

    /**
     * {@code --dry-run}: the calls, their estimated tokens and what they would cost at the bundled list prices, with
     * the rows of {@code priceTable} (null: none) before them.
     */
    public static String dryRun(String providerId, String model, JudgeOptions o, EntitySet set, List<ReportPair> pairs,
                                int runs, java.nio.file.Path priceTable) {
        PriceTable prices = PriceTable.load(priceTable); // a bad file stops before any counting
        Setup s = setup(providerId, model, o, set, null);
        DryRun.Estimate e = estimate(s, o, set, pairs, runs);
        return e.describe(s.provider().id() + ":" + s.model() + " (" + s.prompt().style().id() + " prompt)", pairs.size(),
                runs) + DryRun.describeCost(e, prices, s.provider().id(), s.model());
    }

    private static DryRun.Estimate estimate(Setup s, JudgeOptions o, EntitySet set, List<ReportPair> pairs, int runs) {
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
                        RetryPolicy.defaults(1), 0, s.parameters(), new Secrets(null), null, s.toolOutput(),
                        LlmJudge.Wire.none());
                try (ResponseCache cache = ResponseCache.open(file)) {
                    CachingJudge cj = new CachingJudge(probe, cache, set);
                    e = DryRun.estimate(set, s.prompt(), s.schema(), pairs, runs, cj::isCached);
                }
            }
        }
        return e;
    }
}
