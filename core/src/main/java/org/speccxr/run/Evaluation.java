package org.speccxr.run;

import org.speccxr.judge.JudgeInfo;
import org.speccxr.judge.TokenUsage;
import org.speccxr.verdict.VerdictRecord;

import java.util.List;

/**
 * The result of running a judge over pairs: records in input order (then run order), failures, usage.
 *
 * @param calls      pairs actually sent to the judge (not answered from a cache)
 * @param cacheHits  pairs answered from the cache
 */
public record Evaluation(JudgeInfo judge, List<VerdictRecord> records, List<Failure> failures, TokenUsage usage,
                         long calls, long cacheHits, long elapsedMillis) {
}
