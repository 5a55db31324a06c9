package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.rules.RulesJudge;
import org.speccxr.util.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the two batch APIs, speaking their documented wire formats: OpenAI's (and Azure OpenAI's v1)
 * {@code POST /files} (multipart, purpose batch), {@code POST /batches}, {@code GET /batches/{id}},
 * {@code GET /files/{id}/content}, {@code POST /batches/{id}/cancel}; Anthropic's {@code POST /messages/batches},
 * {@code GET /messages/batches/{id}}, its {@code results_url} and {@code /cancel}. A batch stays in progress for a
 * set number of status reads, then ends. Answers are the offline rules judge's, in each API's response envelope.
 * Faults: a batch that expires with only some requests done, results left out, one result's answer invalid JSON.
 */
final class BatchStandIn implements AutoCloseable {
    enum Api { OPENAI, ANTHROPIC }

    final Api api;
    private final HttpServer server;
    private final String prefix;
    private final RulesJudge rules = new RulesJudge(EntitySetLoader.loadDefault());
    private final Map<String, List<JsonNode>> files = new ConcurrentHashMap<>();
    private final Map<String, Batch> batches = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    /** How often each custom id was answered (paid for) over all batches. */
    final Map<String, Integer> answered = new ConcurrentHashMap<>();
    final List<String> paths = Collections.synchronizedList(new ArrayList<>());
    final List<String> authHeaders = Collections.synchronizedList(new ArrayList<>());

    int pollsBeforeEnd = 2;
    /** The next batch expires after answering this many requests (-1: none). */
    int expireAfter = -1;
    /** The next batch's results leave out this many requests (no line at all). */
    int leaveOut = 0;
    /** The next batch answers its first request with text that is not JSON. */
    boolean invalidFirst = false;
    /** Every batch expires with nothing done. */
    boolean expireAll = false;

    private final class Batch {
        final String id;
        final List<JsonNode> requests;
        final int expireAfter;
        final int leaveOut;
        final boolean invalidFirst;
        int polls;
        boolean cancelled;
        String outputFile;
        String errorFile;
        String state;

        Batch(String id, List<JsonNode> requests) {
            this.id = id;
            this.requests = requests;
            this.expireAfter = BatchStandIn.this.expireAll ? 0 : BatchStandIn.this.expireAfter;
            this.leaveOut = BatchStandIn.this.leaveOut;
            this.invalidFirst = BatchStandIn.this.invalidFirst;
            BatchStandIn.this.expireAfter = -1;
            BatchStandIn.this.leaveOut = 0;
            BatchStandIn.this.invalidFirst = false;
            this.state = api == Api.OPENAI ? "validating" : "in_progress";
        }
    }

    BatchStandIn(Api api, String prefix) throws IOException {
        this.api = api;
        this.prefix = prefix;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + prefix;
    }

    int batchCount() {
        return batches.size();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        paths.add(ex.getRequestMethod() + " " + path);
        String auth = ex.getRequestHeaders().getFirst(api == Api.OPENAI ? "Authorization" : "x-api-key");
        String azure = ex.getRequestHeaders().getFirst("api-key");
        authHeaders.add(auth != null ? auth : azure != null ? "api-key " + azure : "");
        byte[] in = ex.getRequestBody().readAllBytes();
        String body = new String(in, StandardCharsets.UTF_8);
        try {
            String rest = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
            if (api == Api.OPENAI) {
                openAi(ex, rest, body, ex.getRequestHeaders().getFirst("Content-Type"));
            } else {
                anthropic(ex, rest, body);
            }
        } catch (RuntimeException e) {
            send(ex, 500, "{\"error\":{\"message\":\"stand-in: " + e + "\"}}");
        }
    }

    private void openAi(HttpExchange ex, String path, String body, String contentType) throws IOException {
        Matcher m;
        if (path.equals("/files") && ex.getRequestMethod().equals("POST")) {
            String boundary = contentType.replaceFirst(".*boundary=", "");
            List<JsonNode> lines = new ArrayList<>();
            String purpose = null;
            for (String part : body.split("--" + Pattern.quote(boundary))) {
                if (part.contains("name=\"purpose\"")) {
                    purpose = part.substring(part.indexOf("\r\n\r\n") + 4).strip();
                } else if (part.contains("name=\"file\"")) {
                    for (String line : part.substring(part.indexOf("\r\n\r\n") + 4).split("\n")) {
                        if (!line.isBlank()) {
                            lines.add(Json.MAPPER.readTree(line));
                        }
                    }
                }
            }
            if (!"batch".equals(purpose)) {
                send(ex, 400, "{\"error\":{\"message\":\"purpose must be batch\"}}");
                return;
            }
            String id = "file-" + ids.incrementAndGet();
            files.put(id, lines);
            send(ex, 200, "{\"id\":\"" + id + "\",\"object\":\"file\",\"purpose\":\"batch\"}");
        } else if (path.equals("/batches") && ex.getRequestMethod().equals("POST")) {
            JsonNode req = Json.MAPPER.readTree(body);
            List<JsonNode> lines = files.get(req.path("input_file_id").asText());
            if (lines == null || !req.path("completion_window").asText().equals("24h")) {
                send(ex, 400, "{\"error\":{\"message\":\"bad batch\"}}");
                return;
            }
            for (JsonNode l : lines) {
                if (!l.path("url").asText().equals(req.path("endpoint").asText()) || !l.path("method").asText().equals("POST")) {
                    send(ex, 400, "{\"error\":{\"message\":\"line url differs from the batch endpoint\"}}");
                    return;
                }
            }
            Batch b = new Batch("batch_" + ids.incrementAndGet(), lines);
            batches.put(b.id, b);
            send(ex, 200, openAiBatch(b));
        } else if ((m = Pattern.compile("/batches/([^/]+)").matcher(path)).matches()) {
            Batch b = batches.get(m.group(1));
            advance(b);
            send(ex, 200, openAiBatch(b));
        } else if ((m = Pattern.compile("/batches/([^/]+)/cancel").matcher(path)).matches()) {
            Batch b = batches.get(m.group(1));
            b.cancelled = true;
            b.state = "cancelling";
            send(ex, 200, openAiBatch(b));
        } else if ((m = Pattern.compile("/files/([^/]+)/content").matcher(path)).matches()) {
            List<JsonNode> lines = files.get(m.group(1));
            StringBuilder sb = new StringBuilder();
            lines.forEach(l -> sb.append(l).append('\n'));
            send(ex, 200, sb.toString());
        } else {
            send(ex, 404, "{\"error\":{\"message\":\"no route " + path + "\"}}");
        }
    }

    /** Status reads move a batch on; at its end its results are written, done in a shuffled order. */
    private void advance(Batch b) {
        if (b.outputFile != null || b.state.equals("failed")) {
            return;
        }
        b.polls++;
        if (b.polls < pollsBeforeEnd && !b.cancelled) {
            b.state = "in_progress";
            return;
        }
        List<JsonNode> out = new ArrayList<>();
        List<JsonNode> errors = new ArrayList<>();
        int n = 0;
        for (JsonNode r : b.requests) {
            String customId = r.path("custom_id").asText();
            JsonNode body = api == Api.OPENAI ? r.path("body") : r.path("params");
            n++;
            boolean expired = b.expireAfter >= 0 && n > b.expireAfter;
            if (n > b.requests.size() - b.leaveOut) {
                continue; // the fault: no line for it at all
            }
            ObjectNode line = Json.MAPPER.createObjectNode().put("custom_id", customId);
            if (expired || b.cancelled) {
                if (api == Api.OPENAI) {
                    line.put("id", "batch_req_" + n).putNull("response");
                    line.putObject("error").put("code", b.cancelled ? "batch_cancelled" : "batch_expired")
                            .put("message", "This request could not be executed before the completion window expired.");
                    errors.add(line);
                } else {
                    line.putObject("result").put("type", b.cancelled ? "canceled" : "expired");
                    out.add(line);
                }
                continue;
            }
            String content = b.invalidFirst && n == 1 ? "{\"entities\": [ {\"entity\": " : answer(body);
            answered.merge(customId, 1, Integer::sum);
            try {
                JsonNode envelope = Json.MAPPER.readTree(StandInServer.envelope(
                        api == Api.OPENAI ? StandInServer.Wire.OPENAI : StandInServer.Wire.ANTHROPIC, content, 5000, 200));
                if (api == Api.OPENAI) {
                    line.put("id", "batch_req_" + n);
                    line.putObject("response").put("status_code", 200).put("request_id", "req_" + n).set("body", envelope);
                    line.putNull("error");
                } else {
                    line.putObject("result").put("type", "succeeded").set("message", envelope);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            out.add(line);
        }
        Collections.reverse(out); // results are not in input order
        b.outputFile = "file-" + ids.incrementAndGet();
        files.put(b.outputFile, out);
        if (!errors.isEmpty()) {
            b.errorFile = "file-" + ids.incrementAndGet();
            files.put(b.errorFile, errors);
        }
        b.state = b.cancelled ? (api == Api.OPENAI ? "cancelled" : "ended") : b.expireAfter >= 0
                ? (api == Api.OPENAI ? "expired" : "ended") : (api == Api.OPENAI ? "completed" : "ended");
    }

    /** The rules judge's verdicts on the reports in the request's user message. */
    private String answer(JsonNode body) {
        String user = null;
        for (JsonNode msg : body.path("messages")) {
            if (msg.path("role").asText().equals("user")) {
                JsonNode c = msg.path("content");
                user = c.isTextual() ? c.asText() : c.get(0).path("text").asText();
            }
        }
        String ref = between(user, "<reference_report>\n", "\n</reference_report>");
        String cand = between(user, "<candidate_report>\n", "\n</candidate_report>");
        return StandInServer.answer(rules.judge(new org.speccxr.judge.ReportPair("x", "m", ref, cand), 1).entities());
    }

    private static String between(String s, String a, String b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b, i + a.length());
        return s.substring(i + a.length(), j);
    }

    private String openAiBatch(Batch b) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", b.id).put("object", "batch").put("endpoint", "/v1/chat/completions").put("status", b.state);
        n.put("output_file_id", b.outputFile);
        n.put("error_file_id", b.errorFile);
        n.putObject("request_counts").put("total", b.requests.size()).put("completed", b.outputFile == null ? 0 : b.requests.size())
                .put("failed", 0);
        return n.toString();
    }

    private void anthropic(HttpExchange ex, String path, String body) throws IOException {
        Matcher m;
        if (path.equals("/v1/messages/batches") && ex.getRequestMethod().equals("POST")) {
            JsonNode req = Json.MAPPER.readTree(body);
            List<JsonNode> requests = new ArrayList<>();
            for (JsonNode r : req.path("requests")) {
                if (!r.path("custom_id").asText().matches("[a-zA-Z0-9_-]{1,64}")) {
                    send(ex, 400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"custom_id\"}}");
                    return;
                }
                requests.add(r);
            }
            Batch b = new Batch("msgbatch_" + ids.incrementAndGet(), requests);
            batches.put(b.id, b);
            send(ex, 200, anthropicBatch(b));
        } else if ((m = Pattern.compile("/v1/messages/batches/([^/]+)").matcher(path)).matches()) {
            Batch b = batches.get(m.group(1));
            advance(b);
            send(ex, 200, anthropicBatch(b));
        } else if ((m = Pattern.compile("/v1/messages/batches/([^/]+)/cancel").matcher(path)).matches()) {
            Batch b = batches.get(m.group(1));
            b.cancelled = true;
            b.state = "canceling";
            send(ex, 200, anthropicBatch(b));
        } else if ((m = Pattern.compile("/v1/messages/batches/([^/]+)/results").matcher(path)).matches()) {
            Batch b = batches.get(m.group(1));
            StringBuilder sb = new StringBuilder();
            files.get(b.outputFile).forEach(l -> sb.append(l).append('\n'));
            send(ex, 200, sb.toString());
        } else {
            send(ex, 404, "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"" + path + "\"}}");
        }
    }

    private String anthropicBatch(Batch b) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", b.id).put("type", "message_batch").put("processing_status", b.state);
        ObjectNode c = n.putObject("request_counts");
        c.put("processing", b.outputFile == null ? b.requests.size() : 0).put("succeeded", 0).put("errored", 0)
                .put("canceled", 0).put("expired", 0);
        if (b.outputFile != null) {
            n.put("results_url", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/messages/batches/" + b.id + "/results");
        } else {
            n.putNull("results_url");
        }
        return n.toString();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    Map<String, Integer> answeredCounts() {
        return new LinkedHashMap<>(answered);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
