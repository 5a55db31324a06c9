package org.speccxr.entity;

import com.fasterxml.jackson.databind.JsonNode;
import org.speccxr.util.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A set of single-report labels defined over entities: the CheXpert 14, the ChestX-ray14 14, or one label per
 * entity of the set ("spec-cxr"). Used by the {@code label} command.
 */
public record LabelSet(String name, List<Label> labels) {

    /**
     * @param entities    entities whose statuses combine into this label
     * @param noFinding   true for CheXpert's "No Finding", derived from all other entities
     * @param ignoreGroups groups, and entities, that do not count against "No Finding"
     * @param phrases   when not empty, only mentions whose words include one of these count (e.g. ChestX-ray14's
     *                  "Infiltration" is the word infiltrate, a narrower notion than the lung_opacity entity)
     * @param excludedPhrases mentions whose words include one of these do not count (e.g. ChestX-ray14's
     *                  "Cardiomegaly": an enlarged cardiac silhouette is a heading of its own in the MeSH coding)
     */
    public record Label(String label, List<String> entities, boolean noFinding, List<String> ignoreGroups,
                        List<String> phrases, List<String> excludedPhrases) {
    }

    public static final List<String> NAMES = List.of("spec-cxr", "chexpert", "chestxray14");

    public static LabelSet named(String name, EntitySet set) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "spec-cxr" -> perEntity(set);
            case "chexpert", "chestxray14" -> fromResource("/org/speccxr/labelsets/" + name.toLowerCase(Locale.ROOT) + ".yaml", set);
            default -> throw new EntitySetException("unknown label set '" + name + "' (choose spec-cxr, chexpert or chestxray14)");
        };
    }

    public static LabelSet perEntity(EntitySet set) {
        List<Label> labels = new ArrayList<>();
        for (Entity e : set.entities()) {
            labels.add(new Label(e.id(), List.of(e.id()), false, List.of(), List.of(), List.of()));
        }
        return new LabelSet("spec-cxr", labels);
    }

    /** Loads a mapping; entity ids absent from {@code set} are an error, so a custom set cannot silently lose labels. */
    static LabelSet fromResource(String resource, EntitySet set) {
        try (InputStream in = LabelSet.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new EntitySetException("bundled label set missing: " + resource);
            }
            JsonNode root = Json.YAML.readTree(in);
            List<Label> labels = new ArrayList<>();
            for (JsonNode l : root.get("labels")) {
                String label = l.get("label").asText();
                boolean noFinding = "no_finding".equals(l.path("rule").asText());
                List<String> ids = new ArrayList<>();
                for (JsonNode id : l.path("entities")) {
                    if (!set.contains(id.asText())) {
                        throw new EntitySetException("label set " + root.path("name").asText() + ": label '" + label
                                + "' maps to entity '" + id.asText() + "', which is not in entity set " + set.source());
                    }
                    ids.add(id.asText());
                }
                List<String> ignore = new ArrayList<>();
                l.path("ignore_groups").forEach(g -> ignore.add(g.asText()));
                l.path("ignore_entities").forEach(g -> ignore.add(g.asText())); // group and entity ids do not clash
                List<String> phrases = new ArrayList<>();
                l.path("phrases").forEach(p -> phrases.add(p.asText()));
                List<String> excluded = new ArrayList<>();
                JsonNode ex = l.path("excluded_phrases");
                if (!ex.isMissingNode() && !ex.isArray()) {
                    throw new EntitySetException("bundled label set " + resource + ": label '" + label
                            + "': excluded_phrases must be a list of phrases, got '" + ex.asText() + "'");
                }
                ex.forEach(p -> excluded.add(p.asText()));
                labels.add(new Label(label, ids, noFinding, ignore, phrases, excluded));
            }
            return new LabelSet(root.path("name").asText(), labels);
        } catch (IOException e) {
            throw new EntitySetException("cannot read bundled label set " + resource + ": " + e.getMessage());
        }
    }
}
