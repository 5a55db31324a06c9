package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.ReportPair;
import org.speccxr.judge.rules.RulesJudge;
import org.speccxr.util.Json;
import org.speccxr.verdict.EntityVerdict;

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
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for an LLM provider, speaking its documented wire format: OpenAI chat completions
 * ({@code POST /v1/chat/completions}), Anthropic messages ({@code POST /v1/messages}) or Ollama chat
 * ({@code POST /api/chat}), with the providers' error bodies. By default it answers like a careful judge would, using
 * the offline rules judge on the two reports it finds in the prompt, so outputs are realistic and deterministic.
 * Scripted responses (errors, broken bodies) can be queued to go first. Never touches the internet.
 * <p>
 * Also a main for the benchmark: {@code StandInServer [--wire openai] [--delay-ms 250] [--port 0]} prints
 * {@code PORT=n} and serves until stdin closes or it is killed.
 */
public final class StandInServer implements AutoCloseable {
    public enum Wire { OPENAI, ANTHROPIC, OLLAMA }

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

    /** A scripted response. */
    public record Response(int status, Map<String, String> headers, String body) {
    }

    static {
        // com.sun.net.httpserver writes headers and body separately; with Nagle on, every response would wait for
        // a delayed ACK (40 ms on Linux loopback), which is the stand-in's cost, not the client's
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final Pattern REF = Pattern.compile("<reference_report>\\n?(.*?)\\n?</reference_report>", Pattern.DOTALL);
    private static final Pattern CAND = Pattern.compile("<candidate_report>\\n?(.*?)\\n?</candidate_report>", Pattern.DOTALL);

    private final Wire wire;
    private final Duration delay;
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
    private volatile Consumer<Request> onRequest = r -> { };
    private volatile BiFunction<String, String, String> answerer;

    public StandInServer(Wire wire, Duration delay) throws IOException {
        this(wire, delay, 0);
    }

    public StandInServer(Wire wire, Duration delay, int port) throws IOException {
        this.wire = wire;
        this.delay = delay;
        EntitySet set = EntitySetLoader.loadDefault();
        RulesJudge rules = new RulesJudge(set);
        this.answerer = (ref, cand) -> rulesAnswer(rules, ref, cand);
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

    public StandInServer onRequest(Consumer<Request> c) {
        this.onRequest = c;
        return this;
    }

    /** Replaces the answer content: (reference, candidate) -> the model's text. */
    public StandInServer answerWith(BiFunction<String, String, String> a) {
        this.answerer = a;
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
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            Response scripted = script.poll();
            Response r;
            if (scripted != null) {
                r = scripted;
            } else if (!expectedPath(req.path())) {
                r = error(wire, 404, "not_found_error", "no route " + req.path());
            } else {
                String content = answerer.apply(req.reference() == null ? "" : req.reference(),
                        req.candidate() == null ? "" : req.candidate());
                String tool = toolName(body);
                r = new Response(200, Map.of(), tool == null
                        ? envelope(wire, content, body.length() / 4, content.length() / 4)
                        : toolEnvelope(wire, tool, content, body.length() / 4, content.length() / 4));
            }
            byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(r.status(), bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
            answered.incrementAndGet();
        }
    }

    private boolean expectedPath(String path) {
        return switch (wire) {
            // Azure OpenAI's v1 endpoint speaks the same format under /openai/v1
            case OPENAI -> path.equals("/v1/chat/completions") || path.equals("/openai/v1/chat/completions");
            case ANTHROPIC -> path.equals("/v1/messages");
            case OLLAMA -> path.equals("/api/chat");
        };
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
        return new Response(r.status(), h, r.body());
    }

    /** The answer a careful judge would give, from the offline rules judge, in the response schema's shape. */
    static String rulesAnswer(RulesJudge rules, String reference, String candidate) {
        List<EntityVerdict> vs = rules.judge(new ReportPair("x", "m", reference, candidate), 1).entities();
        return answer(vs);
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
}
