package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speccxr.judge.JudgeFactory;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.run.Evaluation;
import org.speccxr.util.InputException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.speccxr.judge.llm.HostFixture.SET;

/** {@code vertex:MODEL} against a stand-in Vertex AI endpoint, with an access token from the environment. */
class VertexJudgeTest extends GeminiStandInCase {
    static final String TOKEN = "ya29.a0VERTEXSECRETTOKEN0123456789abcdefghij";
    static final String MODEL = "gemini-2.5-pro";

    @Test
    void judges40PairsThroughFaultsWithABearerToken(@TempDir Path dir) throws Exception {
        startWithFaults(
                "Quota exceeded for aiplatform.googleapis.com.",
                "Internal error encountered.",
                "upstream said: token " + TOKEN + " is slow");

        Map<String, String> env = Map.of("GOOGLE_CLOUD_PROJECT", "proj-x", "GOOGLE_CLOUD_LOCATION", "us-central1",
                "GOOGLE_OAUTH_ACCESS_TOKEN", TOKEN);
        JudgeOptions o = new JudgeOptions(server.endpoint(), null, null, "positive", null, dir.resolve("cache.sqlite"),
                false, 4, null, null, env::get);
        HostFixture.Run run = HostFixture.run("vertex", MODEL, o);
        Evaluation ev = run.ev();
        List<Duration> slept = run.slept();
        List<String> notes = run.notes();

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
