package org.speccxr.verdict;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The verdict on one entity of one report pair. Optional fields a judge adds (evidence quotes, say) are kept in
 * {@link #extra()} and written back unchanged; readers never need them. Immutable: records share verdicts, so
 * {@link #withExtra} and {@link #withAttributes} return copies.
 */
@JsonPropertyOrder({"entity", "presence", "location", "severity", "comparison"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class EntityVerdict {
    /** Optional evidence field names the rules judge writes and the HTML report highlights. */
    public static final String REFERENCE_EVIDENCE = "reference_evidence";
    public static final String CANDIDATE_EVIDENCE = "candidate_evidence";
    /** Optional fields: how each report states the entity (positive, negative, uncertain), shown beside the evidence. */
    public static final String REFERENCE_STATUS = "reference_status";
    public static final String CANDIDATE_STATUS = "candidate_status";

    private final String entity;
    private final Presence presence;
    private final Alignment location;
    private final Alignment severity;
    private final Comparison comparison;
    private final Map<String, Object> extra = new TreeMap<>();
    private final Map<String, Object> extraView = Collections.unmodifiableMap(extra);

    @JsonCreator
    public EntityVerdict(@JsonProperty(value = "entity", required = true) String entity,
                         @JsonProperty(value = "presence", required = true) Presence presence,
                         @JsonProperty("location") Alignment location,
                         @JsonProperty("severity") Alignment severity,
                         @JsonProperty("comparison") Comparison comparison) {
        this.entity = Objects.requireNonNull(entity, "entity");
        this.presence = Objects.requireNonNull(presence, "presence");
        this.location = location == null ? Alignment.NOT_AVAILABLE : location;
        this.severity = severity == null ? Alignment.NOT_AVAILABLE : severity;
        this.comparison = comparison == null ? Comparison.OTHER : comparison;
    }

    public static EntityVerdict of(String entity, Presence p) {
        return new EntityVerdict(entity, p, Alignment.NOT_AVAILABLE, Alignment.NOT_AVAILABLE, Comparison.OTHER);
    }

    @JsonProperty("entity")
    public String entity() {
        return entity;
    }

    @JsonProperty("presence")
    public Presence presence() {
        return presence;
    }

    @JsonProperty("location")
    public Alignment location() {
        return location;
    }

    @JsonProperty("severity")
    public Alignment severity() {
        return severity;
    }

    @JsonProperty("comparison")
    public Comparison comparison() {
        return comparison;
    }

    /** The optional fields, sorted by name; unmodifiable. */
    @JsonAnyGetter
    public Map<String, Object> extra() {
        return extraView;
    }

    /** Unknown JSON fields while Jackson builds the verdict; nothing else can reach it. */
    @JsonAnySetter
    private void readExtra(String key, Object value) {
        if (value != null) {
            extra.put(key, value);
        }
    }

    /** A copy with one more optional field (null: this verdict unchanged). */
    public EntityVerdict withExtra(String key, Object value) {
        return value == null ? this : withExtras(Map.of(key, value));
    }

    /** A copy with these optional fields added (null values are skipped). */
    public EntityVerdict withExtras(Map<String, ?> fields) {
        EntityVerdict v = withAttributes(location, severity, comparison);
        fields.forEach(v::readExtra);
        return v;
    }

    /** A copy with new attributes and the same extra fields. */
    public EntityVerdict withAttributes(Alignment loc, Alignment sev, Comparison cmp) {
        EntityVerdict v = new EntityVerdict(entity, presence, loc, sev, cmp);
        v.extra.putAll(extra);
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntityVerdict v && entity.equals(v.entity) && presence == v.presence && location == v.location
                && severity == v.severity && comparison == v.comparison && extra.equals(v.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entity, presence, location, severity, comparison, extra);
    }

    @Override
    public String toString() {
        return entity + ":" + presence + "/" + location.wire() + "/" + severity.wire() + "/" + comparison.wire();
    }
}
