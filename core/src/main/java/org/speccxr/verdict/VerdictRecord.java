package org.speccxr.verdict;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Objects;

/**
 * The contract between judges and everything downstream: the normalised verdicts on one report pair in one run.
 * One JSON line per record in {@code evaluations.jsonl}. Scoring reads only these.
 *
 * <p>Only {@link VerdictNormalizer} makes records (its {@code toRecord} factories), so a record's entities are
 * always normalised against the set it was made with, and scoring need not normalise again. A class rather than
 * a Java record because a record's canonical constructor must be as visible as the record.
 */
@JsonPropertyOrder({"id", "model", "run", "judge", "entities", "error_count", "warnings"})
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public final class VerdictRecord {
    private final String id;
    private final String model;
    private final int run;
    private final String judge;
    private final List<EntityVerdict> entities;
    private final int errorCount;
    private final List<String> warnings;

    /**
     * @param judge      the judge spec that produced it (e.g. "rules", "openai:gpt-4o")
     * @param errorCount report-level error count (FP + FN + not-aligned location/severity + comparison errors)
     * @param warnings   normalisation warnings (e.g. an unknown entity id dropped); empty when none
     */
    VerdictRecord(String id, String model, int run, String judge, List<EntityVerdict> entities, int errorCount,
                  List<String> warnings) {
        this.id = id;
        this.model = model;
        this.run = run;
        this.judge = judge;
        this.entities = entities == null ? List.of() : List.copyOf(entities);
        this.errorCount = errorCount;
        this.warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A line of {@code evaluations.jsonl} as written; the reader puts it through the normaliser. */
    @JsonCreator
    static VerdictRecord fromJson(@JsonProperty("id") String id,
                                  @JsonProperty("model") String model,
                                  @JsonProperty("run") int run,
                                  @JsonProperty("judge") String judge,
                                  @JsonProperty("entities") List<EntityVerdict> entities,
                                  @JsonProperty("error_count") int errorCount,
                                  @JsonProperty("warnings") List<String> warnings) {
        return new VerdictRecord(id, model, run, judge, entities, errorCount, warnings);
    }

    /** The same verdicts under another model name and run number (a reader's defaults for records without them). */
    public VerdictRecord withModelAndRun(String model, int run) {
        return new VerdictRecord(id, model, run, judge, entities, errorCount, warnings);
    }

    @JsonProperty("id")
    public String id() {
        return id;
    }

    @JsonProperty("model")
    public String model() {
        return model;
    }

    @JsonProperty("run")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public int run() {
        return run;
    }

    @JsonProperty("judge")
    public String judge() {
        return judge;
    }

    @JsonProperty("entities")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public List<EntityVerdict> entities() {
        return entities;
    }

    @JsonProperty("error_count")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public int errorCount() {
        return errorCount;
    }

    @JsonProperty("warnings")
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerdictRecord r && run == r.run && errorCount == r.errorCount && Objects.equals(id, r.id)
                && Objects.equals(model, r.model) && Objects.equals(judge, r.judge) && entities.equals(r.entities)
                && warnings.equals(r.warnings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, model, run, judge, entities, errorCount, warnings);
    }

    @Override
    public String toString() {
        return "VerdictRecord[id=" + id + ", model=" + model + ", run=" + run + ", judge=" + judge + ", entities="
                + entities + ", errorCount=" + errorCount + ", warnings=" + warnings + "]";
    }
}
