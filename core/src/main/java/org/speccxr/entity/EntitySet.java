package org.speccxr.entity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, validated set of entities grouped for display. Entity order is the file's order and is the
 * order used in every output, so outputs are stable.
 */
public final class EntitySet {
    private final String version;
    private final List<Group> groups;
    private final List<Entity> entities;
    private final String hash;
    private final String source;
    private final Map<String, Entity> byId = new HashMap<>();
    private final Map<String, Integer> ordinal = new HashMap<>();

    /**
     * @param hash   content hash ("sha256:...") of the set's canonical form, recorded in every result's provenance
     * @param source where it came from ("default" or a file name)
     */
    public EntitySet(String version, List<Group> groups, List<Entity> entities, String hash, String source) {
        this.version = version;
        this.groups = List.copyOf(groups);
        this.entities = List.copyOf(entities);
        this.hash = hash;
        this.source = source;
        for (int i = 0; i < this.entities.size(); i++) {
            byId.put(this.entities.get(i).id(), this.entities.get(i));
            ordinal.put(this.entities.get(i).id(), i);
        }
    }

    public String version() { return version; }
    public List<Group> groups() { return groups; }
    public List<Entity> entities() { return entities; }
    public String hash() { return hash; }
    public String source() { return source; }

    public Optional<Entity> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Entity get(String id) {
        Entity e = byId.get(id);
        if (e == null) {
            throw new IllegalArgumentException("unknown entity id: " + id);
        }
        return e;
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** Position of an entity in the set (for stable ordering); unknown ids sort last. */
    public int ordinal(String id) {
        Integer i = ordinal.get(id);
        return i == null ? Integer.MAX_VALUE : i;
    }

    public List<Entity> inGroup(String groupId) {
        List<Entity> out = new ArrayList<>();
        for (Entity e : entities) {
            if (e.group().equals(groupId)) {
                out.add(e);
            }
        }
        return out;
    }

    public Optional<Group> group(String groupId) {
        return groups.stream().filter(g -> g.id().equals(groupId)).findFirst();
    }

    public List<String> ids() {
        return entities.stream().map(Entity::id).toList();
    }

    public long count(Entity.Kind kind) {
        return entities.stream().filter(e -> e.kind() == kind).count();
    }
}
