package org.speccxr.verdict;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The contract between judges and everything downstream: the normalised verdicts on one report pair in one run.
 * One JSON line per record in {@code evaluations.jsonl}. Scoring reads only these.
 *
 * @param judge      the judge spec that produced it (e.g. "rules", "openai:gpt-4o")
 * @param errorCount report-level error count (FP + FN + not-aligned location/severity + comparison errors)
 * @param warnings   normalisation warnings (e.g. an unknown entity id dropped); empty when none
 */
@JsonPropertyOrder({"id", "model", "run", "judge", "entities", "error_count", "warnings"})
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record VerdictRecord(@JsonProperty("id") String id,
                            @JsonProperty("model") String model,
                            @JsonProperty("run") int run,
                            @JsonProperty("judge") String judge,
                            @JsonProperty("entities") List<EntityVerdict> entities,
                            @JsonProperty("error_count") int errorCount,
                            @JsonProperty("warnings") List<String> warnings) {

    @JsonCreator
    public VerdictRecord {
        entities = entities == null ? List.of() : List.copyOf(entities);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    @JsonProperty("run")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public int run() {
        return run;
    }

    @JsonProperty("error_count")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public int errorCount() {
        return errorCount;
    }

    @JsonProperty("entities")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public List<EntityVerdict> entities() {
        return entities;
    }
}
