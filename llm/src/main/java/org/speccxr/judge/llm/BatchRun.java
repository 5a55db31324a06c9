package org.speccxr.judge.llm;

import org.speccxr.entity.EntitySet;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeException;
import org.speccxr.judge.JudgeInfo;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.JudgeOutput;
import org.speccxr.judge.ReportPair;
import org.speccxr.util.InputException;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code evaluate --batch}: the pairs not yet in the response cache go to the provider's batch API (half price),
 * as the exact request bodies the synchronous path sends, split by the provider's limits. Batches and their custom
 * ids are recorded in the cache database before anything else happens, so a killed process resumes polling them.
 * Ended batches are collected by custom id; each answer is parsed, validated and stored in the cache as if it had
 * come back synchronously. Errored, expired, missing and invalid answers go once more in a follow-up batch; what
 * fails again is reported. The run's outputs are then written from the cache by the ordinary path, with a judge
 * that calls nothing ({@link #collectedJudge}), so no pair is paid twice.
 */
public final class BatchRun implements AutoCloseable {
    /** Waits between polls; tests pass one that waits for nothing. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** What a batch run did. {@code failures}: cache key to the reason its pair has no answer. */
    public record Outcome(int submitted, int answered, int resubmitted, int batches, Map<String, String> failures) {
    }

    private final LlmJudge replayJudge;
    private final BatchWire.Replay replay;
    private final CachingJudge caching;
    private final ResponseCache cache;
    private final BatchStore store;
    private final BatchApi api;
    private final String judgeKey;
    private final Consumer<String> progress;
    private final Sleeper sleeper;
    private final Duration pollInterval;
    private final int maxRequests;
    private final long maxBytes;
    private final Provider provider;
    private final ChatModels.Settings settings;
    private final EntitySet set;

    BatchRun(Provider provider, LlmJudges.Setup s, String apiKey, java.nio.file.Path cacheFile, EntitySet set,
             BatchApi api, Consumer<String> progress, Sleeper sleeper, Duration pollInterval, int maxRequests,
             long maxBytes) {
        this.provider = provider;
        this.settings = s.settings();
        this.set = set;
        this.replay = new BatchWire.Replay();
        this.replayJudge = new LlmJudge(provider, s.model(),
                ChatModels.build(provider, s.settings(), BatchWire.builder(replay)), s.prompt(), s.schema(),
                RetryPolicy.defaults(1), 0, s.parameters(), new Secrets(apiKey), m -> { }, s.toolOutput(),
                LlmJudge.Wire.none());
        this.cache = ResponseCache.open(cacheFile);
        this.store = BatchStore.open(cacheFile);
        this.caching = new CachingJudge(replayJudge, cache, set, m -> { });
        this.judgeKey = caching.key(new ReportPair("", "", "", ""), 0);
        this.api = api;
        this.progress = progress;
        this.sleeper = sleeper;
        this.pollInterval = pollInterval;
        this.maxRequests = Math.min(maxRequests, api.maxRequests());
        this.maxBytes = Math.min(maxBytes, api.maxBytes());
    }

    /** A batch run for a judge spec's options; a judge without a batch API or a missing key is an InputException. */
    public static BatchRun open(String providerId, String model, JudgeOptions o, EntitySet set, Consumer<String> progress,
                                Sleeper sleeper, Duration pollInterval) {
        Provider provider = Provider.parse(providerId);
        if (provider != Provider.OPENAI && provider != Provider.AZURE && provider != Provider.ANTHROPIC) {
            throw new InputException("--batch works with openai:, azure: and anthropic: judges (" + provider.id()
                    + ": has no batch support here)");
        }
        if (o.noCache()) {
            throw new InputException("--batch keeps its batches and answers in the response cache: leave out --no-cache");
        }
        String key = LlmJudges.apiKey(provider, provider.normalizeBaseUrl(LlmJudges.givenBaseUrl(provider, o)), o);
        LlmJudges.Setup s = LlmJudges.setup(providerId, model, o, set, key);
        return new BatchRun(provider, s, key, LlmJudges.cacheFile(o), set, BatchApi.of(provider, s.baseUrl(), key),
                progress, sleeper, pollInterval, Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    public String spec() {
        return replayJudge.info().spec();
    }

    /** Submits what is missing, polls until every batch has ended, collects, re-submits failures once. */
    public Outcome run(List<ReportPair> pairs, int runs) throws IOException, InterruptedException {
        return run(pairs, runs, true);
    }

    /**
     * As above; with {@code submit} false ({@code batch collect}) only the batches already open are polled and
     * collected, and nothing is submitted.
     */
    public Outcome run(List<ReportPair> pairs, int runs, boolean submit) throws IOException, InterruptedException {
        Map<String, BatchStore.Request> needed = new LinkedHashMap<>();
        for (ReportPair p : pairs) {
            for (int run = 1; run <= runs; run++) {
                String key = caching.key(p, run);
                if (!needed.containsKey(key) && !caching.isCached(p, run)) {
                    needed.put(key, new BatchStore.Request(null, customId(key), key, p.id(), p.model(), run, null));
                }
            }
        }
        Map<String, ReportPair> pairOf = new HashMap<>();
        for (ReportPair p : pairs) {
            for (int run = 1; run <= runs; run++) {
                pairOf.putIfAbsent(caching.key(p, run) + "#" + run, p);
            }
        }
        // requests in batches still open (a killed run's): polled, not submitted again
        Set<String> pending = new LinkedHashSet<>();
        for (BatchStore.Batch b : store.batches(judgeKey, true)) {
            progress.accept("resuming batch " + b.id() + " (submitted " + b.created() + ")");
            store.requests(b.id()).stream().filter(r -> r.outcome() == null).forEach(r -> pending.add(r.cacheKey()));
        }
        List<BatchStore.Request> first = needed.values().stream().filter(r -> !pending.contains(r.cacheKey())).toList();
        int submitted = submit ? submit(first, 1, pairOf) : 0;
        int answered = 0;
        int resubmitted = 0;
        Map<String, Integer> tries = new HashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        while (true) {
            List<BatchStore.Batch> open = store.batches(judgeKey, true);
            if (open.isEmpty()) {
                // everything collected: what failed for the first time goes once more
                List<BatchStore.Request> again = new ArrayList<>();
                for (Map.Entry<String, String> f : failures.entrySet()) {
                    if (tries.getOrDefault(f.getKey(), 0) == 1 && needed.containsKey(f.getKey())) {
                        again.add(needed.get(f.getKey()));
                    }
                }
                if (again.isEmpty() || !submit) {
                    break;
                }
                again.forEach(r -> failures.remove(r.cacheKey()));
                resubmitted += submit(again, 2, pairOf);
                continue;
            }
            boolean running = false;
            for (BatchStore.Batch b : open) {
                seen.add(b.id());
                BatchApi.Status st = api.status(b.id());
                store.state(b.id(), st.state());
                if (!st.ended()) {
                    running = true;
                    progress.accept("batch " + b.id() + ": " + st.detail());
                    continue;
                }
                Map<String, BatchApi.Result> results = st.failed() ? Map.of() : api.results(st);
                for (BatchStore.Request r : store.requests(b.id())) {
                    if (r.outcome() != null) {
                        continue;
                    }
                    tries.merge(r.cacheKey(), 1, Integer::sum);
                    ReportPair pair = pairOf.get(r.cacheKey() + "#" + r.run());
                    String failure = collectOne(r, pair, results.get(r.customId()), st);
                    store.outcome(b.id(), r.customId(), failure == null ? "ok" : failure);
                    if (failure == null) {
                        answered++;
                        failures.remove(r.cacheKey());
                    } else {
                        failures.put(r.cacheKey(), failure);
                    }
                }
                store.close(b.id(), st.state());
                progress.accept("batch " + b.id() + " collected: " + st.detail());
            }
            if (running) {
                sleeper.sleep(pollInterval);
            }
        }
        return new Outcome(submitted, answered, resubmitted, seen.size(), failures);
    }

    /** Validates and stores one result; the reason it failed, or null. */
    private String collectOne(BatchStore.Request r, ReportPair pair, BatchApi.Result result, BatchApi.Status st) {
        if (cache.get(r.cacheKey()).isPresent()) {
            return null; // answered meanwhile (the same texts in another batch, or a synchronous run)
        }
        if (pair == null) {
            return "not in this run's input";
        }
        if (result == null) {
            return "no result in batch " + st.id() + " (" + st.state() + ")";
        }
        if (result.error() != null) {
            return "batch " + st.id() + ": " + result.error();
        }
        replay.answerWith(result.body());
        try {
            caching.judge(pair, r.run());
            return null;
        } catch (JudgeException e) {
            return "batch " + st.id() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            return "batch " + st.id() + ": unreadable answer (" + BatchApi.firstLine(String.valueOf(e.getMessage())) + ")";
        } finally {
            replay.answerWith(null);
        }
    }

    /** Splits by the provider's limits, submits, and records each batch before the next is sent. */
    private int submit(List<BatchStore.Request> requests, int round, Map<String, ReportPair> pairOf) throws IOException {
        List<BatchApi.Item> chunk = new ArrayList<>();
        List<BatchStore.Request> chunkRequests = new ArrayList<>();
        long bytes = 0;
        int n = 0;
        for (BatchStore.Request r : requests) {
            ReportPair pair = pairOf.get(r.cacheKey() + "#" + r.run());
            BatchApi.Item item = new BatchApi.Item(r.customId(),
                    BatchWire.capture(provider, settings, replayJudge.firstRequest(pair)));
            long size = api.size(item);
            if (!chunk.isEmpty() && (chunk.size() >= maxRequests || bytes + size > maxBytes)) {
                send(chunk, chunkRequests, round);
                chunk = new ArrayList<>();
                chunkRequests = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(item);
            chunkRequests.add(r);
            bytes += size;
            n++;
        }
        if (!chunk.isEmpty()) {
            send(chunk, chunkRequests, round);
        }
        return n;
    }

    private void send(List<BatchApi.Item> items, List<BatchStore.Request> requests, int round) throws IOException {
        String id = api.submit(items);
        store.add(new BatchStore.Batch(id, judgeKey, spec(), round, true, "submitted", Instant.now().toString()), requests);
        progress.accept("submitted batch " + id + " with " + items.size() + " request(s)"
                + (round > 1 ? " (follow-up of failed ones)" : ""));
    }

    /** A custom id of the characters both APIs allow ([a-z0-9-], 43 long), unique per cache key. */
    static String customId(String cacheKey) {
        String hex = cacheKey.startsWith("sha256:") ? cacheKey.substring(7) : cacheKey;
        return "sc-" + hex.substring(0, Math.min(40, hex.length()));
    }

    /** This judge's batches as lines: id, round, open or collected, the provider's state. */
    public List<String> status(boolean ask) throws IOException {
        List<String> out = new ArrayList<>();
        for (BatchStore.Batch b : store.batches(judgeKey, false)) {
            String state = b.state();
            if (ask && b.open()) {
                state = api.status(b.id()).detail();
            }
            out.add(b.id() + "  " + (b.open() ? "open" : "collected") + "  round " + b.round() + "  "
                    + store.requests(b.id()).size() + " request(s)  " + state + "  submitted " + b.created());
        }
        return out;
    }

    /** Cancels this judge's open batches at the provider; their finished answers are still collected. */
    public List<String> cancel() throws IOException {
        List<String> out = new ArrayList<>();
        for (BatchStore.Batch b : store.batches(judgeKey, true)) {
            api.cancel(b.id());
            out.add(b.id());
        }
        return out;
    }

    /**
     * The judge the run's outputs are written with: answers from the cache, and for a pair without one the reason
     * its batch gave, without calling anything.
     */
    public Judge collectedJudge(Map<String, String> failures) {
        JudgeInfo info = replayJudge.info();
        Judge noCall = new Judge() {
            @Override
            public JudgeInfo info() {
                return info;
            }

            @Override
            public JudgeOutput judge(ReportPair pair, int run) throws JudgeException {
                String reason = failures.get(caching.key(pair, run));
                throw new JudgeException(reason != null ? reason : "no batch answer (run evaluate --batch again)");
            }
        };
        return new CachingJudge(noCall, cache, set, m -> { });
    }

    @Override
    public void close() {
        store.close();
        cache.close();
    }
}
