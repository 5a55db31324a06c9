package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.speccxr.util.Json;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for an LLM provider, one per provider family ({@link Wire}): OpenAI chat completions
 * ({@code POST /v1/chat/completions}, also under Azure's {@code /openai/v1}), Anthropic messages
 * ({@code POST /v1/messages}) or Ollama chat ({@code POST /api/chat}), with each family's envelopes and error bodies.
 * <p>
 * It answers from fixtures the test gives: the verdicts for a case (reference and candidate text, see
 * {@link #answer(String, String, List)}), else the server's default verdicts ({@link #defaultVerdicts}); it never
 * judges anything itself, so LLM tests do not change when the rules judge does. Faults are data: a queued
 * {@link Response} says the status, the headers ({@code Retry-After}), the content type, where the body is cut, and a
 * latch the response is held on (a stalled or slow answer the test releases). {@link #hold} holds chosen requests the
 * same way. No global state: each server has its own port, queue, fixtures and request log.
 * <p>
 * Also a main for the benchmark: {@code StandInServer [--wire openai] [--delay-ms 250] [--port 0]} prints
 * {@code PORT=n} and answers every request with the default verdicts after the delay, until stdin closes.
 */
public final class StandInServer implements AutoCloseable {
    /** The provider families, each with its own routes. */
    public enum Wire {
        OPENAI {
            @Override
            boolean routes(String path) {
                return path.equals("/v1/chat/completions") || path.equals("/openai/v1/chat/completions");
            }
        },
        ANTHROPIC {
            @Override
            boolean routes(String path) {
                return path.equals("/v1/messages");
            }
        },
        OLLAMA {
            @Override
            boolean routes(String path) {
                return path.equals("/api/chat");
            }
        };

        abstract boolean routes(String path);
    }

    /** A request as received. */
    public record Request(int number, String method, String path, Map<String, List<String>> headers, String body,
                          String reference, String candidate, long receivedNanos) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * A scripted response, faults included: {@code body} null means the regular answer; {@code cutAt} at or above 0
     * declares the whole body's length but sends only that many bytes and drops the connection (a truncated body);
     * {@code hold} non-null keeps the response back until the test counts the latch down (a stalled answer).
     */
    public record Response(int status, Map<String, String> headers, String body, String contentType, int cutAt,
                           CountDownLatch hold) {
        public Response(int status, Map<String, String> headers, String body) {
            this(status, headers, body, "application/json", -1, null);
        }

        /** The regular answer, held until {@code release} is counted down. */
        public static Response stalled(CountDownLatch release) {
            return new Response(200, Map.of(), null, "application/json", -1, release);
        }

        public Response withContentType(String type) {
            return new Response(status, headers, body, type, cutAt, hold);
        }

        /** The body cut after {@code bytes} bytes, with the whole length declared. */
        public Response cutAfter(int bytes) {
            return new Response(status, headers, body, contentType, bytes, hold);
        }

        public Response heldUntil(CountDownLatch release) {
            return new Response(status, headers, body, contentType, cutAt, release);
        }
    }

    /** The verdicts answered when a test gives none for a case: one finding, present and aligned on both sides. */
    public static final List<EntityVerdict> DEFAULT_VERDICTS = List.of(
            new EntityVerdict("pleural_effusion", Presence.TP, Alignment.ALIGNED, Alignment.ALIGNED, Comparison.OTHER));

    private static final Pattern REF = Pattern.compile("<reference_report>\\n?(.*?)\\n?</reference_report>", Pattern.DOTALL);
    private static final Pattern CAND = Pattern.compile("<candidate_report>\\n?(.*?)\\n?</candidate_report>", Pattern.DOTALL);

    private final Wire wire;
    private final Duration latency;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stand-in");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Response> script = new ConcurrentLinkedDeque<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final Map<String, List<EntityVerdict>> cases = new ConcurrentHashMap<>();
    private volatile List<EntityVerdict> defaultVerdicts = DEFAULT_VERDICTS;
    private volatile Consumer<Request> onRequest = r -> { };
    private volatile BiFunction<String, String, String> answerer;
    private volatile IntPredicate held = n -> false;
    private volatile CountDownLatch heldUntil;

    /** A stand-in of the given family that answers at once. */
    public static StandInServer of(Wire wire) throws IOException {
        return new StandInServer(wire, Duration.ZERO, 0);
    }

    /**
     * A stand-in that waits {@code latency} before every answer, as a provider's model takes time: for benchmarks
     * only (bench/llm-runner.sh, WarmRunnerBench); tests hold requests on latches instead.
     */
    public StandInServer(Wire wire, Duration latency) throws IOException {
        this(wire, latency, 0);
    }

    public StandInServer(Wire wire, Duration latency, int port) throws IOException {
        this.wire = wire;
        this.latency = latency;
        this.answerer = (ref, cand) -> answer(cases.getOrDefault(caseKey(ref, cand), defaultVerdicts));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL in the provider's SDK form. */
    public String baseUrl() {
        String root = "http://127.0.0.1:" + port();
        return wire == Wire.OPENAI ? root + "/v1" : root;
    }

    /** The server as an Azure OpenAI resource's endpoint (the judge adds /openai/v1). */
    public String azureEndpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** Queues a response to send (in order) instead of an answer. */
    public StandInServer enqueue(Response r) {
        script.add(r);
        return this;
    }

    /** Called with every request as it arrives, before it is answered. */
    public StandInServer onRequest(Consumer<Request> c) {
        this.onRequest = c;
        return this;
    }

    /** The verdicts to answer for this case (the two report texts as the prompt carries them). */
    public StandInServer answer(String reference, String candidate, List<EntityVerdict> verdicts) {
        cases.put(caseKey(reference, candidate), List.copyOf(verdicts));
        return this;
    }

    /** The verdicts answered for a case the test gave none for. */
    public StandInServer defaultVerdicts(List<EntityVerdict> verdicts) {
        this.defaultVerdicts = List.copyOf(verdicts);
        return this;
    }

    /** Replaces the answer content: (reference, candidate) -> the model's text. */
    public StandInServer answerWith(BiFunction<String, String, String> a) {
        this.answerer = a;
        return this;
    }

    /** Holds the requests whose numbers (1-based, in order of arrival) match until {@code release} is counted down. */
    public StandInServer hold(IntPredicate requestNumbers, CountDownLatch release) {
        this.heldUntil = Objects.requireNonNull(release);
        this.held = requestNumbers;
        return this;
    }

    public int requestCount() {
        return count.get();
    }

    public int answeredCount() {
        return answered.get();
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private static String caseKey(String reference, String candidate) {
        return reference + "\u0000" + candidate;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String user = userText(body);
            Matcher rm = REF.matcher(user);
            Matcher cm = CAND.matcher(user);
            Request req = new Request(count.incrementAndGet(), ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    new LinkedHashMap<>(ex.getRequestHeaders()), body, rm.find() ? rm.group(1) : null,
                    cm.find() ? cm.group(1) : null, System.nanoTime());
            requests.add(req);
            onRequest.accept(req);
            Response scripted = script.poll();
            CountDownLatch hold = scripted != null && scripted.hold() != null ? scripted.hold()
                    : held.test(req.number()) ? heldUntil : null;
            try {
                if (hold != null) {
                    hold.await();
                }
                if (!latency.isZero()) {
                    Thread.sleep(latency.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Response r;
            if (scripted != null && scripted.body() != null) {
                r = scripted;
            } else if (!wire.routes(req.path())) {
                r = error(wire, 404, "not_found_error", "no route " + req.path());
            } else {
                String content = answerer.apply(req.reference() == null ? "" : req.reference(),
                        req.candidate() == null ? "" : req.candidate());
                String tool = toolName(body);
                String answer = tool == null
                        ? envelope(wire, content, body.length() / 4, content.length() / 4)
                        : toolEnvelope(wire, tool, content, body.length() / 4, content.length() / 4);
                r = scripted != null ? new Response(scripted.status(), scripted.headers(), answer, scripted.contentType(),
                        scripted.cutAt(), null) : new Response(200, Map.of(), answer);
            }
            byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", r.contentType());
            r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(r.status(), bytes.length);
            OutputStream out = ex.getResponseBody();
            if (r.cutAt() >= 0 && r.cutAt() < bytes.length) {
                // fewer bytes than declared: the server drops the connection, the client reads a truncated body
                out.write(bytes, 0, r.cutAt());
                out.flush();
                return;
            }
            try (out) {
                out.write(bytes);
            }
            answered.incrementAndGet();
        }
    }

    /** The text of the last user message in a request body of any of the three formats. */
    static String userText(String body) {
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            JsonNode msgs = root.path("messages");
            String text = "";
            for (JsonNode m : msgs) {
                if (!"user".equals(m.path("role").asText())) {
                    continue;
                }
                JsonNode c = m.get("content");
                if (c != null && c.isTextual()) {
                    text = c.asText();
                } else if (c != null && c.isArray()) {
                    StringBuilder sb = new StringBuilder();
                    c.forEach(part -> sb.append(part.path("text").asText()));
                    text = sb.toString();
                }
                if (text.contains("<reference_report>")) {
                    return text;
                }
            }
            return text;
        } catch (IOException e) {
            return "";
        }
    }

    /** A 200 body in the wire format carrying {@code content} as the model's text. */
    public static String envelope(Wire wire, String content, int promptTokens, int completionTokens) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        switch (wire) {
            case OPENAI -> {
                ObjectNode choice = openAiChoice(root);
                choice.putObject("message").put("role", "assistant").put("content", content);
                choice.put("finish_reason", "stop");
                ObjectNode usage = root.putObject("usage");
                usage.put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                        .put("total_tokens", promptTokens + completionTokens);
                usage.putObject("prompt_tokens_details").put("cached_tokens", promptTokens / 2);
            }
            case ANTHROPIC -> {
                root.put("id", "msg_standin").put("type", "message").put("role", "assistant").put("model", "stand-in");
                root.putArray("content").addObject().put("type", "text").put("text", content);
                root.put("stop_reason", "end_turn").putNull("stop_sequence");
                root.putObject("usage").put("input_tokens", promptTokens / 4).put("output_tokens", completionTokens)
                        .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", promptTokens - promptTokens / 4);
            }
            case OLLAMA -> {
                root.put("model", "stand-in").put("created_at", "2025-01-01T00:00:00Z");
                root.putObject("message").put("role", "assistant").put("content", content);
                root.put("done", true).put("done_reason", "stop").put("prompt_eval_count", promptTokens)
                        .put("eval_count", completionTokens);
            }
        }
        return root.toString();
    }

    /**
     * A 200 body whose answer was cut at the token limit, as each provider says it: OpenAI
     * {@code finish_reason: length}, Anthropic {@code stop_reason: max_tokens}, Ollama {@code done_reason: length}.
     */
    public static String cutEnvelope(Wire wire, String content, int promptTokens, int completionTokens) {
        ObjectNode root;
        try {
            root = (ObjectNode) Json.MAPPER.readTree(envelope(wire, content, promptTokens, completionTokens));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        switch (wire) {
            case OPENAI -> ((ObjectNode) root.path("choices").get(0)).put("finish_reason", "length");
            case ANTHROPIC -> root.put("stop_reason", "max_tokens");
            case OLLAMA -> root.put("done_reason", "length");
        }
        return root.toString();
    }

    /** An OpenAI chat.completion's fixed fields, and its one choice (index 0) to fill in. */
    private static ObjectNode openAiChoice(ObjectNode root) {
        root.put("id", "chatcmpl-standin").put("object", "chat.completion").put("created", 1_700_000_000)
                .put("model", "stand-in");
        return root.putArray("choices").addObject().put("index", 0);
    }

    /** The name of the first tool a request offers (OpenAI or Anthropic form), or null when it offers none. */
    static String toolName(String body) {
        try {
            JsonNode tools = Json.MAPPER.readTree(body).path("tools");
            if (!tools.isArray() || tools.isEmpty()) {
                return null;
            }
            JsonNode t = tools.get(0);
            return t.has("function") ? t.path("function").path("name").asText() : t.path("name").asText();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * A 200 body in which the model calls {@code tool} with {@code content} (a JSON object) as its input: an
     * Anthropic {@code tool_use} content block, or an OpenAI {@code tool_calls} entry whose arguments are a JSON string.
     */
    public static String toolEnvelope(Wire wire, String tool, String content, int promptTokens, int completionTokens) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        JsonNode input;
        try {
            input = Json.MAPPER.readTree(content);
        } catch (IOException e) {
            throw new IllegalArgumentException("tool input must be JSON", e);
        }
        switch (wire) {
            case OPENAI -> {
                ObjectNode choice = openAiChoice(root);
                ObjectNode message = choice.putObject("message").put("role", "assistant").putNull("content");
                ObjectNode call = message.putArray("tool_calls").addObject();
                call.put("id", "call_standin").put("type", "function");
                call.putObject("function").put("name", tool).put("arguments", content);
                choice.put("finish_reason", "tool_calls");
                root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                        .put("total_tokens", promptTokens + completionTokens);
            }
            case ANTHROPIC -> {
                root.put("id", "msg_standin").put("type", "message").put("role", "assistant").put("model", "stand-in");
                ObjectNode use = root.putArray("content").addObject();
                use.put("type", "tool_use").put("id", "toolu_standin").put("name", tool);
                use.set("input", input);
                root.put("stop_reason", "tool_use").putNull("stop_sequence");
                root.putObject("usage").put("input_tokens", promptTokens).put("output_tokens", completionTokens);
            }
            case OLLAMA -> throw new IllegalArgumentException("no tool mode for Ollama");
        }
        return root.toString();
    }

    /** An error response with the provider's documented error body. */
    public static Response error(Wire wire, int status, String type, String message) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        switch (wire) {
            case OPENAI -> root.putObject("error").put("message", message).put("type", type).putNull("param").put("code", type);
            case ANTHROPIC -> {
                root.put("type", "error");
                root.putObject("error").put("type", type).put("message", message);
            }
            case OLLAMA -> root.put("error", message);
        }
        return new Response(status, Map.of(), root.toString());
    }

    public static Response withHeader(Response r, String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(r.headers());
        h.put(name, value);
        return new Response(r.status(), h, r.body(), r.contentType(), r.cutAt(), r.hold());
    }

    /** Verdicts as the JSON text a model answers with. */
    public static String answer(List<EntityVerdict> vs) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode arr = root.putArray("entities");
        for (EntityVerdict v : vs) {
            ObjectNode n = arr.addObject();
            n.put("entity", v.entity());
            n.put("reference_evidence", String.valueOf(v.extra().getOrDefault("reference_evidence", "")));
            n.put("candidate_evidence", String.valueOf(v.extra().getOrDefault("candidate_evidence", "")));
            n.put("presence", v.presence().wire());
            n.put("location", v.location().wire());
            n.put("severity", v.severity().wire());
            n.put("comparison", v.comparison().wire());
        }
        return root.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    public static void main(String[] args) throws Exception {
        Wire wire = Wire.OPENAI;
        long delayMs = 250;
        int port = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--wire" -> wire = Wire.valueOf(args[++i].toUpperCase());
                case "--delay-ms" -> delayMs = Long.parseLong(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        noDelay();
        StandInServer s = new StandInServer(wire, Duration.ofMillis(delayMs), port);
        System.out.println("PORT=" + s.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until stdin closes
        }
        System.err.println("stand-in: " + s.requestCount() + " requests");
        List<Request> rs = s.requests();
        if (!rs.isEmpty()) {
            long t0 = rs.get(0).receivedNanos();
            StringBuilder sb = new StringBuilder("stand-in: arrivals (ms after the first):");
            for (int i = 0; i < rs.size(); i += Math.max(1, rs.size() / 20)) {
                sb.append(' ').append((rs.get(i).receivedNanos() - t0) / 1_000_000);
            }
            System.err.println(sb);
        }
        s.close();
    }

    /**
     * For a benchmark's own JVM: com.sun.net.httpserver writes headers and body separately, and with Nagle on every
     * response would wait for a delayed ACK (40 ms on Linux loopback), the stand-in's cost, not the client's. Tests
     * get the same from surefire's argLine, so no test sets a global property.
     */
    static void noDelay() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }
}
