package org.speccxr.output.html;

import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.JudgeInfo;
import org.speccxr.judge.ReportPair;
import org.speccxr.run.Provenance;
import org.speccxr.score.Scorer;
import org.speccxr.score.Scores;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.VerdictNormalizer;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Synthetic verdict records with matching report texts, and hostile ones, for the report tests. */
final class Fixtures {
    static final EntitySet SET = EntitySetLoader.loadDefault();

    /** A report's title a successful injection would change. */
    static final String TITLE = "spec-cxr report";

    static final String SCRIPT_PAYLOAD = "<script>document.title='PWNED';alert(1)</script>";
    static final String IMG_PAYLOAD = "\"><img src=x onerror=\"document.title='PWNED2';alert(2)\">";
    static final String CLOSE_PAYLOAD = "</script><script>document.title='PWNED3'</script><!--";
    static final String SVG_PAYLOAD = "'><svg onload=alert(4)>";

    record Bundle(List<VerdictRecord> records, List<ReportPair> pairs, Scores scores) {
        HtmlOptions options() {
            return HtmlOptions.withPairs(pairs);
        }
    }

    static Provenance provenance() {
        return Provenance.of("test", SET, new JudgeInfo("rules", "rules", "", Map.of("uncertain", "positive"), "sha256:abc"),
                1, "pairs.csv", "sha256:def");
    }

    /**
     * {@code perModel} pairs for each model, each listing 4 to 9 entities with random verdicts, and report texts made
     * of one sentence per listed entity (the sentence is the verdict's evidence). Entities cycle through every
     * display group so that each group gets data.
     */
    static Bundle synthetic(int perModel, List<String> models, long seed) {
        Random rnd = new Random(seed);
        List<Entity> all = SET.entities();
        List<VerdictRecord> records = new ArrayList<>();
        List<ReportPair> pairs = new ArrayList<>();
        for (String model : models) {
            for (int i = 0; i < perModel; i++) {
                Set<Entity> chosen = new LinkedHashSet<>();
                String group = SET.groups().get(i % SET.groups().size()).id();
                List<Entity> inGroup = SET.inGroup(group);
                chosen.add(inGroup.get(rnd.nextInt(inGroup.size())));
                int k = 4 + rnd.nextInt(6);
                while (chosen.size() < k) {
                    chosen.add(all.get(rnd.nextInt(all.size())));
                }
                StringBuilder ref = new StringBuilder("FINDINGS: ");
                StringBuilder cand = new StringBuilder("FINDINGS: ");
                List<EntityVerdict> vs = new ArrayList<>();
                for (Entity e : chosen) {
                    double r = rnd.nextDouble();
                    Presence p = r < 0.45 ? Presence.TP : r < 0.6 ? Presence.FP : r < 0.8 ? Presence.FN : Presence.TN;
                    String phrase = e.name().toLowerCase();
                    String refS = null, candS = null;
                    switch (p) {
                        case TP -> {
                            refS = "Mild " + phrase + " on the right.";
                            candS = rnd.nextBoolean() ? refS : "Moderate " + phrase + " on the left.";
                        }
                        case FN -> refS = "There is " + phrase + ".";
                        case FP -> candS = "Possible " + phrase + ".";
                        case TN -> {
                            refS = "No " + phrase + ".";
                            candS = "No " + phrase + " is seen.";
                        }
                    }
                    if (refS != null) {
                        ref.append(refS).append(' ');
                    }
                    if (candS != null) {
                        cand.append(candS).append(' ');
                    }
                    Alignment loc = Alignment.NOT_AVAILABLE, sev = Alignment.NOT_AVAILABLE;
                    Comparison cmp = Comparison.OTHER;
                    if (p == Presence.TP) {
                        boolean same = refS.equals(candS);
                        loc = e.location() ? (same ? Alignment.ALIGNED : Alignment.NOT_ALIGNED) : Alignment.NOT_AVAILABLE;
                        sev = e.severity() ? (same || rnd.nextInt(3) == 0 ? Alignment.ALIGNED : Alignment.NOT_ALIGNED)
                                : Alignment.NOT_AVAILABLE;
                        double c = rnd.nextDouble();
                        cmp = c < 0.08 ? Comparison.ADDING_UNMENTIONED : c < 0.14 ? Comparison.MISSING_MENTIONED : Comparison.OTHER;
                    }
                    EntityVerdict v = new EntityVerdict(e.id(), p, loc, sev, cmp);
                    if (refS != null) {
                        v = v.withExtra(EntityVerdict.REFERENCE_EVIDENCE, refS);
                        v = v.withExtra("reference_status", p == Presence.TN ? "negative" : "positive");
                    }
                    if (candS != null) {
                        v = v.withExtra(EntityVerdict.CANDIDATE_EVIDENCE, candS);
                        v = v.withExtra("candidate_status", p == Presence.TN ? "negative" : "positive");
                    }
                    vs.add(v);
                }
                String id = "s" + String.format("%05d", i);
                records.add(VerdictNormalizer.toRecord(id, model, 1, "rules", vs, SET));
                pairs.add(new ReportPair(id, model, ref.toString().strip(), cand.toString().strip()));
            }
        }
        return new Bundle(records, pairs, Scorer.score(records, SET));
    }

    /** A small evaluation whose model name, pair id, report texts and evidence all carry script payloads. */
    static Bundle hostile() {
        Bundle base = synthetic(12, List.of("model-a"), 7);
        List<VerdictRecord> records = new ArrayList<>(base.records());
        List<ReportPair> pairs = new ArrayList<>(base.pairs());
        String evilModel = "evil<b>model</b>" + SVG_PAYLOAD;
        String evilId = "x" + IMG_PAYLOAD;
        String ref = "Small right pleural effusion. " + SCRIPT_PAYLOAD + " No pneumothorax. " + CLOSE_PAYLOAD;
        String cand = "Large left pleural effusion " + IMG_PAYLOAD + ". No pneumothorax.";
        List<EntityVerdict> vs = new ArrayList<>();
        vs.add(new EntityVerdict("pleural_effusion", Presence.TP, Alignment.NOT_ALIGNED, Alignment.NOT_ALIGNED, Comparison.OTHER)
                .withExtra(EntityVerdict.REFERENCE_EVIDENCE, "Small right pleural effusion.")
                .withExtra(EntityVerdict.CANDIDATE_EVIDENCE, "Large left pleural effusion " + IMG_PAYLOAD + ".")
                .withExtra("judge_note", SCRIPT_PAYLOAD + CLOSE_PAYLOAD));
        vs.add(new EntityVerdict("pneumothorax", Presence.FN, null, null, null)
                .withExtra(EntityVerdict.REFERENCE_EVIDENCE, SCRIPT_PAYLOAD + " No pneumothorax.")
                .withExtra(EntityVerdict.CANDIDATE_EVIDENCE, SVG_PAYLOAD));
        records.add(VerdictNormalizer.toRecord(evilId, evilModel, 1, "rules" + SCRIPT_PAYLOAD, vs, SET));
        pairs.add(new ReportPair(evilId, evilModel, ref, cand));
        return new Bundle(records, pairs, Scorer.score(records, SET));
    }
}
