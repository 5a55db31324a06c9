package org.speccxr.run;

/** A pair (in one run) the judge could not answer; written to failures.jsonl and never scored. */
public record Failure(String id, String model, int run, String reason) {
}
