package org.speccxr.output.html;

import org.speccxr.judge.ReportPair;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * What the HTML report needs of the records, gathered as they stream past in bounded memory: the pairs its browser
 * shows (all of them up to {@code limit}; past that, the worst half by error count and a sample of the rest drawn
 * per model in proportion to its pairs) and, per model, the count of reports at each error count (the report-level
 * view's distribution, exact for every pair). The page then stays small whatever the input; the left-out pairs
 * are all in {@code evaluations.jsonl}. The sample is seeded, so the same records give the same page. Not
 * thread-safe: feed it from one thread (the evaluator hands records over on the calling thread).
 */
public final class PairSample {
    public static final int DEFAULT_LIMIT = 2000;
    private static final long SEED = 42;

    private final int limit;
    private final int worstLimit;
    private final PriorityQueue<Entry> worst;
    private final Map<String, Reservoir> byModel = new LinkedHashMap<>();
    private final Map<String, long[]> histograms = new LinkedHashMap<>();
    private final Random random = new Random(SEED);
    private long total;
    private long withText;

    /** One pair as the browser shows it; {@code pair} holds the report texts, or is null when not at hand. */
    public record Entry(VerdictRecord record, ReportPair pair, long seq) {
    }

    public PairSample(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0");
        }
        this.limit = limit;
        this.worstLimit = limit / 2;
        // the head is the least bad of the worst kept: fewest errors, and of those the latest to arrive
        this.worst = new PriorityQueue<>(Comparator.comparingInt((Entry e) -> e.record().errorCount())
                .thenComparing(Comparator.comparingLong(Entry::seq).reversed()));
    }

    public PairSample() {
        this(DEFAULT_LIMIT);
    }

    /** All of {@code records}, with the texts of {@code pairs} where one matches by model and id. */
    public static PairSample of(List<VerdictRecord> records, Map<HtmlOptions.PairKey, ReportPair> pairs, int limit) {
        PairSample s = new PairSample(limit);
        for (VerdictRecord r : records) {
            s.add(r, pairs.get(new HtmlOptions.PairKey(r.model(), r.id())));
        }
        return s;
    }

    public void add(VerdictRecord r, ReportPair texts) {
        long seq = total++;
        if (texts != null) {
            withText++;
        }
        long[] h = histograms.computeIfAbsent(r.model(), m -> new long[16]);
        int errors = r.errorCount();
        if (errors >= h.length) {
            h = Arrays.copyOf(h, Math.max(errors + 1, h.length * 2));
            histograms.put(r.model(), h);
        }
        h[errors]++;
        Entry e = new Entry(r, texts, seq);
        // until the limit is reached every pair stays in its model's reservoir, so a small input is shown whole
        if (worstLimit > 0) {
            worst.add(e);
            if (worst.size() > worstLimit) {
                worst.poll();
            }
        }
        byModel.computeIfAbsent(r.model(), m -> new Reservoir(limit)).offer(e, random);
    }

    /** Records seen. */
    public long total() {
        return total;
    }

    /** Records seen with their report texts. */
    public long withText() {
        return withText;
    }

    /** Reports at each error count, per model in first-seen order: {@code hist[k]} reports had k errors. */
    public Map<String, long[]> errorHistograms() {
        Map<String, long[]> out = new LinkedHashMap<>();
        histograms.forEach((m, h) -> out.put(m, h.clone()));
        return out;
    }

    /** The pairs to show, at most {@code limit}, in the order they arrived. */
    public List<Entry> selected() {
        if (total <= limit) {
            List<Entry> all = new ArrayList<>();
            byModel.values().forEach(r -> all.addAll(r.kept()));
            all.sort(Comparator.comparingLong(Entry::seq));
            return all;
        }
        Set<Long> chosen = new LinkedHashSet<>();
        List<Entry> out = new ArrayList<>(worst);
        out.forEach(e -> chosen.add(e.seq()));
        int room = limit - out.size();
        // the rest of the room goes to the models in proportion to their pairs (at least one each while room lasts)
        long modelsTotal = byModel.values().stream().mapToLong(r -> r.seen).sum();
        List<Entry> extra = new ArrayList<>();
        for (Reservoir r : byModel.values()) {
            int share = (int) Math.max(1, Math.round((double) room * r.seen / modelsTotal));
            for (Entry e : r.kept()) {
                if (share == 0) {
                    break;
                }
                if (!chosen.contains(e.seq())) {
                    extra.add(e);
                    chosen.add(e.seq());
                    share--;
                }
            }
        }
        extra.sort(Comparator.comparingLong(Entry::seq));
        out.addAll(extra.subList(0, Math.min(extra.size(), Math.max(0, room))));
        out.sort(Comparator.comparingLong(Entry::seq));
        return out;
    }

    /** Pairs left out of the page. */
    public long leftOut() {
        return total - selected().size();
    }

    /** Algorithm R: a uniform sample of up to {@code capacity} of the entries offered, in a random order. */
    private static final class Reservoir {
        final Entry[] slots;
        int size;
        long seen;

        Reservoir(int capacity) {
            slots = new Entry[Math.max(0, capacity)];
        }

        void offer(Entry e, Random random) {
            seen++;
            if (size < slots.length) {
                slots[size++] = e;
            } else if (slots.length > 0) {
                long j = (long) (random.nextDouble() * seen);
                if (j < slots.length) {
                    slots[(int) j] = e;
                }
            }
        }

        List<Entry> kept() {
            List<Entry> l = new ArrayList<>(Arrays.asList(slots).subList(0, size));
            // a shuffled view, so a model's share is a random subset of its reservoir, not its first arrivals
            l.sort(Comparator.comparingLong(x -> Long.rotateLeft(x.seq() * 0x9E3779B97F4A7C15L, 17)));
            return l;
        }
    }
}
