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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    final Secrets secrets;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build();

    BatchApi(String baseUrl, Secrets secrets) {
        this.baseUrl = baseUrl;
        this.secrets = secrets;
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
    abstract int maxRequests();

    abstract long maxBytes();

    /** The size an item takes in a batch (its line or entry). */
    abstract long size(Item item);

    abstract String submit(List<Item> items) throws IOException;

    abstract Status status(String id) throws IOException;

    abstract Map<String, Result> results(Status ended) throws IOException;

    abstract void cancel(String id) throws IOException;

    abstract void authorize(HttpRequest.Builder b);

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
        private final String apiKey;
        private final boolean azure;

        OpenAi(String baseUrl, String apiKey, boolean azure) {
            super(baseUrl, new Secrets(apiKey));
            this.apiKey = apiKey;
            this.azure = azure;
        }

        @Override
        int maxRequests() {
            return 50_000;
        }

        @Override
        long maxBytes() {
            return 200L * 1024 * 1024;
        }

        /** The endpoint every line goes to: the one the synchronous path posts to. */
        private String endpoint() {
            return azure ? "/chat/completions" : "/v1/chat/completions";
        }

        String line(Item item) {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("custom_id", item.customId()).put("method", "POST").put("url", endpoint());
            try {
                n.set("body", Json.MAPPER.readTree(item.body()));
            } catch (IOException e) {
                throw new IllegalStateException("request body is not JSON", e);
            }
            return n.toString();
        }

        @Override
        long size(Item item) {
            return line(item).getBytes(StandardCharsets.UTF_8).length + 1L;
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

        @Override
        String submit(List<Item> items) throws IOException {
            StringBuilder jsonl = new StringBuilder();
            for (Item i : items) {
                jsonl.append(line(i)).append('\n');
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
            String batch = send(HttpRequest.newBuilder(URI.create(baseUrl + "/batches"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(create.toString(), StandardCharsets.UTF_8)), "creating the batch");
            return Json.MAPPER.readTree(batch).path("id").asText();
        }

        @Override
        Status status(String id) throws IOException {
            JsonNode b = Json.MAPPER.readTree(send(HttpRequest.newBuilder(URI.create(baseUrl + "/batches/" + id)).GET(),
                    "reading batch " + id));
            String state = b.path("status").asText();
            JsonNode counts = b.path("request_counts");
            String detail = counts.isMissingNode() ? state : state + " (" + counts.path("completed").asLong() + " done, "
                    + counts.path("failed").asLong() + " failed of " + counts.path("total").asLong() + ")";
            boolean ended = state.equals("completed") || state.equals("expired") || state.equals("cancelled")
                    || state.equals("failed");
            if (state.equals("failed")) {
                JsonNode errors = b.path("errors").path("data");
                detail = "failed" + (errors.isArray() && errors.size() > 0 ? ": " + errors.get(0).path("message").asText() : "");
            }
            return new Status(id, state, ended, state.equals("failed"), detail);
        }

        @Override
        Map<String, Result> results(Status ended) throws IOException {
            JsonNode b = Json.MAPPER.readTree(send(HttpRequest.newBuilder(URI.create(baseUrl + "/batches/" + ended.id())).GET(),
                    "reading batch " + ended.id()));
            Map<String, Result> out = new LinkedHashMap<>();
            for (String field : List.of("output_file_id", "error_file_id")) {
                String fileId = b.path(field).asText("");
                if (fileId.isEmpty() || b.path(field).isNull()) {
                    continue;
                }
                String content = send(HttpRequest.newBuilder(URI.create(baseUrl + "/files/" + fileId + "/content")).GET(),
                        "downloading batch results");
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
                    String id = n.path("custom_id").asText();
                    JsonNode response = n.path("response");
                    if (response.path("status_code").asInt() == 200 && response.has("body")) {
                        JsonNode body = response.get("body");
                        out.put(id, new Result(body.isTextual() ? body.asText() : body.toString(), null));
                    } else {
                        String msg = n.path("error").path("message").asText(
                                response.path("body").path("error").path("message").asText("HTTP " + response.path("status_code").asInt()));
                        String code = n.path("error").path("code").asText("");
                        out.put(id, new Result(null, (code.isEmpty() ? "" : code + ": ") + msg));
                    }
                }
            }
            return out;
        }

        @Override
        void cancel(String id) throws IOException {
            send(HttpRequest.newBuilder(URI.create(baseUrl + "/batches/" + id + "/cancel"))
                    .POST(HttpRequest.BodyPublishers.noBody()), "cancelling batch " + id);
        }
    }

    /** Anthropic's Message Batches API. */
    static final class Anthropic extends BatchApi {
        private final String apiKey;

        Anthropic(String baseUrl, String apiKey) {
            super(baseUrl, new Secrets(apiKey));
            this.apiKey = apiKey;
        }

        @Override
        int maxRequests() {
            return 100_000;
        }

        @Override
        long maxBytes() {
            return 256L * 1024 * 1024;
        }

        String entry(Item item) {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("custom_id", item.customId());
            try {
                n.set("params", Json.MAPPER.readTree(item.body()));
            } catch (IOException e) {
                throw new IllegalStateException("request body is not JSON", e);
            }
            return n.toString();
        }

        @Override
        long size(Item item) {
            return entry(item).getBytes(StandardCharsets.UTF_8).length + 1L;
        }

        @Override
        void authorize(HttpRequest.Builder b) {
            b.header("x-api-key", apiKey == null ? "none" : apiKey).header("anthropic-version", "2023-06-01");
        }

        @Override
        String submit(List<Item> items) throws IOException {
            StringBuilder body = new StringBuilder("{\"requests\":[");
            for (int i = 0; i < items.size(); i++) {
                body.append(i == 0 ? "" : ",").append(entry(items.get(i)));
            }
            body.append("]}");
            String r = send(HttpRequest.newBuilder(URI.create(baseUrl + "/messages/batches"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)), "creating the batch");
            return Json.MAPPER.readTree(r).path("id").asText();
        }

        @Override
        Status status(String id) throws IOException {
            JsonNode b = Json.MAPPER.readTree(send(HttpRequest.newBuilder(URI.create(baseUrl + "/messages/batches/" + id)).GET(),
                    "reading batch " + id));
            String state = b.path("processing_status").asText();
            JsonNode c = b.path("request_counts");
            String detail = state + " (" + c.path("succeeded").asLong() + " succeeded, " + c.path("errored").asLong()
                    + " errored, " + c.path("expired").asLong() + " expired, " + c.path("processing").asLong() + " processing)";
            return new Status(id, state, state.equals("ended"), false, detail);
        }

        @Override
        Map<String, Result> results(Status ended) throws IOException {
            JsonNode b = Json.MAPPER.readTree(send(HttpRequest.newBuilder(URI.create(baseUrl + "/messages/batches/" + ended.id())).GET(),
                    "reading batch " + ended.id()));
            String url = b.path("results_url").asText("");
            Map<String, Result> out = new LinkedHashMap<>();
            if (url.isEmpty()) {
                return out;
            }
            String content = send(HttpRequest.newBuilder(URI.create(url)).GET(), "downloading batch results");
            for (String line : content.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    continue;
                }
                String id = n.path("custom_id").asText();
                JsonNode result = n.path("result");
                String type = result.path("type").asText();
                if (type.equals("succeeded")) {
                    out.put(id, new Result(result.path("message").toString(), null));
                } else {
                    String msg = result.path("error").path("error").path("message").asText(result.path("error").path("message").asText(""));
                    out.put(id, new Result(null, type + (msg.isEmpty() ? "" : ": " + msg)));
                }
            }
            return out;
        }

        @Override
        void cancel(String id) throws IOException {
            send(HttpRequest.newBuilder(URI.create(baseUrl + "/messages/batches/" + id + "/cancel"))
                    .POST(HttpRequest.BodyPublishers.noBody()), "cancelling batch " + id);
        }
    }
}
