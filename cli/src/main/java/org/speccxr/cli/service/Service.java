package org.speccxr.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetException;
import org.speccxr.entity.LabelSet;
import org.speccxr.judge.ReportPair;
import org.speccxr.judge.rules.ReportExtractor;
import org.speccxr.judge.rules.RuleSet;
import org.speccxr.label.Labeler;
import org.speccxr.output.ScoreFiles;
import org.speccxr.run.Evaluator;
import org.speccxr.run.Failure;
import org.speccxr.score.Counts;
import org.speccxr.score.EntityScore;
import org.speccxr.score.ModelScores;
import org.speccxr.score.ReportScore;
import org.speccxr.score.Scorer;
import org.speccxr.score.Scores;
import org.speccxr.util.InputException;
import org.speccxr.util.Json;
import org.speccxr.util.Version;
import org.speccxr.verdict.ErrorBreakdown;
import org.speccxr.verdict.VerdictRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The HTTP JSON service behind {@code spec-cxr serve}: one evaluator (its judge loaded once) shared by every request,
 * on the JDK's HTTP server with a pool of request threads. Requests are judged in parallel: each request's pairs go
 * through {@link Evaluator#evaluate}, whose concurrency bound is shared by all callers. Bad input answers 400 with
 * {@code {"error": "one line"}} and the service keeps serving; {@link #stop} drains the requests in flight.
 */
public final class Service {
    private static final Logger LOG = LoggerFactory.getLogger(Service.class);
    private static final String JSON = "application/json";

    /**
     * @param maxRequestBytes the largest request body accepted (413 above it)
     * @param maxItems        pairs, reports or records per request (400 above it)
     * @param threads         request threads
     */
    public record Config(String host, int port, long maxRequestBytes, int maxItems, int threads) {
        public Config {
            if (maxRequestBytes < 1 || maxItems < 1 || threads < 1 || port < 0 || port > 65535) {
                throw new IllegalArgumentException("bad service limits");
            }
        }
    }

    private final Config config;
    private final Evaluator evaluator;
    private final EntitySet set;
    private final RuleSet rules;
    private final LongSupplier nanoTime;
    private final Map<String, Labeler> labelers = new ConcurrentHashMap<>();
    private final byte[] openApi;
    private final byte[] entities;
    private HttpServer server;
    private ExecutorService pool;
    /** Requests being handled; {@link #stop} waits on this monitor until it is zero. */
    private final Object drain = new Object();
    private int inFlight;
    private volatile boolean stopping;
    private final AtomicInteger served = new AtomicInteger();

    /**
     * @param rules the rules the labeller extracts with (the judge's own for the rules judge)
     */
    public Service(Config config, Evaluator evaluator, RuleSet rules, LongSupplier nanoTime) {
        this.config = config;
        this.evaluator = evaluator;
        this.set = evaluator.entitySet();
        this.rules = rules;
        this.nanoTime = nanoTime;
        this.openApi = resource("openapi.json");
        this.entities = bytes(entitiesJson(set));
    }

    /** Binds and starts serving; {@link #port()} then says where. */
    public synchronized void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 256);
        pool = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "spec-cxr-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests answered so far (any status). */
    public int served() {
        return served.get();
    }

    /**
     * Stops taking new work (requests that arrive now answer 503), waits up to {@code grace} for the requests in
     * flight to be answered, then closes the listener and the request threads. The evaluator is the caller's to
     * close.
     *
     * @return true when every request in flight was answered within the grace period
     */
    public boolean stop(Duration grace) {
        stopping = true;
        boolean drained;
        long deadline = nanoTime.getAsLong() + grace.toNanos();
        synchronized (drain) {
            while (inFlight > 0) {
                long left = deadline - nanoTime.getAsLong();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(drain, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            drained = inFlight == 0;
        }
        synchronized (this) {
            if (server != null) {
                server.stop(0);
                pool.shutdownNow();
            }
        }
        return drained;
    }

    /** Whether {@link #stop} has begun. */
    public boolean stopping() {
        return stopping;
    }

    private void handle(HttpExchange ex) {
        synchronized (drain) {
            inFlight++;
        }
        try {
            int status = 200;
            byte[] body;
            try {
                if (stopping) {
                    throw new HttpError(503, "the service is shutting down; retry on another instance");
                }
                body = route(ex);
            } catch (HttpError e) {
                status = e.status();
                body = error(e.getMessage());
            } catch (InputException | EntitySetException e) {
                status = 400;
                body = error(e.getMessage());
            } catch (RuntimeException | StackOverflowError e) {
                // a bug of ours: logged with its trace for the operator, one line for the client
                LOG.error("request {} {} failed", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
                status = 500;
                body = error("internal error (" + e.getClass().getSimpleName() + "); the service log has the details");
            }
            send(ex, status, body);
        } finally {
            served.incrementAndGet();
            synchronized (drain) {
                inFlight--;
                drain.notifyAll();
            }
        }
    }

    private byte[] route(HttpExchange ex) throws HttpError {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        switch (path) {
            case "/health" -> {
                allow(method, "GET");
                return health();
            }
            case "/openapi.json" -> {
                allow(method, "GET");
                return openApi;
            }
            case "/v1/entities" -> {
                allow(method, "GET");
                return entities;
            }
            case "/v1/evaluate" -> {
                allow(method, "POST");
                return evaluate(body(ex));
            }
            case "/v1/label" -> {
                allow(method, "POST");
                return label(body(ex));
            }
            case "/v1/score" -> {
                allow(method, "POST");
                return score(body(ex));
            }
            default -> throw new HttpError(404, "no endpoint " + path + " (see GET /openapi.json: /v1/evaluate, /v1/label,"
                    + " /v1/score, /v1/entities, /health)");
        }
    }

    private static void allow(String method, String allowed) {
        if (!method.equals(allowed) && !(allowed.equals("GET") && method.equals("HEAD"))) {
            throw new HttpError(405, method + " is not allowed here; use " + allowed);
        }
    }

    /** The JSON body of a POST, checked for its content type and size before it is read in full. */
    private JsonNode body(HttpExchange ex) {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!media.equals(JSON)) {
            throw new HttpError(400, "Content-Type must be application/json (got " + (type == null ? "none" : "'" + type + "'") + ")");
        }
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > config.maxRequestBytes()) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw new HttpError(400, "Content-Length is not a number ('" + length + "')");
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            // read one byte past the limit: a chunked body that runs over is refused without holding more
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxRequestBytes() + 1));
            if (bytes.length > config.maxRequestBytes()) {
                throw tooLarge();
            }
            return Requests.parse(bytes);
        } catch (IOException e) {
            throw new HttpError(400, "the request body cannot be read (" + Requests.oneLine(e.getMessage()) + ")");
        }
    }

    private HttpError tooLarge() {
        return new HttpError(413, "the request body is larger than " + config.maxRequestBytes()
                + " bytes (the service's --max-request-bytes): split the batch");
    }

    private byte[] health() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("status", "ok").put("version", Version.get()).put("judge", evaluator.judgeInfo().spec());
        o.putObject("entity_set").put("source", set.source()).put("version", set.version()).put("hash", set.hash());
        o.put("max_items", config.maxItems()).put("max_request_bytes", config.maxRequestBytes());
        return bytes(o);
    }

    private byte[] evaluate(JsonNode body) {
        List<ReportPair> pairs = Requests.pairs(body, config.maxItems());
        boolean withRecords = Requests.flag(body, "records", true);
        boolean withScores = Requests.flag(body, "entity_scores", false);
        VerdictRecord[] records = new VerdictRecord[pairs.size()];
        String[] failures = new String[pairs.size()];
        // the evaluator hands results over in input order, so a counter is the index of the pair
        int[] next = {0};
        evaluator.evaluate(pairs, new Evaluator.Sink() {
            @Override
            public void record(ReportPair pair, VerdictRecord record) {
                records[next[0]++] = record;
            }

            @Override
            public void failure(ReportPair pair, Failure failure) {
                failures[next[0]++] = failure.reason();
            }
        });
        if (next[0] != pairs.size()) {
            throw new HttpError(503, "judging was cancelled; the service is shutting down");
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("judge", evaluator.judgeInfo().spec());
        ArrayNode reports = root.putArray("reports");
        List<VerdictRecord> judged = new ArrayList<>();
        for (int i = 0; i < records.length; i++) {
            if (records[i] != null) {
                reports.add(reportJson(ReportScore.of(records[i], set)));
                judged.add(records[i]);
            } else {
                ReportPair p = pairs.get(i);
                reports.addObject().put("id", p.id()).put("model", p.model()).put("run", 1).put("error", failures[i]);
            }
        }
        if (withRecords) {
            ArrayNode arr = root.putArray("records");
            judged.forEach(r -> arr.add(Json.MAPPER.valueToTree(r)));
        }
        root.put("failures", pairs.size() - judged.size());
        if (withScores) {
            root.set("scores", judged.isEmpty() ? Json.MAPPER.createObjectNode() : scoresJson(Scorer.score(judged, set)));
        }
        return bytes(root);
    }

    private byte[] score(JsonNode body) {
        List<VerdictRecord> records = Requests.records(body, config.maxItems(), set);
        Scores scores = Scorer.score(records, set);
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode reports = root.putArray("reports");
        for (VerdictRecord r : records) {
            reports.add(reportJson(ReportScore.of(r, set)));
        }
        root.set("scores", scoresJson(scores));
        return bytes(root);
    }

    private byte[] label(JsonNode body) {
        List<Requests.Report> reports = Requests.reports(body, config.maxItems());
        String name = Requests.optionalText(body, "labelset", "");
        String uncertain = Requests.optionalText(body, "uncertain", "");
        String policy = uncertain == null ? "keep" : uncertain.toLowerCase(Locale.ROOT);
        if (!policy.matches("keep|positive|negative")) {
            throw new InputException("field 'uncertain' must be keep, positive or negative (got '" + uncertain + "')");
        }
        Integer uncertainAs = policy.equals("positive") ? Integer.valueOf(1) : policy.equals("negative") ? Integer.valueOf(0) : null;
        String labelset = name == null ? "spec-cxr" : name.toLowerCase(Locale.ROOT);
        Labeler labeler = labelers.computeIfAbsent(labelset,
                n -> new Labeler(new ReportExtractor(set, rules), LabelSet.named(n, set)));
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("labelset", labeler.labelSet().name());
        ArrayNode names = root.putArray("labels");
        labeler.labelSet().labels().forEach(l -> names.add(l.label()));
        ArrayNode results = root.putArray("results");
        for (Requests.Report r : reports) {
            ObjectNode o = results.addObject();
            o.put("id", r.id());
            ObjectNode labels = o.putObject("labels");
            List<Integer> values = labeler.label(r.text());
            for (int i = 0; i < values.size(); i++) {
                Integer v = values.get(i);
                if (v != null && v == -1 && uncertainAs != null) {
                    v = uncertainAs;
                }
                String label = labeler.labelSet().labels().get(i).label();
                if (v == null) {
                    labels.putNull(label);
                } else {
                    labels.put(label, v);
                }
            }
        }
        return bytes(root);
    }

    /** A report_scores.csv row as JSON, plus the report's presence F1 (1 when neither report states a finding). */
    static ObjectNode reportJson(ReportScore s) {
        ErrorBreakdown e = s.errors();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", s.id()).put("model", s.model()).put("run", s.run()).put("error_count", e.total())
                .put("weighted_errors", s.weightedErrors()).put("fp", e.fp()).put("fn", e.fn())
                .put("location_errors", e.locationErrors()).put("severity_errors", e.severityErrors())
                .put("comparison_errors", e.comparisonErrors()).put("tp", e.tp()).put("tn", e.tn());
        int denominator = 2 * e.tp() + e.fp() + e.fn();
        o.put("f1", denominator == 0 ? 1.0 : 2.0 * e.tp() / denominator);
        return o;
    }

    /** summary.json's per-model scores, each with its entity-level scores. */
    private static ObjectNode scoresJson(Scores scores) {
        ObjectNode models = ScoreFiles.modelsJson(scores);
        for (ModelScores m : scores.models()) {
            ArrayNode arr = ((ObjectNode) models.get(m.model())).putArray("entities");
            for (EntityScore es : m.entities()) {
                Counts c = es.counts();
                ObjectNode o = arr.addObject();
                o.put("entity", es.entity().id()).put("name", es.entity().name()).put("group", es.entity().group())
                        .put("tp", c.tp()).put("fp", c.fp()).put("fn", c.fn()).put("tn", c.tn()).put("support", c.support());
                putNum(o, "f1", c.f1());
                putNum(o, "location_accuracy", c.locationAccuracy());
                putNum(o, "severity_accuracy", c.severityAccuracy());
                putNum(o, "comparison_accuracy", c.comparisonAccuracy());
            }
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.set("models", models);
        return root;
    }

    private static void putNum(ObjectNode o, String name, Double v) {
        if (v == null || v.isNaN()) {
            o.putNull(name);
        } else {
            o.put(name, v);
        }
    }

    static ObjectNode entitiesJson(EntitySet set) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("source", set.source()).put("version", set.version()).put("hash", set.hash());
        ArrayNode groups = root.putArray("groups");
        set.groups().forEach(g -> groups.addObject().put("id", g.id()).put("name", g.name()));
        ArrayNode arr = root.putArray("entities");
        for (Entity e : set.entities()) {
            ObjectNode o = arr.addObject();
            o.put("id", e.id()).put("name", e.name()).put("kind", e.kind().label()).put("category", e.category())
                    .put("group", e.group()).put("location", e.location()).put("severity", e.severity())
                    .put("weight", e.weight());
            ArrayNode s = o.putArray("synonyms");
            e.synonyms().forEach(s::add);
        }
        return root;
    }

    private static byte[] error(String message) {
        String line = Requests.oneLine(message);
        return bytes(Json.MAPPER.createObjectNode().put("error", line));
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return Json.MAPPER.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = Service.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) {
        try {
            ex.getResponseHeaders().set("Content-Type", JSON + "; charset=utf-8");
            boolean head = ex.getRequestMethod().equalsIgnoreCase("HEAD");
            ex.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            LOG.debug("client went away before the answer was sent: {}", e.getMessage());
        } finally {
            ex.close();
        }
    }
}
