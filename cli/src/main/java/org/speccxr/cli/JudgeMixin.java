package org.speccxr.cli;

import org.speccxr.util.InputException;
import org.speccxr.judge.JudgeOptions;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** The options that pick and configure a judge, shared by every command that runs one (evaluate, qualify). */
public final class JudgeMixin {
    /** The command this mixin is part of: its err writer takes the notes and the judge's notices. */
    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    @Option(names = "--judge", defaultValue = "rules", paramLabel = "SPEC",
            description = "rules (default, offline), openai:MODEL, anthropic:MODEL, ollama:MODEL, azure:DEPLOYMENT, "
                    + "bedrock:MODEL_ID, gemini:MODEL or vertex:MODEL.")
    String judge;

    @Option(names = "--uncertain", defaultValue = "positive", paramLabel = "positive|negative",
            description = "Rules judge: how uncertain mentions (\"possible effusion\") count for presence (default positive).")
    String uncertain;

    @Option(names = "--rules", paramLabel = "FILE", description = "Rules judge: a rules YAML file replacing the bundled one.")
    Path rules;

    @Option(names = "--base-url", paramLabel = "URL", description = "Endpoint of an LLM judge's server.")
    String baseUrl;

    @Option(names = "--temperature", paramLabel = "T", description = "LLM sampling temperature (default 0, where the model takes one).")
    Double temperature;

    @Option(names = "--seed", paramLabel = "N", description = "LLM sampling seed, where the provider takes one.")
    Integer seed;

    @Option(names = "--cache", paramLabel = "FILE",
            description = "LLM response cache (SQLite; default $SPEC_CXR_CACHE or ~/.cache/spec-cxr/llm-cache.sqlite).")
    Path cache;

    @Option(names = "--no-cache", description = "LLM judges: neither read nor write the response cache.")
    boolean noCache;

    @Option(names = "--max-tokens", paramLabel = "N", description = "LLM answer token cap (default: provider's; Anthropic 8192).")
    Integer maxTokens;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "LLM per-request timeout (default 300).")
    Integer timeoutSeconds;

    @Option(names = "--max-attempts", paramLabel = "N", description = "LLM attempts per request on 429/5xx/timeouts (default 6).")
    Integer maxAttempts;

    @Option(names = "--structured-output", paramLabel = "schema|tool",
            description = "LLM judges: schema (default; the provider's structured output) or tool (a forced tool call;"
                    + " OpenAI and Anthropic models without structured outputs).")
    String structuredOutput;

    @Option(names = "--reasoning-effort", paramLabel = "VALUE",
            description = "LLM judges: how much a reasoning model reasons (e.g. low, medium, high); only the values the"
                    + " model table lists for the model.")
    String reasoningEffort;

    @Option(names = "--model-config", paramLabel = "FILE",
            description = "LLM judges: a YAML file of model rows that add to or override the bundled model table.")
    Path modelConfig;

    @Option(names = "--prompt", paramLabel = "compact|full",
            description = "LLM judges: how the entity set is put in the prompt: compact (default; ~4,950 tokens) or full"
                    + " (every synonym the rules judge matches; ~12,400 tokens).")
    String prompt;

    @Option(names = "--price-table", paramLabel = "FILE",
            description = "--dry-run: a YAML file of price rows that add to or override the bundled, dated price table.")
    Path priceTable;

    public String spec() {
        return judge;
    }

    /** Tells on stderr which given options the chosen judge does not use, rather than ignoring them silently. */
    public void noteUnused(java.io.PrintWriter err) {
        org.speccxr.judge.JudgeProvider provider = org.speccxr.judge.JudgeFactory.Spec.parse(judge).providerOrNull();
        boolean isRules = provider == null || !provider.remote();
        java.util.Map<String, Boolean> given = new java.util.LinkedHashMap<>();
        if (isRules) {
            given.put("--base-url", baseUrl != null);
            given.put("--temperature", temperature != null);
            given.put("--seed", seed != null);
            given.put("--cache", cache != null);
            given.put("--no-cache", noCache);
            given.put("--max-tokens", maxTokens != null);
            given.put("--timeout", timeoutSeconds != null);
            given.put("--max-attempts", maxAttempts != null);
            given.put("--structured-output", structuredOutput != null);
            given.put("--reasoning-effort", reasoningEffort != null);
            given.put("--model-config", modelConfig != null);
            given.put("--prompt", prompt != null);
            given.put("--price-table", priceTable != null);
        } else {
            given.put("--rules", rules != null);
            given.put("--uncertain", !uncertain.equalsIgnoreCase("positive"));
        }
        java.util.List<String> unused = given.entrySet().stream().filter(java.util.Map.Entry::getValue)
                .map(java.util.Map.Entry::getKey).toList();
        if (!unused.isEmpty()) {
            err.println("spec-cxr: note: " + String.join(", ", unused) + (unused.size() == 1 ? " is" : " are")
                    + " not used by the " + (isRules ? "rules" : "LLM") + " judge");
        }
    }

    /** The options, checked: a bad value is a one-line error before any work starts. */
    public JudgeOptions options() {
        org.speccxr.judge.JudgeFactory.Spec spec = org.speccxr.judge.JudgeFactory.Spec.parse(judge);
        String provider = spec.provider();
        try {
            org.speccxr.judge.JudgeFactory.provider(spec);
        } catch (org.speccxr.util.InputException e) {
            throw new UsageException(e.getMessage());
        }
        if (timeoutSeconds != null && timeoutSeconds < 1) {
            // the option counts whole seconds, so its message does too
            throw new UsageException("--timeout must be at least 1 second (got " + timeoutSeconds + ")");
        }
        JudgeOptions options = new JudgeOptions(baseUrl, temperature, seed, uncertain, rules, cache, noCache, maxAttempts,
                timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds), maxTokens, null, structuredOutput,
                reasoningEffort, modelConfig, this::printNotice, prompt);
        try {
            // checked as given, so a message quotes the value the user typed
            options.check();
        } catch (InputException e) {
            throw new UsageException(e.getMessage());
        }
        options = options.withStructuredOutput(structuredOutput == null ? null : structuredOutput.toLowerCase(Locale.ROOT))
                .withPrompt(prompt == null ? null : prompt.strip().toLowerCase(Locale.ROOT));
        if (isLlmJudge(provider)) {
            // what the model table says the model cannot take is a usage error, before any key check or call
            String problem = org.speccxr.judge.llm.LlmJudges.usageProblem(provider, spec.model(), options);
            if (problem != null) {
                throw new UsageException(problem);
            }
        }
        return options;
    }

    /** {@code --dry-run}: the calls, tokens and (LLM judges) the estimated cost, as text for stdout. */
    public String dryRun(JudgeOptions options, org.speccxr.entity.EntitySet set,
                         java.util.List<org.speccxr.judge.ReportPair> pairs, int runs) {
        org.speccxr.judge.JudgeFactory.Spec parsed = org.speccxr.judge.JudgeFactory.Spec.parse(judge);
        if (isLlmJudge(parsed.provider())) {
            return org.speccxr.judge.llm.LlmJudges.dryRun(parsed.provider(), parsed.model(), options, set, pairs, runs,
                    priceTable);
        }
        return org.speccxr.judge.JudgeFactory.dryRun(judge, options, set, pairs, runs);
    }

    private static boolean isLlmJudge(String provider) {
        try {
            org.speccxr.judge.llm.Provider.parse(provider);
            return true;
        } catch (InputException e) {
            return false;
        }
    }

    /** A judge's notes and warnings, as spec-cxr lines on the command's stderr. */
    private void printNotice(String line) {
        java.io.PrintWriter err = mixee.commandLine().getErr();
        synchronized (err) {
            err.println("spec-cxr: " + line);
            err.flush();
        }
    }
}
