package org.speccxr.run;

/**
 * Hears about a run as it goes, for a progress display or a training loop's own accounting. Called from the
 * judging threads: implementations must be thread-safe. The library itself never prints.
 */
public interface RunListener {
    RunListener NONE = new RunListener() {
    };

    /** Before the first pair: how many pair-runs there will be (-1 when not known in advance). */
    default void started(long total) {
    }

    /** One pair-run done: judged ({@code ok}) or failed; its tokens; whether it came from a response cache. */
    default void pairDone(boolean ok, long tokens, boolean cached) {
    }

    /** After the last pair. */
    default void finished() {
    }
}
