package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeFactory;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.ReportPair;
import org.speccxr.run.Evaluation;
import org.speccxr.run.Runner;
import org.speccxr.util.InputException;
import org.speccxr.util.Json;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.speccxr.judge.llm.StandInServer.Wire.OPENAI;

/** {@code azure:DEPLOYMENT} against a stand-in Azure OpenAI v1 endpoint, through injected faults. */
class AzureJudgeTest {
    static final EntitySet SET = EntitySetLoader.loadDefault();
    static final String KEY = "azk-test-AZURESECRET0123456789abcdef";
    static final String DEPLOYMENT = "spec-judge-gpt-4o";

    StandInServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void judges40PairsThroughFaultsWithTheKeyOnlyInTheApiKeyHeader(@TempDir Path dir) throws Exception {
        server = StandInServer.of(OPENAI);
        // faults first, taken by whichever requests come first: a rate limit with Retry-After, server errors, a
        // body cut in the middle, and a 500 whose message echoes the key
        String full = StandInServer.envelope(OPENAI, StandInServer.answer(List.of()), 10, 10);
        server.enqueue(StandInServer.withHeader(StandInServer.error(OPENAI, 429, "rate_limit_exceeded",
                "Requests to the ChatCompletions_Create Operation have exceeded call rate limit."), "Retry-After", "2"));
        server.enqueue(StandInServer.error(OPENAI, 500, "server_error", "The server had an error."));
        server.enqueue(new StandInServer.Response(200, Map.of(), full.substring(0, full.length() / 2)));
        server.enqueue(StandInServer.error(OPENAI, 500, "server_error", "upstream said: api-key " + KEY + " is slow"));
        // every fifth answer lists each entity twice, as a sloppy model might
        // the verdicts per case: what the model says about each reference finding (the candidate is always the next one)
        Map<String, List<EntityVerdict>> byFinding = Map.of(
                "Small right pleural effusion.", List.of(EntityVerdict.of("pleural_effusion", Presence.FN),
                        EntityVerdict.of("cardiomegaly", Presence.FP)),
                "Mild cardiomegaly.", List.of(EntityVerdict.of("cardiomegaly", Presence.FN),
                        EntityVerdict.of("pneumothorax", Presence.TN)),
                "No pneumothorax.", List.of(EntityVerdict.of("pneumothorax", Presence.TN),
                        EntityVerdict.of("consolidation", Presence.FP)),
                "Left lower lobe consolidation.", List.of(EntityVerdict.of("consolidation", Presence.FN)),
                "Low lung volumes.", List.of(EntityVerdict.of("low_lung_volumes", Presence.FN),
                        EntityVerdict.of("pleural_effusion", Presence.FP)));
        AtomicInteger answers = new AtomicInteger();
        server.answerWith((ref, cand) -> {
            List<EntityVerdict> vs = byFinding.get(ref.substring(0, ref.indexOf(" Study ")));
            if (answers.incrementAndGet() % 5 == 0) {
                List<EntityVerdict> twice = new ArrayList<>(vs);
                twice.addAll(vs);
                return StandInServer.answer(twice);
            }
            return StandInServer.answer(vs);
        });

        List<ReportPair> pairs = new ArrayList<>();
        String[] findings = {"Small right pleural effusion.", "Mild cardiomegaly.", "No pneumothorax.",
                "Left lower lobe consolidation.", "Low lung volumes."};
        for (int i = 0; i < 39; i++) {
            pairs.add(new ReportPair("p" + i, "m", findings[i % 5] + " Study " + i + ".", findings[(i + 1) % 5] + " Study " + i + "."));
        }
        // the same texts under another id: asked once
        pairs.add(new ReportPair("p39", "m", pairs.get(0).reference(), pairs.get(0).candidate()));

        Path cache = dir.resolve("cache.sqlite");
        JudgeOptions o = new JudgeOptions(null, null, 7, "positive", null, cache, false, 4, null, null,
                Map.of("AZURE_OPENAI_API_KEY", KEY, Provider.AZURE_ENDPOINT_VARIABLE, server.azureEndpoint())::get);
        List<Duration> slept = new CopyOnWriteArrayList<>();
        List<String> notes = new CopyOnWriteArrayList<>();
        RetryPolicy instant = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(60), slept::add);
        Evaluation ev;
        try (Judge j = LlmJudges.create("azure", DEPLOYMENT, o, SET, notes::add, instant)) {
            assertThat(j.defaultConcurrency()).isEqualTo(8);
            ev = new Runner(j, SET, 1, 4).run(pairs);
        }

        assertThat(ev.failures()).isEmpty();
        assertThat(ev.records()).hasSize(40);
        assertThat(server.requestCount()).as("39 distinct pairs and 4 faults").isEqualTo(43);
        assertThat(ev.judge().spec()).isEqualTo("azure:" + DEPLOYMENT);
        assertThat(ev.judge().parameters()).containsEntry("base_url", server.azureEndpoint() + "/openai/v1")
                .containsEntry("temperature", 0.0).containsEntry("seed", 7);
        assertThat(ev.records()).anyMatch(r -> r.warnings().stream().anyMatch(w -> w.contains("listed 2 times")));
        VerdictRecord dup = ev.records().get(39);
        assertThat(dup.entities()).extracting(EntityVerdict::toString)
                .isEqualTo(ev.records().get(0).entities().stream().map(EntityVerdict::toString).toList());
        assertThat(slept).as("Retry-After honoured, through the injected sleeper").contains(Duration.ofSeconds(2));
        assertThat(notes).anyMatch(n -> n.startsWith("azure:" + DEPLOYMENT + ": 43 request(s), 4 retried (")
                && n.contains("HTTP 429 x1") && n.contains("HTTP 500 x2") && n.contains("malformed body x1"));

        for (StandInServer.Request r : server.requests()) {
            assertThat(r.path()).isEqualTo("/openai/v1/chat/completions");
            assertThat(r.header("api-key")).isEqualTo(KEY);
            assertThat(r.header("Authorization")).as("the key goes in api-key only").isNull();
            JsonNode body = r.json();
            assertThat(body.path("model").asText()).isEqualTo(DEPLOYMENT);
            assertThat(body.path("store").asBoolean(true)).isFalse();
            assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_schema");
            assertThat(body.path("response_format").path("json_schema").path("strict").asBoolean()).isTrue();
            assertThat(r.body()).doesNotContain(KEY);
        }

        // no secret anywhere the run wrote or said
        String secret = "AZURESECRET";
        assertThat(String.join("\n", notes)).doesNotContain(secret);
        assertThat(Json.MAPPER.writeValueAsString(ev.records())).doesNotContain(secret);
        assertThat(Json.MAPPER.writeValueAsString(ev.judge())).doesNotContain(secret);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(secret);
            }
        }
    }

    @Test
    void endpointFromBaseUrlOrEnvironmentAndOneLineErrors() {
        Map<String, String> env = Map.of("AZURE_OPENAI_API_KEY", KEY);
        JudgeOptions noEndpoint = new JudgeOptions(null, null, null, "positive", null, null, true, 1, null, null, env::get);
        assertThatThrownBy(() -> LlmJudges.create("azure", DEPLOYMENT, noEndpoint, SET)).isInstanceOf(InputException.class)
                .hasMessage("azure judges need their resource's endpoint: export AZURE_OPENAI_ENDPOINT="
                        + "https://RESOURCE.openai.azure.com (or give --base-url)");
        JudgeOptions noKey = new JudgeOptions("https://res.openai.azure.com/", null, null, "positive", null, null, true, 1,
                null, null, Map.<String, String>of()::get);
        assertThatThrownBy(() -> LlmJudges.create("azure", DEPLOYMENT, noKey, SET)).isInstanceOf(InputException.class)
                .hasMessageStartingWith("AZURE_OPENAI_API_KEY is not set");
        assertThat(Provider.AZURE.normalizeBaseUrl("https://res.openai.azure.com/")).isEqualTo("https://res.openai.azure.com/openai/v1");
        assertThat(Provider.AZURE.normalizeBaseUrl("https://res.openai.azure.com/openai/v1/")).isEqualTo("https://res.openai.azure.com/openai/v1");
        assertThatThrownBy(() -> Provider.AZURE.normalizeBaseUrl("https://res.openai.azure.com/openai/deployments/x"))
                .hasMessageContaining("not a deployment URL");
        // found like every judge, through ServiceLoader
        assertThat(JudgeFactory.Spec.parse("azure:" + DEPLOYMENT).providerOrNull()).isNotNull()
                .satisfies(p -> assertThat(p.name()).isEqualTo("azure"));
        // a deployment named after its model gets that model's row; a reasoning deployment no temperature
        assertThat(LlmJudges.usageProblem("azure", "gpt-5-mini", noKey.withReasoningEffort("minimal"))).isNull();
        assertThat(LlmJudges.setup("azure", "gpt-5-mini", noKey, SET, null).settings().temperature()).isNull();
    }
}
