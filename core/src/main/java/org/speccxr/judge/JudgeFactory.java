package org.speccxr.judge;

import org.speccxr.entity.EntitySet;
import org.speccxr.util.InputException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Builds a judge from a spec: {@code rules} or {@code provider:model}. The providers are the
 * {@link JudgeProvider}s on the class path: the core module has {@code rules}; the LLM module adds {@code openai},
 * {@code anthropic} and {@code ollama}.
 */
public final class JudgeFactory {
    private JudgeFactory() {
    }

    /** A judge spec split into its parts: {@code rules}, or {@code provider:model} (provider lower-cased). */
    public record Spec(String text, String provider, String model) {
        public static Spec parse(String spec) {
            String s = spec == null || spec.isBlank() ? "rules" : spec.strip();
            int colon = s.indexOf(':');
            return new Spec(s, (colon < 0 ? s : s.substring(0, colon)).toLowerCase(Locale.ROOT),
                    colon < 0 ? "" : s.substring(colon + 1).strip());
        }

        public boolean known() {
            return providers().containsKey(provider);
        }

        /** The provider of this spec, or null when none on the class path has its name. */
        public JudgeProvider providerOrNull() {
            return providers().get(provider);
        }
    }

    private static volatile Map<String, JudgeProvider> providers;

    /** The providers on the class path, by name, in the order ServiceLoader found them. */
    public static Map<String, JudgeProvider> providers() {
        Map<String, JudgeProvider> p = providers;
        if (p == null) {
            Map<String, JudgeProvider> found = new LinkedHashMap<>();
            for (JudgeProvider jp : ServiceLoader.load(JudgeProvider.class, JudgeFactory.class.getClassLoader())) {
                found.putIfAbsent(jp.name().toLowerCase(Locale.ROOT), jp);
            }
            providers = p = Map.copyOf(found);
        }
        return p;
    }

    /** The one-line error for a spec whose provider is not on the class path. */
    public static String unknownJudge(String spec) {
        List<String> forms = new ArrayList<>();
        providers().values().stream().sorted((a, b) -> a.name().equals("rules") ? -1 : b.name().equals("rules") ? 1
                        : a.name().compareTo(b.name()))
                .forEach(p -> forms.add(p.needsModel() ? p.name() + ":MODEL" : p.name()));
        String last = forms.isEmpty() ? "" : forms.remove(forms.size() - 1);
        return "unknown judge '" + spec + "' (use " + (forms.isEmpty() ? last : String.join(", ", forms) + " or " + last)
                + ")";
    }

    /** The provider of a spec, checked: unknown providers and a missing or unwanted model are one-line errors. */
    public static JudgeProvider provider(Spec parsed) {
        JudgeProvider p = parsed.providerOrNull();
        if (p == null) {
            throw new InputException(unknownJudge(parsed.text()));
        }
        if (p.needsModel() && parsed.model().isEmpty()) {
            throw new InputException("judge '" + parsed.text() + "' needs a model, e.g. " + p.name() + ":MODEL");
        }
        if (!p.needsModel() && !parsed.model().isEmpty()) {
            throw new InputException("judge '" + p.name() + "' takes no model (got '" + parsed.text() + "')");
        }
        return p;
    }

    public static Judge create(String spec, JudgeOptions options, EntitySet set) {
        Spec parsed = Spec.parse(spec);
        return provider(parsed).create(parsed.model(), java.util.Objects.requireNonNull(options, "options").check(), set);
    }

    /**
     * {@code --dry-run}: what judging these pairs would cost (calls, estimated tokens), as text, without calling
     * anything or needing a key.
     */
    public static String dryRun(String spec, JudgeOptions options, EntitySet set, List<ReportPair> pairs, int runs) {
        Spec parsed = Spec.parse(spec);
        return provider(parsed).dryRun(parsed.model(), java.util.Objects.requireNonNull(options, "options").check(), set,
                pairs, runs);
    }
}
