package org.speccxr.judge;

import org.speccxr.verdict.EntityVerdict;

import java.util.List;

/**
 * What a judge said about one pair, before normalisation.
 *
 * @param entities raw entity verdicts (may hold duplicates or unknown ids; the runner normalises)
 * @param usage    tokens used, or {@link TokenUsage#NONE} for judges that use none
 * @param cached   true when the answer came from the response cache rather than a new call
 */
public record JudgeOutput(List<EntityVerdict> entities, TokenUsage usage, boolean cached) {
    public JudgeOutput(List<EntityVerdict> entities) {
        this(entities, TokenUsage.NONE, false);
    }
}
