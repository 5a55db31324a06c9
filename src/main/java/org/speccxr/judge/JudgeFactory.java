package org.speccxr.judge;

import org.speccxr.entity.EntitySet;
import org.speccxr.io.InputException;
import org.speccxr.judge.llm.LlmJudges;
import org.speccxr.judge.rules.RuleSet;
import org.speccxr.judge.rules.RulesJudge;

import java.util.List;
import java.util.Locale;

/** Builds a judge from a spec: {@code rules} or {@code provider:model}. */
public final class JudgeFactory {
    private JudgeFactory() {
    }

    public static final List<String> PROVIDERS = List.of("rules", "openai", "anthropic", "ollama");

    /** A judge spec split into its parts: {@code rules}, or {@code provider:model} (provider lower-cased). */
    public record Spec(String text, String provider, String model) {
        public static Spec parse(String spec) {
            String s = spec == null || spec.isBlank() ? "rules" : spec.strip();
            int colon = s.indexOf(':');
            return new Spec(s, (colon < 0 ? s : s.substring(0, colon)).toLowerCase(Locale.ROOT),
                    colon < 0 ? "" : s.substring(colon + 1).strip());
        }

        public boolean known() {
            return PROVIDERS.contains(provider);
        }
    }

    /** The one-line error for a spec whose provider is not one of {@link #PROVIDERS}. */
    public static String unknownJudge(String spec) {
        return "unknown judge '" + spec + "' (use rules, openai:MODEL, anthropic:MODEL or ollama:MODEL)";
    }

    public static Judge create(String spec, JudgeOptions options, EntitySet set) {
        Spec parsed = Spec.parse(spec);
        spec = parsed.text();
        String provider = parsed.provider(), model = parsed.model();
        switch (provider) {
            case "rules" -> {
                if (!model.isEmpty()) {
                    throw new InputException("judge 'rules' takes no model (got '" + spec + "')");
                }
                RuleSet rules = options.rulesFile() == null ? RuleSet.loadDefault() : RuleSet.load(options.rulesFile());
                // Rules that name entities outside a custom set (the bundled rules with a smaller set) are skipped.
                RulesJudge.Uncertain u;
                try {
                    u = RulesJudge.Uncertain.parse(options.uncertain() == null ? "positive" : options.uncertain());
                } catch (IllegalArgumentException e) {
                    throw new InputException(e.getMessage());
                }
                return new RulesJudge(set, rules, u);
            }
            case "openai", "anthropic", "ollama" -> {
                if (model.isEmpty()) {
                    throw new InputException("judge '" + spec + "' needs a model, e.g. " + provider + ":MODEL");
                }
                return LlmJudges.create(provider, model, options, set);
            }
            default -> throw new InputException(unknownJudge(spec));
        }
    }

    /**
     * {@code --dry-run}: what judging these pairs would cost (calls, estimated tokens), as text, without calling
     * anything or needing a key.
     */
    public static String dryRun(String spec, JudgeOptions options, EntitySet set, List<ReportPair> pairs, int runs) {
        Spec parsed = Spec.parse(spec);
        String provider = parsed.provider(), model = parsed.model();
        if (provider.equals("rules")) {
            create(spec, options, set).close();
            return "dry run for rules: " + pairs.size() + " pair(s) x " + runs + " run(s); the rules judge runs offline"
                    + " and makes no calls\n";
        }
        if (!parsed.known()) {
            create(spec, options, set); // throws the one-line error
        }
        return LlmJudges.dryRun(provider, model, options, set, pairs, runs);
    }
}
