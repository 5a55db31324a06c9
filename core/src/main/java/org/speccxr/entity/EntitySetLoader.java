package org.speccxr.entity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.util.Hashing;
import org.speccxr.util.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates entity-set YAML files. Validation is by hand so that each problem gets a one-line message
 * naming the entity and field to fix, rather than a parser stack trace.
 */
public final class EntitySetLoader {
    public static final String DEFAULT_RESOURCE = "/org/speccxr/entities/spec-cxr-entities.yaml";
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]*");
    private static volatile EntitySet defaultSet;

    private EntitySetLoader() {
    }

    /** The bundled SPEC-CXR set (89 findings + 33 diagnoses, 15 groups). */
    public static EntitySet loadDefault() {
        EntitySet s = defaultSet;
        if (s == null) {
            synchronized (EntitySetLoader.class) {
                if (defaultSet == null) {
                    defaultSet = fromResource(DEFAULT_RESOURCE, "default");
                }
                s = defaultSet;
            }
        }
        return s;
    }

    public static EntitySet fromResource(String resource, String sourceName) {
        try (InputStream in = EntitySetLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new EntitySetException("bundled entity set missing: " + resource);
            }
            return parse(in.readAllBytes(), sourceName);
        } catch (IOException e) {
            throw new EntitySetException("cannot read bundled entity set " + resource + ": " + e.getMessage());
        }
    }

    public static EntitySet load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new EntitySetException("entity set file not found: " + file);
        } catch (IOException e) {
            throw new EntitySetException("cannot read entity set file " + file + ": " + e.getMessage());
        }
        return parse(bytes, file.getFileName().toString());
    }

    /** The bundled CheXpert-14 set (13 observations; No Finding is derived, not read). */
    public static final String CHEXPERT14_RESOURCE = "/org/speccxr/entities/chexpert14-entities.yaml";

    /**
     * An {@code --entities} value: a bundled set by name ({@code spec-cxr}, the default, or {@code chexpert14}) or
     * the path of an entity-set YAML file.
     */
    public static EntitySet resolve(String value) {
        if (value == null || value.isBlank()) {
            return loadDefault();
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "spec-cxr", "default" -> loadDefault();
            case "chexpert14", "chexpert-14" -> fromResource(CHEXPERT14_RESOURCE, "chexpert14");
            default -> load(Path.of(value.strip()));
        };
    }

    /** Load the default set when {@code file} is null. */
    public static EntitySet loadOrDefault(Path file) {
        return file == null ? loadDefault() : load(file);
    }

    static EntitySet parse(byte[] bytes, String source) {
        for (byte b : bytes) {
            if (b == 0) {
                throw new EntitySetException(source + ": binary, not a YAML text file");
            }
        }
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new EntitySetException(source + ": not UTF-8 text; save it as UTF-8");
        }
        JsonNode root;
        try {
            root = Json.YAML.readTree(bytes);
        } catch (IOException e) {
            String msg = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new EntitySetException(source + ": not valid YAML: " + firstLine(msg));
        }
        if (root == null || !root.isObject()) {
            throw new EntitySetException(source + ": expected a YAML mapping with 'groups' and 'entities'");
        }
        String version = text(root, "version", source, "the file");
        List<Group> groups = new ArrayList<>();
        Set<String> groupIds = new LinkedHashSet<>();
        JsonNode gs = root.get("groups");
        if (gs == null || !gs.isArray() || gs.isEmpty()) {
            throw new EntitySetException(source + ": missing 'groups' (a non-empty list of {id, name})");
        }
        for (int i = 0; i < gs.size(); i++) {
            JsonNode g = gs.get(i);
            String where = "group #" + (i + 1);
            String id = g.isTextual() ? g.asText() : text(g, "id", source, where);
            String name = g.isTextual() ? id : optText(g, "name", id);
            checkId(id, source, where);
            if (!groupIds.add(id)) {
                throw new EntitySetException(source + ": duplicate group id '" + id + "'");
            }
            groups.add(new Group(id, name));
        }
        JsonNode es = root.get("entities");
        if (es == null || !es.isArray() || es.isEmpty()) {
            throw new EntitySetException(source + ": missing 'entities' (a non-empty list)");
        }
        List<Entity> entities = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < es.size(); i++) {
            JsonNode e = es.get(i);
            String where = "entity #" + (i + 1);
            if (!e.isObject()) {
                throw new EntitySetException(source + ": " + where + " is not a mapping");
            }
            String id = text(e, "id", source, where);
            checkId(id, source, where);
            where = "entity '" + id + "'";
            if (!ids.add(id)) {
                throw new EntitySetException(source + ": duplicate entity id '" + id + "'");
            }
            String name = text(e, "name", source, where);
            String kindText = text(e, "kind", source, where).toLowerCase(Locale.ROOT);
            Entity.Kind kind = switch (kindText) {
                case "finding" -> Entity.Kind.FINDING;
                case "diagnosis", "differential_diagnosis" -> Entity.Kind.DIAGNOSIS;
                default -> throw new EntitySetException(source + ": " + where + ": kind must be 'finding' or 'diagnosis', not '" + kindText + "'");
            };
            String category = text(e, "category", source, where);
            String group = text(e, "group", source, where);
            if (!groupIds.contains(group)) {
                throw new EntitySetException(source + ": " + where + ": unknown group '" + group + "' (groups: " + String.join(", ", groupIds) + ")");
            }
            boolean location = bool(e, "location", source, where);
            boolean severity = bool(e, "severity", source, where);
            List<String> synonyms = strings(e, "synonyms", source, where);
            if (synonyms.isEmpty()) {
                synonyms = List.of(name.toLowerCase(Locale.ROOT));
            }
            List<String> exclude = strings(e, "exclude", source, where);
            double weight = 1.0;
            JsonNode w = e.get("weight");
            if (w != null && !w.isNull()) {
                if (!w.isNumber() || w.asDouble() < 0) {
                    throw new EntitySetException(source + ": " + where + ": weight must be a non-negative number");
                }
                weight = w.asDouble();
            }
            entities.add(new Entity(id, name, kind, category, group, location, severity, synonyms, exclude, weight));
        }
        return new EntitySet(version, groups, entities, canonicalHash(version, groups, entities), source);
    }

    /** Hash of the parsed content, so comments and formatting do not change it but any edit to an entity does. */
    private static String canonicalHash(String version, List<Group> groups, List<Entity> entities) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", version);
        ArrayNode g = root.putArray("groups");
        groups.forEach(x -> g.addObject().put("id", x.id()).put("name", x.name()));
        ArrayNode es = root.putArray("entities");
        for (Entity e : entities) {
            ObjectNode o = es.addObject();
            o.put("id", e.id()).put("name", e.name()).put("kind", e.kind().label()).put("category", e.category())
                    .put("group", e.group()).put("location", e.location()).put("severity", e.severity())
                    .put("weight", e.weight());
            ArrayNode s = o.putArray("synonyms");
            e.synonyms().forEach(s::add);
            ArrayNode x = o.putArray("exclude");
            e.exclude().forEach(x::add);
        }
        try {
            return Hashing.sha256(Json.MAPPER.writeValueAsBytes(root));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void checkId(String id, String source, String where) {
        if (!ID.matcher(id).matches()) {
            throw new EntitySetException(source + ": " + where + ": id '" + id + "' must be snake_case (a-z, 0-9, _)");
        }
    }

    private static String text(JsonNode n, String field, String source, String where) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || (v.isValueNode() && v.asText().isBlank())) {
            throw new EntitySetException(source + ": " + where + ": missing field '" + field + "'");
        }
        if (!v.isValueNode()) {
            throw new EntitySetException(source + ": " + where + ": field '" + field + "' must be text, not a list or mapping");
        }
        return v.asText().trim();
    }

    private static String optText(JsonNode n, String field, String dflt) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? dflt : v.asText().trim();
    }

    private static boolean bool(JsonNode n, String field, String source, String where) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new EntitySetException(source + ": " + where + ": missing field '" + field + "' (true or false)");
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        String t = v.asText().trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("yes")) {
            return true;
        }
        if (t.equals("false") || t.equals("no")) {
            return false;
        }
        throw new EntitySetException(source + ": " + where + ": field '" + field + "' must be true or false, not '" + v.asText() + "'");
    }

    private static List<String> strings(JsonNode n, String field, String source, String where) {
        JsonNode v = n.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new EntitySetException(source + ": " + where + ": field '" + field + "' must be a list of strings");
        }
        for (JsonNode s : v) {
            if (s.isNull() || !s.isValueNode() || s.asText().isBlank()) {
                throw new EntitySetException(source + ": " + where + ": field '" + field + "' has an empty or non-text item");
            }
            out.add(s.asText().trim());
        }
        return out;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
