package org.speccxr.entity;

import java.util.List;

/**
 * One clinical entity of the set: a radiological finding or a differential diagnosis.
 *
 * @param location whether a location (side, lobe, zone, device tip) is judged for this entity
 * @param severity whether a severity (grade or size) is judged for this entity
 * @param synonyms phrasings that mention the entity (the rules judge matches them; LLM prompts list them)
 * @param exclude  phrases that contain a synonym but mean something else (e.g. "pericardial effusion" for effusion)
 * @param weight   clinical weight of an error on this entity (1 = ordinary), for the weighted error score
 */
public record Entity(String id, String name, Kind kind, String category, String group,
                     boolean location, boolean severity, List<String> synonyms, List<String> exclude,
                     double weight) {

    public enum Kind {
        FINDING, DIAGNOSIS;

        public String label() {
            return name().toLowerCase();
        }
    }

    public Entity {
        synonyms = List.copyOf(synonyms);
        exclude = List.copyOf(exclude);
    }
}
