package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the judge changes in the JSON body LangChain4j writes, just before it is sent: fields LangChain4j has no
 * setting for (Ollama's top-level {@code shift} and {@code truncate}, Anthropic's {@code output_config.effort})
 * are merged in, and parameters a server refused with HTTP 400 are taken out (or renamed, for the two OpenAI
 * token-limit fields) for every later request of the judge.
 */
final class RequestEdits {
    /** Objects in which optional parameters live besides the top level (Ollama options, Anthropic output_config). */
    private static final List<String> NESTED = List.of("options", "output_config");

    private final ObjectNode additions;
    private final Set<String> dropped = ConcurrentHashMap.newKeySet();
    private final Map<String, String> renamed = new ConcurrentHashMap<>();

    RequestEdits(ObjectNode additions) {
        this.additions = additions == null ? Json.MAPPER.createObjectNode() : additions;
    }

    static RequestEdits none() {
        return new RequestEdits(null);
    }

    /** Leaves {@code name} (top level, or in options / output_config) out of every later request. */
    boolean drop(String name) {
        return dropped.add(name);
    }

    /** Sends the top-level field {@code from} as {@code to} in every later request. */
    boolean rename(String from, String to) {
        return renamed.putIfAbsent(from, to) == null;
    }

    Set<String> dropped() {
        Set<String> all = new LinkedHashSet<>(dropped);
        renamed.keySet().forEach(all::add);
        return all;
    }

    String apply(String body) {
        if (body == null || (additions.isEmpty() && dropped.isEmpty() && renamed.isEmpty())) {
            return body;
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return body; // not ours to judge; the server will say
        }
        if (!(root instanceof ObjectNode o)) {
            return body;
        }
        merge(o, additions);
        for (String name : dropped) {
            o.remove(name);
            for (String nest : NESTED) {
                if (o.get(nest) instanceof ObjectNode n) {
                    n.remove(name);
                }
            }
        }
        renamed.forEach((from, to) -> {
            JsonNode v = o.remove(from);
            if (v != null) {
                o.set(to, v);
            }
        });
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void merge(ObjectNode into, ObjectNode from) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue() instanceof ObjectNode sub && into.get(e.getKey()) instanceof ObjectNode existing) {
                merge(existing, sub);
            } else {
                into.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    /** The names of the parameters a body carries: its top-level fields and those of options / output_config. */
    static Set<String> parameters(String body) {
        Set<String> names = new LinkedHashSet<>();
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            if (root != null && root.isObject()) {
                root.fieldNames().forEachRemaining(names::add);
                for (String nest : NESTED) {
                    JsonNode n = root.get(nest);
                    if (n != null && n.isObject()) {
                        n.fieldNames().forEachRemaining(names::add);
                    }
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // no names: nothing will be dropped
        }
        return names;
    }
}
