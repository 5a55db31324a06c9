package org.speccxr.judge.rules;

import java.util.Set;

/**
 * One mention of an entity in one sentence, with the modifiers read around it.
 *
 * @param severity   severity level range on the 1..4 scale, or null when none stated
 * @param sizeMm     a measurement next to the mention, in millimetres, or null
 * @param comparison true when comparison language (new, increased, unchanged, ...) is attached
 * @param phrase     the words that matched
 * @param sentence   the sentence it is in (the evidence)
 * @param explains   for a descriptor ("opacity") the report attributes outright to a more specific finding
 *                   ("likely atelectasis"): that finding's id; else null
 */
public record Mention(String entity, Status status, Set<String> sides, Set<String> zones, Severity severity, Double sizeMm,
                      boolean comparison, String phrase, String sentence, String section, String explains) {

    /** The sides and zones are the mention's own, unmodifiable: extractions are remembered per sentence and shared. */
    public Mention {
        sides = sides == null ? Set.of() : java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(sides));
        zones = zones == null ? Set.of() : java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(zones));
    }

    public Mention(String entity, Status status, Set<String> sides, Set<String> zones, Severity severity, Double sizeMm,
                   boolean comparison, String phrase, String sentence, String section) {
        this(entity, status, sides, zones, severity, sizeMm, comparison, phrase, sentence, section, null);
    }

    Mention withStatus(Status s) {
        return new Mention(entity, s, sides, zones, severity, sizeMm, comparison, phrase, sentence, section, explains);
    }

    Mention withEntity(String id) {
        return new Mention(id, status, sides, zones, severity, sizeMm, comparison, phrase, sentence, section, explains);
    }

    /** The same mention, as a descriptor the report attributes to {@code finding} ("opacity, likely atelectasis"). */
    Mention explaining(String finding) {
        return new Mention(entity, status, sides, zones, severity, sizeMm, comparison, phrase, sentence, section, finding);
    }
}
