package org.speccxr.judge.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.speccxr.util.Json;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Parses a judge's answer and checks it against the {@link ResponseSchema}: a JSON object whose {@code entities}
 * array holds objects with {@code entity}, {@code presence}, {@code location}, {@code severity} and
 * {@code comparison}, each with a value of its enum. An answer that fails is rejected with a short reason (the
 * judge asks again). Two things are deliberately left to the runner's normaliser instead: entity ids not in the
 * set (dropped with a warning) and entities listed twice (majority vote). Missing evidence quotes are tolerated.
 * A Markdown code fence around the JSON, which some local models add, and a leading {@code <think>} block are
 * removed first.
 */
public final class ResponseParser {

    /** The answer is not valid JSON or does not follow the schema. */
    public static final class InvalidResponseException extends Exception {
        public InvalidResponseException(String message) {
            super(message);
        }
    }

    public List<EntityVerdict> parse(String text) throws InvalidResponseException {
        if (text == null || text.isBlank()) {
            throw new InvalidResponseException("empty answer");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(stripFence(text.strip()));
        } catch (JsonProcessingException e) {
            throw new InvalidResponseException("not valid JSON (" + firstLine(e.getOriginalMessage()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidResponseException("not a JSON object");
        }
        JsonNode entities = root.get("entities");
        if (entities == null || !entities.isArray()) {
            throw new InvalidResponseException("no \"entities\" array");
        }
        List<EntityVerdict> out = new ArrayList<>(entities.size());
        for (int i = 0; i < entities.size(); i++) {
            out.add(item(entities.get(i), i));
        }
        return out;
    }

    private static EntityVerdict item(JsonNode n, int i) throws InvalidResponseException {
        String where = "entities[" + i + "]";
        if (!n.isObject()) {
            throw new InvalidResponseException(where + " is not an object");
        }
        String entity = text(n, "entity", where);
        if (entity.isBlank()) {
            throw new InvalidResponseException(where + ".entity is empty");
        }
        EntityVerdict v;
        try {
            v = new EntityVerdict(entity.strip(), Presence.parse(text(n, "presence", where)),
                    Alignment.parse(text(n, "location", where)), Alignment.parse(text(n, "severity", where)),
                    Comparison.parse(text(n, "comparison", where)));
        } catch (IllegalArgumentException e) {
            throw new InvalidResponseException(where + " (" + entity + "): " + e.getMessage());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (ResponseSchema.ITEM_FIELDS.contains(f.getKey()) && !isVerdictField(f.getKey())) {
                if (f.getValue().isTextual()) {
                    if (!f.getValue().asText().isEmpty()) {
                        v = v.withExtra(f.getKey(), f.getValue().asText());
                    }
                } else if (!f.getValue().isNull()) {
                    throw new InvalidResponseException(where + "." + f.getKey() + " is not a string");
                }
            }
        }
        return v;
    }

    private static boolean isVerdictField(String name) {
        return switch (name) {
            case "entity", "presence", "location", "severity", "comparison" -> true;
            default -> false;
        };
    }

    private static String text(JsonNode n, String field, String where) throws InvalidResponseException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidResponseException(where + " has no \"" + field + "\"");
        }
        if (!v.isTextual()) {
            throw new InvalidResponseException(where + "." + field + " is not a string");
        }
        return v.asText();
    }

    static String stripFence(String s) {
        if (s.startsWith("<think>") && s.contains("</think>")) {
            // reasoning models served without a reasoning parser (e.g. DeepSeek-R1 distills) think out loud first
            s = s.substring(s.indexOf("</think>") + "</think>".length()).strip();
        }
        if (s.startsWith("```")) {
            int nl = s.indexOf('\n');
            int end = s.lastIndexOf("```");
            if (nl > 0 && end > nl) {
                return s.substring(nl + 1, end).strip();
            }
        }
        return s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "parse error";
        }
        int i = s.indexOf('\n');
        String line = i < 0 ? s : s.substring(0, i);
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }
}
