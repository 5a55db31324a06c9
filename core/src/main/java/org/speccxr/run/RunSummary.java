package org.speccxr.run;

import org.speccxr.judge.JudgeInfo;
import org.speccxr.judge.TokenUsage;

/**
 * How one call of {@link Evaluator#evaluate} went. Records and failures went to the caller's consumers as they
 * came; this holds the counts.
 *
 * @param status    COMPLETED, or CANCELLED when the calling thread was interrupted (the records handed over until
 *                  then are complete and in order; no later one was)
 * @param records   records handed to the consumer
 * @param failures  pair-runs that failed (handed to the failure consumer, never scored)
 * @param calls     pair-runs actually sent to the judge (not answered from a cache)
 * @param cacheHits pair-runs answered from the cache
 */
public record RunSummary(JudgeInfo judge, Status status, long records, long failures, TokenUsage usage, long calls,
                         long cacheHits, long elapsedMillis) {
    public enum Status { COMPLETED, CANCELLED }

    public boolean cancelled() {
        return status == Status.CANCELLED;
    }
}
