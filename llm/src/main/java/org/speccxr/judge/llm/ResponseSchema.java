package org.speccxr.judge.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.entity.EntitySet;
import org.speccxr.util.Json;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;

import java.util.Arrays;
import java.util.List;

/**
 * The JSON Schema the judge must answer in:
 * {@code {"entities": [{"entity", "reference_evidence", "candidate_evidence", "presence", "location", "severity",
 * "comparison"}]}}, where {@code entity} is an enum of the set's ids and the verdict fields enums of their values.
 * Every property is required and no others are allowed, as OpenAI's strict mode demands. The evidence quotes come
 * before the verdicts so that a model writing the fields in order quotes before it judges.
 */
public final class ResponseSchema {
    /** Bump when the schema's shape changes; part of every cache key. */
    public static final String VERSION = "1";
    /** The schema's name (OpenAI {@code json_schema.name}). */
    public static final String NAME = "spec_cxr_entities";

    static final List<String> ITEM_FIELDS = List.of("entity", EntityVerdict.REFERENCE_EVIDENCE,
            EntityVerdict.CANDIDATE_EVIDENCE, "presence", "location", "severity", "comparison");

    private final ObjectNode schema;
    private final String json;

    public ResponseSchema(EntitySet set) {
        ObjectNode item = Json.MAPPER.createObjectNode();
        item.put("type", "object");
        ObjectNode props = item.putObject("properties");
        enumProperty(props, "entity", set.ids());
        props.putObject(EntityVerdict.REFERENCE_EVIDENCE).put("type", "string");
        props.putObject(EntityVerdict.CANDIDATE_EVIDENCE).put("type", "string");
        enumProperty(props, "presence", Arrays.stream(Presence.values()).map(Presence::wire).toList());
        List<String> alignment = Arrays.stream(Alignment.values()).map(Alignment::wire).toList();
        enumProperty(props, "location", alignment);
        enumProperty(props, "severity", alignment);
        enumProperty(props, "comparison", Arrays.stream(Comparison.values()).map(Comparison::wire).toList());
        ArrayNode required = item.putArray("required");
        ITEM_FIELDS.forEach(required::add);
        item.put("additionalProperties", false);

        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("type", "object");
        ObjectNode entities = root.putObject("properties").putObject("entities");
        entities.put("type", "array");
        entities.set("items", item);
        root.putArray("required").add("entities");
        root.put("additionalProperties", false);
        this.schema = root;
        try {
            this.json = Json.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void enumProperty(ObjectNode props, String name, List<String> values) {
        ObjectNode p = props.putObject(name);
        p.put("type", "string");
        ArrayNode e = p.putArray("enum");
        values.forEach(e::add);
    }

    /** The schema as compact JSON. */
    public String json() {
        return json;
    }

    /** A copy of the schema tree. */
    public ObjectNode tree() {
        return schema.deepCopy();
    }
}
