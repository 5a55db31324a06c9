package org.speccxr.stats;

import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.Group;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictNormalizer;
import org.speccxr.verdict.VerdictRecord;

import java.util.List;

/** A three-entity set in two groups and shorthand for verdict records. */
final class TestData {
    private TestData() {
    }

    static final EntitySet SET = new EntitySet("test", List.of(new Group("g1", "Group 1"), new Group("g2", "Group 2")),
            List.of(entity("effusion", "g1", true, true, 3), entity("nodule", "g1", true, true, 1),
                    entity("cardiomegaly", "g2", false, true, 2)),
            "sha256:test", "test");

    static Entity entity(String id, String group, boolean location, boolean severity, double weight) {
        return new Entity(id, id, Entity.Kind.FINDING, group, group, location, severity, List.of(id), List.of(), weight);
    }

    static VerdictRecord rec(String id, String model, int run, EntityVerdict... vs) {
        return VerdictNormalizer.toRecord(id, model, run, "test", List.of(vs), SET);
    }

    static VerdictRecord rec(String id, String model, EntityVerdict... vs) {
        return rec(id, model, 1, vs);
    }

    static EntityVerdict v(String entity, Presence p) {
        return EntityVerdict.of(entity, p);
    }

    static EntityVerdict tp(String entity, Alignment loc, Alignment sev, Comparison cmp) {
        return new EntityVerdict(entity, Presence.TP, loc, sev, cmp);
    }
}
