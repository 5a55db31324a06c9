package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for a cloud host's model API (a JDK HttpServer on the loopback interface): it records every
 * request, sends queued faults first, and otherwise answers with the offline rules judge's verdicts on the two
 * reports it finds in the prompt, wrapped in the host's own response format by the subclass. Never touches the
 * internet.
 */
abstract class HostStandIn implements AutoCloseable {
    /** A request as received. */
    record Request(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A scripted response. */
    record Response(int status, Map<String, String> headers, String body) {
    }

    private static final Pattern REF = Pattern.compile("<reference_report>\\n?(.*?)\\n?</reference_report>", Pattern.DOTALL);
    private static final Pattern CAND = Pattern.compile("<candidate_report>\\n?(.*?)\\n?</candidate_report>", Pattern.DOTALL);

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "host-stand-in");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Response> script = new ConcurrentLinkedDeque<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile BiFunction<String, String, String> answerer;

    HostStandIn() throws IOException {
        RulesJudge rules = new RulesJudge(EntitySetLoader.loadDefault());
        this.answerer = (ref, cand) -> answer(rules.judge(new ReportPair("x", "m", ref, cand), 1).entities());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void enqueue(Response r) {
        script.add(r);
    }

    /** Replaces the answer: (reference, candidate) -> the model's JSON text. */
    void answerWith(BiFunction<String, String, String> a) {
        this.answerer = a;
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The user text of the last user turn of a request body in the host's format. */
    abstract String userText(JsonNode body);

    /** A 200 answer in the host's format carrying {@code json} (as tool input or text). */
    abstract String envelope(JsonNode request, String json);

    /** The answer as the host sends it, for a request on {@code path}; a subclass may refuse the path. */
    Response answer(String path, JsonNode request) {
        String user = userText(request);
        String ref = group(REF, user);
        String cand = group(CAND, user);
        return new Response(200, Map.of("Content-Type", "application/json"), envelope(request, answerer.apply(ref, cand)));
    }

    private static String group(Pattern p, String s) {
        Matcher m = p.matcher(s == null ? "" : s);
        return m.find() ? m.group(1) : "";
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), Map.copyOf(ex.getRequestHeaders()), body);
            requests.add(req);
            Response r = script.poll();
            if (r == null) {
                r = answer(req.path(), Json.MAPPER.readTree(body));
            }
            byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
            r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            if (!r.headers().containsKey("Content-Type")) {
                ex.getResponseHeaders().add("Content-Type", "application/json");
            }
            ex.sendResponseHeaders(r.status(), out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        } catch (RuntimeException e) {
            ex.sendResponseHeaders(599, -1);
        }
    }

    /** Verdicts as the JSON text a model answers with: the same as the chat stand-in's. */
    static String answer(List<EntityVerdict> vs) {
        return StandInServer.answer(vs);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
