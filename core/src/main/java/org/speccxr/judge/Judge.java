package org.speccxr.judge;

/**
 * Lists the entities of a report pair and classifies each. Implementations: the embedded rules judge and the
 * LLM judges. A judge must be safe to call from several threads at once.
 */
public interface Judge extends AutoCloseable {

    /** The spec (e.g. "rules", "openai:gpt-4o") and everything needed to reproduce its answers. */
    JudgeInfo info();

    /**
     * Judges one pair.
     *
     * @param run run number (1..N); LLM judges use it to keep repeated runs apart in the cache
     */
    JudgeOutput judge(ReportPair pair, int run) throws JudgeException;

    /** A sensible number of pairs in flight for this judge when the user gives none. */
    default int defaultConcurrency() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    @Override
    default void close() {
    }
}
