package org.speccxr.score;

import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.Group;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictNormalizer;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores built up one verdict record at a time, for a training loop or a stream too long to hold: {@link #add}
 * records as they come (from any thread), take a {@link #snapshot} whenever you like. A snapshot equals
 * {@link Scorer#score} on the records added so far, in the order they were added (under concurrent adds: the
 * order in which they got the lock).
 *
 * <p>No record is kept. Per model it holds the pooled and per-run tally rows, and, for the bootstrap, each
 * record's verdicts as a few ints ({@link ReferenceTallies}); per reference id the id itself. About 105 bytes per
 * reference id with three verdicts each (measured on a million: {@code org.speccxr.stats.bench.AccumulatorMemory}).
 * The per-report scores are kept only when asked for (they cost a {@link ReportScore} per record); without them,
 * {@link ReportScore#of} scores a record on its own.
 */
public final class ScoreAccumulator {
    private final EntitySet set;
    private final boolean keepReports;
    private final int entities;
    private final double[] weight;
    private final IdIndex clusters = new IdIndex();
    private final Map<String, ModelTallies> models = new LinkedHashMap<>();

    /** Scores without the per-report list. */
    public ScoreAccumulator(EntitySet set) {
        this(set, false);
    }

    /** @param keepReports also keep every record's {@link ReportScore}, for {@link Scores#reports()} */
    public ScoreAccumulator(EntitySet set, boolean keepReports) {
        this.set = set;
        this.keepReports = keepReports;
        entities = set.entities().size();
        weight = new double[entities];
        for (int i = 0; i < entities; i++) {
            weight[i] = set.entities().get(i).weight();
        }
    }

    public EntitySet entitySet() {
        return set;
    }

    /**
     * Counts one record. Records are normalised by whoever made them (the runner, the reader); one normalised
     * against another entity set (an entity this one lacks, say) is normalised against this one first.
     */
    public synchronized void add(VerdictRecord r) {
        r = VerdictNormalizer.normalized(r, set);
        List<EntityVerdict> vs = r.entities();
        ModelTallies m = models.computeIfAbsent(r.model(), ModelTallies::new);
        int cluster = clusters.indexOf(r.id());
        long[] run = m.perRun.computeIfAbsent(r.run(), k -> new long[entities * Tally.K]);
        int errors = 0;
        double weighted = 0;
        m.startRow(cluster, vs.size());
        for (EntityVerdict v : vs) {
            int e = set.ordinal(v.entity());
            int code = Tally.code(v);
            Tally.add(m.pooled, e * Tally.K, code);
            Tally.add(run, e * Tally.K, code);
            int err = Tally.errors(code);
            errors += err;
            weighted += err * weight[e];
            if (v.presence() != Presence.TN) {
                m.addCode(e << ReferenceTallies.CODE_BITS | code);
            }
        }
        m.endRow();
        m.records++;
        m.errorSum += errors;
        m.weightedSum += weighted;
        m.warnings += r.warnings().size();
        if (!m.ids.get(cluster)) {
            m.ids.set(cluster);
            m.pairs++;
        }
        if (keepReports) {
            m.reports.add(ReportScore.of(r.id(), r.model(), r.run(), vs, set));
        }
    }

    /** Records added so far. */
    public synchronized int records() {
        int n = 0;
        for (ModelTallies m : models.values()) {
            n += m.records;
        }
        return n;
    }

    /** The scores of the records added so far: models in order of first sight; reports only when kept. */
    public synchronized Scores snapshot() {
        List<ModelScores> out = new ArrayList<>(models.size());
        List<ReportScore> reports = new ArrayList<>();
        for (ModelTallies m : models.values()) {
            out.add(m.scores());
            reports.addAll(m.reports);
        }
        return new Scores(out, reports);
    }

    /**
     * What the bootstrap resamples, frozen at this moment (a copy of the verdict codes grouped by reference, about
     * 4 bytes per verdict); adding more records does not change it.
     */
    public synchronized ReferenceTallies tallies() {
        int n = models.size();
        int[][] clusterOfRow = new int[n][], rowEnd = new int[n][], codes = new int[n][];
        int[] rows = new int[n];
        int i = 0;
        for (ModelTallies m : models.values()) {
            clusterOfRow[i] = m.clusterOfRow;
            rowEnd[i] = m.rowEnd;
            codes[i] = m.codes;
            rows[i++] = m.records;
        }
        return new ReferenceTallies(new ArrayList<>(models.keySet()), clusters.size(), entities, weight, clusterOfRow,
                rows, rowEnd, codes);
    }

    /** Everything counted for one model. */
    private final class ModelTallies {
        final String model;
        final long[] pooled = new long[entities * Tally.K];
        final TreeMap<Integer, long[]> perRun = new TreeMap<>();
        final BitSet ids = new BitSet();
        /** Kept only when asked for; grouped by model, as the scorer has always listed them. */
        final List<ReportScore> reports = new ArrayList<>();
        int pairs, records, warnings;
        double errorSum, weightedSum;
        // one row per record: its cluster and where its codes end
        int[] clusterOfRow = new int[16];
        int[] rowEnd = new int[16];
        int[] codes = new int[64];
        int ncodes;

        ModelTallies(String model) {
            this.model = model;
        }

        void startRow(int cluster, int verdicts) {
            if (records == clusterOfRow.length) {
                clusterOfRow = Arrays.copyOf(clusterOfRow, records * 2);
                rowEnd = Arrays.copyOf(rowEnd, records * 2);
            }
            if (ncodes + verdicts > codes.length) {
                codes = Arrays.copyOf(codes, Math.max(codes.length * 2, ncodes + verdicts));
            }
            clusterOfRow[records] = cluster;
        }

        void addCode(int code) {
            codes[ncodes++] = code;
        }

        void endRow() {
            rowEnd[records] = ncodes;
        }

        ModelScores scores() {
            List<EntityScore> entityScores = new ArrayList<>(entities);
            long[] total = new long[Tally.K];
            for (int e = 0; e < entities; e++) {
                Counts c = Counts.of(pooled, e * Tally.K);
                entityScores.add(new EntityScore(model, set.entities().get(e), c));
                for (int k = 0; k < Tally.K; k++) {
                    total[k] += pooled[e * Tally.K + k];
                }
            }
            List<GroupScore> groupScores = new ArrayList<>();
            for (Group g : set.groups()) {
                long[] sum = new long[Tally.K];
                List<Entity> members = set.inGroup(g.id());
                for (Entity en : members) {
                    int base = set.ordinal(en.id()) * Tally.K;
                    for (int k = 0; k < Tally.K; k++) {
                        sum[k] += pooled[base + k];
                    }
                }
                groupScores.add(new GroupScore(model, g, members.size(), Counts.of(sum, 0)));
            }
            List<Macro> byRun = new ArrayList<>(perRun.size());
            perRun.values().forEach(row -> byRun.add(Scorer.macro(countsOf(row))));
            return new ModelScores(model, pairs, new ArrayList<>(perRun.keySet()), entityScores, groupScores,
                    Counts.of(total, 0), Scorer.macro(entityScores.stream().map(EntityScore::counts).toList()), byRun,
                    records == 0 ? 0 : errorSum / records, records == 0 ? 0 : weightedSum / records, warnings);
        }

        private List<Counts> countsOf(long[] row) {
            List<Counts> out = new ArrayList<>(entities);
            for (int e = 0; e < entities; e++) {
                out.add(Counts.of(row, e * Tally.K));
            }
            return out;
        }
    }
}
