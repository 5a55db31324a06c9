package org.speccxr.judge.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import org.speccxr.entity.EntitySet;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeException;
import org.speccxr.judge.JudgeInfo;
import org.speccxr.judge.JudgeOutput;
import org.speccxr.judge.ReportPair;
import org.speccxr.judge.TokenUsage;
import org.speccxr.util.Hashing;
import org.speccxr.util.Json;
import org.speccxr.verdict.EntityVerdict;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * A judge decorator that answers from the {@link ResponseCache} when it can and stores every new answer as soon as
 * it arrives. The key is the SHA-256 of (provider, model, parameters, prompt-template hash, entity-set hash, schema
 * version, reference, candidate, run number), so any change that could change an answer asks again, and runs
 * 1..N of {@code --runs N} are kept apart. Identical pairs in flight at the same time are asked once.
 * <p>
 * A cached answer comes back with {@code cached = true} and no token usage (nothing was spent this time). Fresh
 * answers go through the same JSON round trip as cached ones, so a repeated run writes byte-identical outputs.
 * Failures are not cached: the next run asks again.
 */
public final class CachingJudge implements Judge {
    private static final TypeReference<List<EntityVerdict>> VERDICTS = new TypeReference<>() {
    };

    private final Judge delegate;
    private final ResponseCache cache;
    private final String setHash;
    private final Map<String, CompletableFuture<JudgeOutput>> inFlight = new ConcurrentHashMap<>();

    private final java.util.function.Consumer<String> notices;

    /** A cache whose warnings go to an slf4j logger at WARN. */
    public CachingJudge(Judge delegate, ResponseCache cache, EntitySet set) {
        this(delegate, cache, set, org.speccxr.judge.JudgeOptions.defaults().notices());
    }

    /** @param notices where the cache's warnings go (once per kind and run) */
    public CachingJudge(Judge delegate, ResponseCache cache, EntitySet set, java.util.function.Consumer<String> notices) {
        this.delegate = delegate;
        this.cache = cache;
        this.setHash = set.hash();
        this.notices = notices;
    }

    @Override
    public JudgeInfo info() {
        return delegate.info();
    }

    @Override
    public int defaultConcurrency() {
        return delegate.defaultConcurrency();
    }

    /** The cache key of a pair in a run. */
    public String key(ReportPair pair, int run) {
        JudgeInfo i = delegate.info();
        Map<String, Object> k = new TreeMap<>();
        k.put("provider", i.provider());
        k.put("model", i.model());
        Map<String, Object> parameters = new TreeMap<>(i.parameters());
        // what a server refused is a fact about the server, not an input: a pair keeps its key after a drop
        parameters.remove(LlmJudge.DROPPED);
        k.put("parameters", parameters);
        k.put("prompt_hash", i.promptHash());
        k.put("entity_set_hash", setHash);
        k.put("schema_version", ResponseSchema.VERSION);
        k.put("reference", pair.reference());
        k.put("candidate", pair.candidate());
        k.put("run", run);
        try {
            return Hashing.sha256(Json.MAPPER.writeValueAsString(k));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the cache already holds this pair's answer in this run. */
    public boolean isCached(ReportPair pair, int run) {
        return cache.get(key(pair, run)).isPresent();
    }

    @Override
    public JudgeOutput judge(ReportPair pair, int run) throws JudgeException {
        String key = key(pair, run);
        JudgeOutput cached = lookup(key);
        if (cached != null) {
            return cached;
        }
        CompletableFuture<JudgeOutput> mine = new CompletableFuture<>();
        CompletableFuture<JudgeOutput> other = inFlight.putIfAbsent(key, mine);
        if (other != null) {
            // the same texts are being asked right now (e.g. two identical normal reports): wait for that answer
            try {
                JudgeOutput o = other.get();
                // a copy: records must not share mutable verdict objects
                return new JudgeOutput(read(write(o.entities())), TokenUsage.NONE, true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JudgeException("interrupted");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof JudgeException je) {
                    throw new JudgeException(je.getMessage(), je);
                }
                throw new JudgeException(String.valueOf(e.getCause()), e.getCause());
            }
        }
        try {
            // an answer may have been stored between our first look and registering as in flight
            cached = lookup(key);
            if (cached != null) {
                mine.complete(cached);
                return cached;
            }
            JudgeOutput fresh = delegate.judge(pair, run);
            String json = write(fresh.entities());
            TokenUsage u = fresh.usage();
            try {
                cache.put(key, new ResponseCache.Entry(delegate.info().spec(), run, json, u.input(), u.output(), u.cachedInput()));
            } catch (RuntimeException unwritable) {
                // the answer is paid for: keep it for this run even if the cache cannot store it
                warnOnce("warning: the response cache cannot store answers (" + firstLine(unwritable)
                        + "); this run's answers are kept, but a rerun will ask again");
            }
            JudgeOutput out = new JudgeOutput(read(json), u, false);
            mine.complete(out);
            return out;
        } catch (JudgeException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** The cached answer, or null on a miss, a damaged row or an unreadable cache (then the pair is asked). */
    private JudgeOutput lookup(String key) {
        try {
            Optional<ResponseCache.Entry> hit = cache.get(key);
            if (hit.isPresent()) {
                return new JudgeOutput(read(hit.get().entities()), TokenUsage.NONE, true);
            }
        } catch (RuntimeException unreadable) {
            // a damaged row (edited by hand, say) is asked again and overwritten; a failing cache is a miss
            if (!(unreadable instanceof IllegalStateException && String.valueOf(unreadable.getMessage()).startsWith("unreadable cache entry"))) {
                warnOnce("warning: the response cache cannot be read (" + firstLine(unreadable)
                        + "); pairs are asked again");
            }
        }
        return null;
    }

    private final java.util.Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Each kind of warning (read, write) is printed once per run, not once per pair. */
    private void warnOnce(String message) {
        if (warned.add(message.substring(0, Math.min(message.length(), 60)))) {
            notices.accept(message);
        }
    }

    /** One line of an exception's message, without stack or class noise. */
    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static String write(List<EntityVerdict> entities) {
        try {
            return Json.MAPPER.writeValueAsString(entities);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<EntityVerdict> read(String json) {
        try {
            return Json.MAPPER.readValue(json, VERDICTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable cache entry: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            delegate.close();
        } finally {
            cache.close();
        }
    }
}
