package org.speccxr.label;

import org.speccxr.entity.Entity;
import org.speccxr.entity.LabelSet;
import org.speccxr.judge.rules.Finding;
import org.speccxr.judge.rules.Mention;
import org.speccxr.judge.rules.Phrases;
import org.speccxr.judge.rules.ReportExtractor;
import org.speccxr.judge.rules.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Single-report labelling in the CheXpert labeler's convention: 1 positive, 0 negative, -1 uncertain, null not
 * mentioned. A label over several entities takes the strongest status among them (positive, then uncertain, then
 * negative).
 */
public final class Labeler {
    private final ReportExtractor extractor;
    private final LabelSet labels;

    public Labeler(ReportExtractor extractor, LabelSet labels) {
        this.extractor = extractor;
        this.labels = labels;
    }

    public LabelSet labelSet() {
        return labels;
    }

    public List<Integer> label(String report) {
        Map<String, Finding> found = extractor.extract(report);
        List<Integer> out = new ArrayList<>(labels.labels().size());
        for (LabelSet.Label l : labels.labels()) {
            out.add(l.noFinding() ? noFinding(found, l) : combine(found, l));
        }
        return out;
    }

    private static Integer combine(Map<String, Finding> found, LabelSet.Label l) {
        Status best = null;
        for (String id : l.entities()) {
            Finding f = found.get(id);
            if (f == null) {
                continue;
            }
            for (Mention m : f.mentions()) {
                // an excluded wording names another heading when it affirms ("the cardiac silhouette is enlarged"), but
                // its negation still says the label is absent ("the cardiac silhouette does not look enlarged")
                if ((!l.phrases().isEmpty() && !Phrases.containsAny(m.phrase(), l.phrases()))
                        || (m.status() != Status.NEGATIVE && Phrases.containsAny(m.phrase(), l.excludedPhrases()))) {
                    continue;
                }
                if (best == null || m.status().ordinal() < best.ordinal()) {
                    best = m.status();
                }
            }
        }
        return best == null ? null : switch (best) {
            case POSITIVE -> 1;
            case UNCERTAIN -> -1;
            case NEGATIVE -> 0;
        };
    }

    /** CheXpert's rule: "No Finding" is 1 when nothing outside the ignored groups is positive or uncertain. */
    private Integer noFinding(Map<String, Finding> found, LabelSet.Label l) {
        for (Finding f : found.values()) {
            Entity e = extractor.entitySet().get(f.entity());
            if (l.ignoreGroups().contains(e.group()) || l.ignoreGroups().contains(e.id())) {
                continue;
            }
            if (f.status() != Status.NEGATIVE) {
                return null;
            }
        }
        return 1;
    }
}
