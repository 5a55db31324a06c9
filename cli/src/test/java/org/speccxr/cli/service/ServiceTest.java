package org.speccxr.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeException;
import org.speccxr.judge.JudgeInfo;
import org.speccxr.judge.JudgeOutput;
import org.speccxr.judge.ReportPair;
import org.speccxr.judge.rules.RuleSet;
import org.speccxr.run.Evaluator;
import org.speccxr.util.Json;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real service in-process on a free port, called with the JDK's HTTP client. */
class ServiceTest {
    private static final EntitySet SET = EntitySetLoader.loadDefault();
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Service service;

    private Service start(Evaluator ev, int maxItems, long maxBytes) throws IOException {
        toClose.add(ev);
        service = new Service(new Service.Config("127.0.0.1", 0, maxBytes, maxItems, 4), ev, RuleSet.loadDefault(), System::nanoTime);
        service.start();
        return service;
    }

    private Service startRules() throws IOException {
        return start(Evaluator.builder().entitySet(SET).judge("rules").build(), 5, 20_000);
    }

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.stop(Duration.ZERO);
        }
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + service.port() + path);
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return post(path, "application/json", body);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    private static String pairs(String... idRefCand) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (int i = 0; i < idRefCand.length; i += 3) {
            a.addObject().put("id", idRefCand[i]).put("reference", idRefCand[i + 1]).put("candidate", idRefCand[i + 2]);
        }
        return Json.MAPPER.createObjectNode().set("pairs", a).toString();
    }

    @Test
    void evaluateAnswersReportScoresRecordsAndEntityScoresInRequestOrder() throws Exception {
        startRules();
        String ref = "Small right pleural effusion. Mild cardiomegaly.";
        String body = pairs("b", ref, "Large left pleural effusion.", "a", ref, ref).replace("}]}", "}], \"model\": \"m\","
                + " \"entity_scores\": true}");
        HttpResponse<String> r = post("/v1/evaluate", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode n = json(r);
        assertThat(n.get("judge").asText()).isEqualTo("rules");
        JsonNode reports = n.get("reports");
        assertThat(reports).hasSize(2);
        assertThat(reports.get(0).get("id").asText()).isEqualTo("b");
        assertThat(reports.get(0).get("model").asText()).isEqualTo("m");
        // what the evaluator gives for the same pair, directly
        try (Evaluator ev = Evaluator.builder().entitySet(SET).judge("rules").concurrency(1).build()) {
            int direct = ev.judge(new ReportPair("b", "m", ref, "Large left pleural effusion.")).recordOrNull().errorCount();
            assertThat(direct).isGreaterThan(0);
            assertThat(reports.get(0).get("error_count").asInt()).isEqualTo(direct);
        }
        assertThat(reports.get(1).get("error_count").asInt()).isZero();
        assertThat(reports.get(1).get("f1").asDouble()).isEqualTo(1.0);
        assertThat(reports.get(0).get("f1").asDouble()).isLessThan(1.0);
        assertThat(n.get("records")).hasSize(2);
        assertThat(n.get("records").get(0).get("entities").toString()).contains("pleural_effusion");
        assertThat(n.get("failures").asInt()).isZero();
        JsonNode model = n.get("scores").get("models").get("m");
        assertThat(model.get("pairs").asInt()).isEqualTo(2);
        assertThat(model.get("entities").toString()).contains("\"entity\":\"pleural_effusion\"");
        // records can be left out (a reward function needs only the scores)
        JsonNode lean = json(post("/v1/evaluate", pairs("1", "a", "b").replace("}]}", "}], \"records\": false}")));
        assertThat(lean.has("records")).isFalse();
        assertThat(lean.has("scores")).isFalse();
        assertThat(lean.get("reports")).hasSize(1);
    }

    @Test
    void badRequestsAnswerOneLineAndTheNextRequestIsServed() throws Exception {
        startRules();
        String good = pairs("1", "No effusion.", "No effusion.");
        record Bad(String path, String type, String body, int status, String message) {
        }
        List<Bad> bad = List.of(
                new Bad("/v1/evaluate", "application/json", "{\"pairs\": [", 400, "not valid JSON"),
                new Bad("/v1/evaluate", "application/json", "[1, 2]", 400, "must be a JSON object"),
                new Bad("/v1/evaluate", "application/json", "", 400, "body is empty"),
                new Bad("/v1/evaluate", "application/json", "{\"pairs\": [{\"reference\": \"a\", \"candidate\": \"b\"}]}", 400,
                        "pairs[0]: missing field 'id'"),
                new Bad("/v1/evaluate", "application/json", "{\"pairs\": [{\"id\": \"1\", \"reference\": \"a\", \"candidate\": 3}]}", 400,
                        "pairs[0]: field 'candidate' is a JSON number, not a string"),
                new Bad("/v1/evaluate", "application/json", pairs("1", "a", "b", "1", "a", "c"), 400,
                        "pairs[1]: duplicate pair id '1'"),
                new Bad("/v1/evaluate", "application/json", pairs("1", "a", "b", "2", "a", "b", "3", "a", "b", "4", "a", "b",
                        "5", "a", "b", "6", "a", "b"), 400, "holds 6 pairs; at most 5 per request"),
                new Bad("/v1/evaluate", "text/plain", good, 400, "Content-Type must be application/json (got 'text/plain')"),
                new Bad("/v1/evaluate", null, good, 400, "Content-Type must be application/json"),
                new Bad("/v1/evaluate", "application/json", pairs("1", "x".repeat(30_000), "b"), 413, "larger than 20000 bytes"),
                new Bad("/v1/evaluate", "application/json", "{\"pairs\": {}}", 400, "must be a list of pairs"),
                new Bad("/v1/evaluate", "application/json", "{\"pairs\": []}", 400, "empty list"),
                new Bad("/v1/label", "application/json", "{\"reports\": [\"a\"], \"labelset\": \"radlex\"}", 400, "unknown label set 'radlex'"),
                new Bad("/v1/label", "application/json", "{\"reports\": [\"a\"], \"uncertain\": \"maybe\"}", 400, "keep, positive or negative"),
                new Bad("/v1/score", "application/json", "{\"records\": [{\"entities\": []}]}", 400, "records[0]: record has no id"),
                new Bad("/v1/score", "application/json", "{\"records\": [{\"id\": \"1\", \"entities\": [{\"entity\": \"pneumonia\","
                        + " \"presence\": \"MAYBE\"}]}]}", 400, "records[0]: not a verdict record"),
                new Bad("/v1/nothing", "application/json", good, 404, "no endpoint /v1/nothing"));
        for (Bad b : bad) {
            HttpResponse<String> r = post(b.path(), b.type(), b.body());
            assertThat(r.statusCode()).as(b.message() + ": " + r.body()).isEqualTo(b.status());
            JsonNode n = json(r);
            String error = n.get("error").asText();
            assertThat(error).contains(b.message()).doesNotContain("\n", "Exception", "\tat ", "REDACTED");
            assertThat(n.size()).isEqualTo(1);
            HttpResponse<String> next = post("/v1/evaluate", good);
            assertThat(next.statusCode()).as("served after: " + b.message()).isEqualTo(200);
        }
        HttpResponse<String> wrongMethod = get("/v1/evaluate");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(json(wrongMethod).get("error").asText()).isEqualTo("GET is not allowed here; use POST");
        assertThat(post("/health", "{}").statusCode()).isEqualTo(405);
    }

    @Test
    void labelFollowsTheCheXpertConvention() throws Exception {
        startRules();
        HttpResponse<String> r = post("/v1/label", "{\"labelset\": \"chexpert\", \"reports\": [\"Large right pleural effusion.\","
                + " {\"id\": \"s2\", \"report\": \"No pleural effusion. Possible pneumonia.\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode n = json(r);
        assertThat(n.get("labelset").asText()).isEqualTo("chexpert");
        assertThat(n.get("labels").toString()).contains("\"Pleural Effusion\"", "\"No Finding\"");
        JsonNode first = n.get("results").get(0);
        assertThat(first.get("id").asText()).isEqualTo("0");
        assertThat(first.get("labels").get("Pleural Effusion").asInt()).isEqualTo(1);
        assertThat(first.get("labels").get("Cardiomegaly").isNull()).isTrue();
        JsonNode second = n.get("results").get(1);
        assertThat(second.get("id").asText()).isEqualTo("s2");
        assertThat(second.get("labels").get("Pleural Effusion").asInt()).isZero();
        assertThat(second.get("labels").get("Pneumonia").asInt()).isEqualTo(-1);
        JsonNode ones = json(post("/v1/label", "{\"labelset\": \"chexpert\", \"uncertain\": \"positive\", \"reports\": [\"Possible pneumonia.\"]}"));
        assertThat(ones.get("results").get(0).get("labels").get("Pneumonia").asInt()).isEqualTo(1);
    }

    @Test
    void scoreRescoresTheRecordsEvaluateGave() throws Exception {
        startRules();
        JsonNode ev = json(post("/v1/evaluate", pairs("1", "Small right pleural effusion.", "Large left pleural effusion.",
                "2", "Cardiomegaly.", "No acute process.")));
        ObjectNode req = Json.MAPPER.createObjectNode();
        req.set("records", ev.get("records"));
        HttpResponse<String> r = post("/v1/score", req.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode n = json(r);
        assertThat(n.get("reports")).isEqualTo(ev.get("reports"));
        assertThat(n.get("scores").get("models").get("candidate").get("pairs").asInt()).isEqualTo(2);
    }

    @Test
    void entitiesHealthAndAnOpenApiDescriptionThatListsEveryPath() throws Exception {
        startRules();
        JsonNode entities = json(get("/v1/entities"));
        assertThat(entities.get("entities")).hasSize(SET.entities().size());
        assertThat(entities.get("hash").asText()).isEqualTo(SET.hash());
        JsonNode health = json(get("/health"));
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("judge").asText()).isEqualTo("rules");
        HttpResponse<String> api = get("/openapi.json");
        assertThat(api.statusCode()).isEqualTo(200);
        JsonNode doc = json(api);
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        Set<String> paths = new HashSet<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).containsExactlyInAnyOrder("/v1/evaluate", "/v1/label", "/v1/score", "/v1/entities", "/health", "/openapi.json");
        // every path described is served, with the method described
        for (String p : paths) {
            JsonNode ops = doc.get("paths").get(p);
            int status = ops.has("get") ? get(p).statusCode() : post(p, "{}").statusCode();
            assertThat(status).as(p).isNotEqualTo(404).isNotEqualTo(405);
        }
        // every $ref points at a component that exists
        for (String ref : refs(doc, new ArrayList<>())) {
            String[] parts = ref.substring(2).split("/");
            JsonNode target = doc;
            for (String part : parts) {
                target = target.path(part);
            }
            assertThat(target.isMissingNode()).as(ref).isFalse();
        }
    }

    private static List<String> refs(JsonNode n, List<String> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref")) {
                    out.add(e.getValue().asText());
                } else {
                    refs(e.getValue(), out);
                }
            });
        } else if (n.isArray()) {
            n.forEach(c -> refs(c, out));
        }
        return out;
    }

    /** A judge whose calls wait at a gate; it counts the calls that have entered. */
    private static final class GateJudge implements Judge {
        final CountDownLatch entered;
        final CountDownLatch gate;

        GateJudge(int enter, CountDownLatch gate) {
            this.entered = new CountDownLatch(enter);
            this.gate = gate;
        }

        @Override
        public JudgeInfo info() {
            return new JudgeInfo("gate", "gate", "", Map.of(), null);
        }

        @Override
        public JudgeOutput judge(ReportPair pair, int run) throws JudgeException {
            entered.countDown();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new JudgeException("the gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JudgeException("interrupted");
            }
            return new JudgeOutput(List.of(EntityVerdict.of("pleural_effusion", Presence.FP)));
        }
    }

    @Test
    void concurrentRequestsAreJudgedInParallel() throws Exception {
        // each request's one pair waits until both requests' pairs are being judged: served one at a time, it would fail
        CountDownLatch bothIn = new CountDownLatch(2);
        Judge judge = new Judge() {
            @Override
            public JudgeInfo info() {
                return new JudgeInfo("pair-up", "pair-up", "", Map.of(), null);
            }

            @Override
            public JudgeOutput judge(ReportPair pair, int run) throws JudgeException {
                bothIn.countDown();
                try {
                    if (!bothIn.await(30, TimeUnit.SECONDS)) {
                        throw new JudgeException("the other request was never judged alongside");
                    }
                } catch (InterruptedException e) {
                    throw new JudgeException("interrupted");
                }
                return new JudgeOutput(List.of());
            }
        };
        start(Evaluator.builder().entitySet(SET).judge(judge).concurrency(2).build(), 10, 100_000);
        CompletableFuture<HttpResponse<String>> a = client.sendAsync(HttpRequest.newBuilder(uri("/v1/evaluate"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(pairs("a", "x", "y"))).build(),
                HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> b = client.sendAsync(HttpRequest.newBuilder(uri("/v1/evaluate"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(pairs("b", "x", "y"))).build(),
                HttpResponse.BodyHandlers.ofString());
        for (HttpResponse<String> r : List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS))) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).get("failures").asInt()).as(r.body()).isZero();
        }
    }

    @Test
    void stopDrainsTheRequestsInFlightThenRefusesConnections() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        GateJudge judge = new GateJudge(1, gate);
        start(Evaluator.builder().entitySet(SET).judge(judge).concurrency(1).build(), 10, 100_000);
        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(HttpRequest.newBuilder(uri("/v1/evaluate"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(pairs("1", "x", "y"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(judge.entered.await(30, TimeUnit.SECONDS)).isTrue();
        int port = service.port();
        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> service.stop(Duration.ofSeconds(60)));
        // while draining, new work is turned away with a one-line 503 (once the stop has begun)
        while (!service.stopping()) {
            Thread.onSpinWait();
        }
        HttpResponse<String> late = post("/health", "application/json", "{}");
        assertThat(late.statusCode()).isEqualTo(503);
        assertThat(json(late).get("error").asText()).contains("shutting down");
        assertThat(stopped).isNotDone();
        gate.countDown();
        HttpResponse<String> answered = inFlight.get(60, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(json(answered).get("reports").get(0).get("error_count").asInt()).isEqualTo(1);
        assertThat(stopped.get(60, TimeUnit.SECONDS)).as("drained within the grace period").isTrue();
        HttpClient fresh = HttpClient.newHttpClient();
        assertThatThrownBy(() -> fresh.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        service = null;
    }
}
