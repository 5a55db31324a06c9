package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.util.InputException;
import org.speccxr.util.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A provider's batch API: OpenAI and Azure OpenAI ({@code /files} + {@code /batches}: a JSONL file of requests,
 * 24-hour window) and Anthropic ({@code /messages/batches}). Bodies are the synchronous path's own
 * ({@link BatchWire#capture}); results come back keyed by custom id, in any order.
 */
abstract class BatchApi {
    /** One request of a batch. */
    record Item(String customId, String body) {
    }

    /** A batch as the provider reports it; {@code ended} when its results are final (completed, expired, cancelled). */
    record Status(String id, String state, boolean ended, boolean failed, String detail) {
    }

    /** One result: the response body as a synchronous call would get it, or why there is none. */
    record Result(String body, String error) {
    }

    final String baseUrl;
    final String apiKey;
    final Secrets secrets;
    private final int maxRequests;
    private final long maxBytes;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build();

    BatchApi(String baseUrl, String apiKey, int maxRequests, long maxBytes) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.secrets = new Secrets(apiKey);
        this.maxRequests = maxRequests;
        this.maxBytes = maxBytes;
    }

    static BatchApi of(Provider provider, String baseUrl, String apiKey) {
        return switch (provider) {
            case OPENAI -> new OpenAi(baseUrl, apiKey, false);
            case AZURE -> new OpenAi(baseUrl, apiKey, true);
            case ANTHROPIC -> new Anthropic(baseUrl, apiKey);
            case OLLAMA, BEDROCK, GEMINI, VERTEX -> throw new InputException("--batch works with openai:, azure: and"
                    + " anthropic: judges (" + provider.id() + ": has no batch support here)");
        };
    }

    /** The most requests and bytes one batch may hold. */
    final int maxRequests() {
        return maxRequests;
    }

    final long maxBytes() {
        return maxBytes;
    }

    /** Where the provider keeps its batches, below {@link #baseUrl}: {@code <path>/<id>} reads one. */
    abstract String batchesPath();

    /** Which field in the root of the request item holds the request body. */
    abstract String bodyField();

    /** Fields an item carries beside its custom id and body (OpenAI's method and url). */
    void describe(ObjectNode item) {
    }

    /** The body that creates a batch of these items at {@link #batchesPath()} (OpenAI uploads a file first). */
    abstract String createBody(List<Item> items) throws IOException;

    /** The field holding a batch's state, the states in which it has ended, and the one that means it failed. */
    abstract String stateField();

    abstract Set<String> endedStates();

    abstract String failedState();

    /** The state and counts of a batch in a line. */
    abstract String detail(String state, JsonNode batch);

    /** The addresses of a batch's result files: one JSON line a request, each with its custom id. */
    abstract List<String> resultFiles(JsonNode batch);

    /** One line of a result file. */
    abstract Result result(JsonNode line);

    abstract void authorize(HttpRequest.Builder b);

    /** An item as it stands in a batch: its line in the file or its entry in the list. */
    final String wire(Item item) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("custom_id", item.customId());
        describe(n);
        try {
            n.set(bodyField(), Json.MAPPER.readTree(item.body()));
        } catch (IOException e) {
            throw new IllegalStateException("request body is not JSON", e);
        }
        return n.toString();
    }

    /** The size an item takes in a batch (its line or entry). */
    final long size(Item item) {
        return wire(item).getBytes(StandardCharsets.UTF_8).length + 1L;
    }

    final String submit(List<Item> items) throws IOException {
        String batch = send(postJson(baseUrl + batchesPath(), createBody(items)), "creating the batch");
        return Json.MAPPER.readTree(batch).path("id").asText();
    }

    final Status status(String id) throws IOException {
        JsonNode b = batch(id);
        String state = b.path(stateField()).asText();
        return new Status(id, state, endedStates().contains(state), state.equals(failedState()), detail(state, b));
    }

    final Map<String, Result> results(Status ended) throws IOException {
        JsonNode b = batch(ended.id());
        Map<String, Result> out = new LinkedHashMap<>();
        for (String url : resultFiles(b)) {
            String content = send(HttpRequest.newBuilder(URI.create(url)).GET(), "downloading batch results");
            for (String line : content.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    continue; // a damaged line names no custom id: its pair counts as without result
                }
                out.put(n.path("custom_id").asText(), result(n));
            }
        }
        return out;
    }

    final void cancel(String id) throws IOException {
        send(HttpRequest.newBuilder(URI.create(baseUrl + batchesPath() + "/" + id + "/cancel"))
                .POST(HttpRequest.BodyPublishers.noBody()), "cancelling batch " + id);
    }

    private JsonNode batch(String id) throws IOException {
        return Json.MAPPER.readTree(send(HttpRequest.newBuilder(URI.create(baseUrl + batchesPath() + "/" + id)).GET(),
                "reading batch " + id));
    }

    static HttpRequest.Builder postJson(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    String send(HttpRequest.Builder b, String what) throws IOException {
        authorize(b);
        HttpResponse<String> r;
        try {
            r = http.send(b.timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (r.statusCode() < 200 || r.statusCode() >= 300) {
            String message = r.body();
            try {
                JsonNode n = Json.MAPPER.readTree(r.body());
                message = n.path("error").path("message").asText(r.body());
            } catch (IOException | RuntimeException notJson) {
                // keep the raw body
            }
            throw new IOException(what + ": HTTP " + r.statusCode() + ": " + secrets.redact(firstLine(message)));
        }
        return r.body();
    }

    static String firstLine(String s) {
        String t = s == null ? "" : s.strip();
        int nl = t.indexOf('\n');
        t = nl < 0 ? t : t.substring(0, nl);
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }

    /** OpenAI's Batch API; Azure OpenAI's v1 endpoint speaks the same, with its api-key header. */
    static final class OpenAi extends BatchApi {
        private final boolean azure;

        OpenAi(String baseUrl, String apiKey, boolean azure) {
            super(baseUrl, apiKey, 50_000, 200L * 1024 * 1024);
            this.azure = azure;
        }

        /** The endpoint every line goes to: the one the synchronous path posts to. */
        private String endpoint() {
            return azure ? "/chat/completions" : "/v1/chat/completions";
        }

        @Override
        String batchesPath() {
            return "/batches";
        }

        @Override
        String bodyField() {
            return "body";
        }

        @Override
        void describe(ObjectNode item) {
            item.put("method", "POST").put("url", endpoint());
        }

        @Override
        void authorize(HttpRequest.Builder b) {
            if (apiKey == null) {
                return;
            }
            if (azure) {
                b.header("api-key", apiKey);
            } else {
                b.header("Authorization", "Bearer " + apiKey);
            }
        }

        /** Uploads the JSONL file of requests; the batch names it. */
        @Override
        String createBody(List<Item> items) throws IOException {
            StringBuilder jsonl = new StringBuilder();
            for (Item i : items) {
                jsonl.append(wire(i)).append('\n');
            }
            String boundary = "spec-cxr-" + UUID.randomUUID();
            String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                    + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"spec-cxr-batch.jsonl\"\r\n"
                    + "Content-Type: application/jsonl\r\n\r\n" + jsonl + "\r\n--" + boundary + "--\r\n";
            String file = send(HttpRequest.newBuilder(URI.create(baseUrl + "/files"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofString(multipart, StandardCharsets.UTF_8)), "uploading the batch file");
            String fileId = Json.MAPPER.readTree(file).path("id").asText();
            ObjectNode create = Json.MAPPER.createObjectNode();
            create.put("input_file_id", fileId).put("endpoint", endpoint()).put("completion_window", "24h");
            create.putObject("metadata").put("tool", "spec-cxr");
            return create.toString();
        }

        @Override
        String stateField() {
            return "status";
        }

        @Override
        Set<String> endedStates() {
            return Set.of("completed", "expired", "cancelled", "failed");
        }

        @Override
        String failedState() {
            return "failed";
        }

        @Override
        String detail(String state, JsonNode b) {
            if (state.equals("failed")) {
                JsonNode errors = b.path("errors").path("data");
                return "failed" + (errors.isArray() && errors.size() > 0 ? ": " + errors.get(0).path("message").asText() : "");
            }
            JsonNode counts = b.path("request_counts");
            return counts.isMissingNode() ? state : state + " (" + counts.path("completed").asLong() + " done, "
                    + counts.path("failed").asLong() + " failed of " + counts.path("total").asLong() + ")";
        }

        @Override
        List<String> resultFiles(JsonNode b) {
            List<String> urls = new ArrayList<>();
            for (String field : List.of("output_file_id", "error_file_id")) {
                String fileId = b.path(field).asText("");
                if (!fileId.isEmpty() && !b.path(field).isNull()) {
                    urls.add(baseUrl + "/files/" + fileId + "/content");
                }
            }
            return urls;
        }

        @Override
        Result result(JsonNode n) {
            JsonNode response = n.path("response");
            if (response.path("status_code").asInt() == 200 && response.has("body")) {
                JsonNode body = response.get("body");
                return new Result(body.isTextual() ? body.asText() : body.toString(), null);
            }
            String msg = n.path("error").path("message").asText(
                    response.path("body").path("error").path("message").asText("HTTP " + response.path("status_code").asInt()));
            String code = n.path("error").path("code").asText("");
            return new Result(null, (code.isEmpty() ? "" : code + ": ") + msg);
        }
    }

    /** Anthropic's Message Batches API. */
    static final class Anthropic extends BatchApi {
        Anthropic(String baseUrl, String apiKey) {
            super(baseUrl, apiKey, 100_000, 256L * 1024 * 1024);
        }

        @Override
        String batchesPath() {
            return "/messages/batches";
        }

        @Override
        String bodyField() {
            return "params";
        }

        @Override
        void authorize(HttpRequest.Builder b) {
            b.header("x-api-key", apiKey == null ? "none" : apiKey).header("anthropic-version", "2023-06-01");
        }

        @Override
        String createBody(List<Item> items) {
            StringBuilder body = new StringBuilder("{\"requests\":[");
            for (int i = 0; i < items.size(); i++) {
                body.append(i == 0 ? "" : ",").append(wire(items.get(i)));
            }
            return body.append("]}").toString();
        }

        @Override
        String stateField() {
            return "processing_status";
        }

        @Override
        Set<String> endedStates() {
            return Set.of("ended");
        }

        /** Anthropic's batches do not fail as a whole: each request succeeds, errs or expires. */
        @Override
        String failedState() {
            return null;
        }

        @Override
        String detail(String state, JsonNode b) {
            JsonNode c = b.path("request_counts");
            return state + " (" + c.path("succeeded").asLong() + " succeeded, " + c.path("errored").asLong()
                    + " errored, " + c.path("expired").asLong() + " expired, " + c.path("processing").asLong() + " processing)";
        }

        @Override
        List<String> resultFiles(JsonNode b) {
            String url = b.path("results_url").asText("");
            return url.isEmpty() ? List.of() : List.of(url);
        }

        @Override
        Result result(JsonNode n) {
            JsonNode result = n.path("result");
            String type = result.path("type").asText();
            if (type.equals("succeeded")) {
                return new Result(result.path("message").toString(), null);
            }
            String msg = result.path("error").path("error").path("message").asText(result.path("error").path("message").asText(""));
            return new Result(null, type + (msg.isEmpty() ? "" : ": " + msg));
        }
    }
}
