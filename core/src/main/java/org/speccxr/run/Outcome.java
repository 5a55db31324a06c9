package org.speccxr.run;

import org.speccxr.judge.TokenUsage;
import org.speccxr.verdict.VerdictRecord;

/** What judging one pair in one run gave: a normalised record, or a failure that says why. Never both. */
public sealed interface Outcome permits Outcome.Judged, Outcome.Failed {

    /** @param cached true when the answer came from a response cache rather than a new call */
    record Judged(VerdictRecord record, TokenUsage usage, boolean cached) implements Outcome {
    }

    record Failed(Failure failure) implements Outcome {
    }

    /** The record, or null for a failure. */
    default VerdictRecord recordOrNull() {
        return this instanceof Judged j ? j.record() : null;
    }
}
