package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeFactory;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.run.Evaluation;
import org.speccxr.run.Runner;
import org.speccxr.util.InputException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.speccxr.judge.llm.HostFixture.SET;

/** {@code vertex:MODEL} against a stand-in Vertex AI endpoint, with an access token from the environment. */
class VertexJudgeTest {
    static final String TOKEN = "ya29.a0VERTEXSECRETTOKEN0123456789abcdefghij";
    static final String MODEL = "gemini-2.5-pro";

    GeminiStandIn server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void judges40PairsThroughFaultsWithABearerToken(@TempDir Path dir) throws Exception {
        server = new GeminiStandIn();
        String full = GeminiStandIn.envelope(HostStandIn.answer(List.of()), "STOP");
        server.enqueue(GeminiStandIn.error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for aiplatform.googleapis.com."));
        server.enqueue(GeminiStandIn.error(500, "INTERNAL", "Internal error encountered."));
        server.enqueue(new HostStandIn.Response(200, Map.of(), full.substring(0, full.length() / 2)));
        server.enqueue(GeminiStandIn.error(503, "UNAVAILABLE", "upstream said: token " + TOKEN + " is slow"));
        HostFixture.sloppyAnswers(server);

        Map<String, String> env = Map.of("GOOGLE_CLOUD_PROJECT", "proj-x", "GOOGLE_CLOUD_LOCATION", "us-central1",
                "GOOGLE_OAUTH_ACCESS_TOKEN", TOKEN);
        JudgeOptions o = new JudgeOptions(server.endpoint(), null, null, "positive", null, dir.resolve("cache.sqlite"),
                false, 4, null, null, env::get);
        List<Duration> slept = new CopyOnWriteArrayList<>();
        List<String> notes = new CopyOnWriteArrayList<>();
        RetryPolicy instant = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(60), slept::add);
        Evaluation ev;
        try (Judge j = LlmJudges.create("vertex", MODEL, o, SET, notes::add, instant)) {
            ev = new Runner(j, SET, 1, 4).run(HostFixture.pairs());
        }

        HostFixture.judgedRight(ev);
        assertThat(server.requests()).as("39 distinct pairs and 4 faults").hasSize(43);
        assertThat(ev.judge().spec()).isEqualTo("vertex:" + MODEL);
        assertThat(slept).hasSize(4);
        for (HostStandIn.Request r : server.requests()) {
            assertThat(r.path()).isEqualTo("/v1beta1/projects/proj-x/locations/us-central1/publishers/google/models/" + MODEL
                    + ":generateContent");
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(r.header("x-goog-api-key")).isNull();
            JsonNode config = r.json().path("generationConfig");
            assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
            HostFixture.entityEnum(config.path("responseJsonSchema").path("properties").path("entities"));
            assertThat(r.body()).doesNotContain(TOKEN);
        }
        HostFixture.noSecretAnywhere("VERTEXSECRET", notes, ev, dir);
    }

    @Test
    void projectLocationEndpointAndDryRun() {
        JudgeOptions noProject = new JudgeOptions(null, null, null, "positive", null, null, true, 1, null, null,
                Map.of("GOOGLE_OAUTH_ACCESS_TOKEN", TOKEN)::get);
        assertThatThrownBy(() -> LlmJudges.create("vertex", MODEL, noProject, SET)).isInstanceOf(InputException.class)
                .hasMessageStartingWith("vertex judges need a Google Cloud project: export GOOGLE_CLOUD_PROJECT");
        assertThat(LlmJudges.setup("vertex", MODEL, noProject, SET, null).baseUrl()).isEqualTo("https://aiplatform.googleapis.com");
        JudgeOptions europe = new JudgeOptions(null, null, null, "positive", null, null, true, 1, null, null,
                Map.of("GOOGLE_CLOUD_LOCATION", "europe-west4")::get);
        assertThat(LlmJudges.setup("vertex", MODEL, europe, SET, null).baseUrl())
                .isEqualTo("https://europe-west4-aiplatform.googleapis.com");
        // no credentials needed for a dry run
        assertThat(LlmJudges.dryRun("vertex", MODEL, europe, SET, HostFixture.pairs().subList(0, 1), 1))
                .startsWith("dry run for vertex:" + MODEL + " (compact prompt): 1 pair(s) x 1 run(s) = 1 call(s)");
        // the Gemini rows apply to Vertex AI's models too
        assertThat(LlmJudges.usageProblem("vertex", "gemini-3-pro-preview", europe.withReasoningEffort("high"))).isNull();
        assertThat(JudgeFactory.Spec.parse("vertex:" + MODEL).providerOrNull()).isNotNull()
                .satisfies(p -> assertThat(p.name()).isEqualTo("vertex"));
    }
}
