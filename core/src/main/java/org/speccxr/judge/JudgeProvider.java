package org.speccxr.judge;

import org.speccxr.entity.EntitySet;

import java.util.List;

/**
 * Makes the judges of one provider ({@code rules}, {@code openai}...). Providers are found with
 * {@link java.util.ServiceLoader}: a jar that lists an implementation in
 * {@code META-INF/services/org.speccxr.judge.JudgeProvider} adds a judge, as LangChain4j's provider modules do.
 */
public interface JudgeProvider {

    /** The spec prefix, lower case: "rules", "openai". */
    String name();

    /** True when specs need a model after the colon ({@code openai:gpt-4o}); false when they take none. */
    boolean needsModel();

    /** Whether judges of this provider call a model over the network (the options that only apply to those). */
    default boolean remote() {
        return needsModel();
    }

    /** A judge for {@code model} ("" when {@link #needsModel()} is false); bad options are an InputException. */
    Judge create(String model, JudgeOptions options, EntitySet set);

    /** {@code --dry-run}: what judging these pairs would cost, as text, without calling anything or needing a key. */
    default String dryRun(String model, JudgeOptions options, EntitySet set, List<ReportPair> pairs, int runs) {
        create(model, options, set).close();
        return "dry run for " + name() + ": " + pairs.size() + " pair(s) x " + runs + " run(s); it runs offline"
                + " and makes no calls\n";
    }
}
