package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.ReportPair;
import org.speccxr.util.Json;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Prompt layout, template hashing, the response schema and the answer parser. */
class PromptAndSchemaTest {
    static final EntitySet SET = EntitySetLoader.loadDefault();

    @Test
    void fullSystemPromptIsInstructionsThenEveryEntityGroupedAndIsTheSameForEveryPair() {
        PromptBuilder p = new PromptBuilder(SET, PromptBuilder.Style.FULL);
        String system = p.system();
        for (var e : SET.entities()) {
            assertThat(system).contains("\n- " + e.id() + ": " + e.name() + " (");
        }
        int last = -1;
        for (var g : SET.groups()) {
            int at = system.indexOf("\n## " + g.name() + "\n");
            assertThat(at).as(g.name()).isGreaterThan(last);
            last = at;
        }
        assertThat(system).contains("- pleural_effusion: Pleural effusion (finding; location, severity) e.g. ");
        assertThat(system).doesNotContain("{{");
        assertThat(new PromptBuilder(SET, PromptBuilder.Style.FULL).system()).isEqualTo(system);
        assertThat(p.hash()).isEqualTo(new PromptBuilder(SET, PromptBuilder.Style.FULL).hash()).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void reportsGoInTheUserMessageVerbatimEvenWithPlaceholderLookalikes() {
        PromptBuilder p = new PromptBuilder(SET);
        String user = p.user(new ReportPair("i", "m", "  Ref says {{CANDIDATE}} and $1 \\ ok.\n", "Cand."));
        assertThat(user).isEqualTo("<reference_report>\nRef says {{CANDIDATE}} and $1 \\ ok.\n</reference_report>\n\n"
                + "<candidate_report>\nCand.\n</candidate_report>\n");
        assertThatThrownBy(() -> PromptBuilder.render("{{NOPE}}", Map.of())).hasMessageContaining("NOPE");
    }

    @Test
    void schemaIsStrictWithEntityEnum() throws Exception {
        JsonNode schema = Json.MAPPER.readTree(new ResponseSchema(SET).json());
        WireFormatTest.assertSchema(schema);
        JsonNode item = schema.path("properties").path("entities").path("items").path("properties");
        assertThat(item.path("reference_evidence").path("type").asText()).isEqualTo("string");
        // every property of every object is listed as required (OpenAI strict mode)
        assertThat(item.size()).isEqualTo(schema.path("properties").path("entities").path("items").path("required").size());
    }

    @Test
    void parserAcceptsValidAnswersFencesAndThinkBlocks() throws Exception {
        ResponseParser parser = new ResponseParser();
        String json = "{\"entities\":[{\"entity\":\"pleural_effusion\",\"reference_evidence\":\"small effusion\","
                + "\"candidate_evidence\":\"\",\"presence\":\"FN\",\"location\":\"not-available\",\"severity\":\"not_available\","
                + "\"comparison\":\"other\"}]}";
        List<EntityVerdict> v = parser.parse(json);
        assertThat(v).hasSize(1);
        assertThat(v.get(0).presence()).isEqualTo(Presence.FN);
        assertThat(v.get(0).severity()).isEqualTo(Alignment.NOT_AVAILABLE);
        assertThat(v.get(0).extra()).containsExactly(Map.entry("reference_evidence", "small effusion"));
        assertThat(parser.parse("```json\n" + json + "\n```")).isEqualTo(v);
        assertThat(parser.parse("<think>effusion is only in the reference</think>\n" + json)).isEqualTo(v);
        assertThat(parser.parse("{\"entities\":[]}")).isEmpty();
        // unknown ids pass here; the runner's normaliser drops them with a warning
        assertThat(parser.parse(json.replace("pleural_effusion", "not_in_set"))).hasSize(1);
    }

    @Test
    void parserRejectsWhatTheSchemaForbidsWithAReason() {
        ResponseParser parser = new ResponseParser();
        String ok = "{\"entity\":\"pleural_effusion\",\"presence\":\"TP\",\"location\":\"aligned\",\"severity\":\"aligned\",\"comparison\":\"other\"}";
        assertThatThrownBy(() -> parser.parse(null)).hasMessage("empty answer");
        assertThatThrownBy(() -> parser.parse("{\"entities\":[" + ok.substring(0, 30)))
                .isInstanceOf(ResponseParser.InvalidResponseException.class).hasMessageStartingWith("not valid JSON");
        assertThatThrownBy(() -> parser.parse("[]")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> parser.parse("{\"findings\":[]}")).hasMessage("no \"entities\" array");
        assertThatThrownBy(() -> parser.parse("{\"entities\":[" + ok.replace("\"TP\"", "\"yes\"") + "]}"))
                .hasMessage("entities[0] (pleural_effusion): presence must be TP, FP, FN or TN, not 'yes'");
        assertThatThrownBy(() -> parser.parse("{\"entities\":[" + ok.replace(",\"comparison\":\"other\"", "") + "]}"))
                .hasMessage("entities[0] has no \"comparison\"");
        assertThatThrownBy(() -> parser.parse("{\"entities\":[" + ok.replace("\"aligned\",\"severity\"", "1,\"severity\"") + "]}"))
                .hasMessage("entities[0].location is not a string");
        assertThatThrownBy(() -> parser.parse("{\"entities\":[" + ok.replace("}", ",\"candidate_evidence\":3}") + "]}"))
                .hasMessage("entities[0].candidate_evidence is not a string");
        assertThatThrownBy(() -> parser.parse("{\"entities\":[\"pleural_effusion\"]}")).hasMessage("entities[0] is not an object");
    }

    @Test
    void baseUrlsAreTakenInEachSdksForm() {
        assertThat(Provider.OPENAI.normalizeBaseUrl(null)).isEqualTo("https://api.openai.com/v1");
        assertThat(Provider.OPENAI.normalizeBaseUrl("http://gpu:8000/v1/")).isEqualTo("http://gpu:8000/v1");
        assertThat(Provider.ANTHROPIC.normalizeBaseUrl(null)).isEqualTo("https://api.anthropic.com/v1");
        assertThat(Provider.ANTHROPIC.normalizeBaseUrl("https://proxy.example/anthropic/v1/")).isEqualTo("https://proxy.example/anthropic/v1");
        assertThat(Provider.OLLAMA.normalizeBaseUrl("http://box:11434/api")).isEqualTo("http://box:11434");
        assertThatThrownBy(() -> Provider.OPENAI.normalizeBaseUrl("localhost:8000")).hasMessageStartingWith("--base-url must be an http(s) URL");
        assertThat(Provider.isLoopback("http://127.0.0.1:8000/v1")).isTrue();
        assertThat(Provider.isLoopback("http://localhost:1234/v1")).isTrue();
        assertThat(Provider.isLoopback("http://[::1]:8080/v1")).isTrue();
        assertThat(Provider.isLoopback("http://10.0.0.5:8000/v1")).isFalse();
        assertThat(Provider.isLoopback("https://localhost.evil.example/v1")).isFalse();
        assertThat(Provider.recordable("https://user:pw@gw.example:8443/v1?api-key=x")).isEqualTo("https://gw.example:8443/v1");
    }

    @Test
    void secretsAreRedacted() {
        Secrets s = new Secrets("my-very-secret-token");
        // key-shaped strings are assembled here so that no literal key-like text sits in the repository
        String sk = "sk" + "-";
        assertThat(s.redact("key my-very-secret-token and " + sk + "proj-abc123def456 or " + sk + "ant-api03-xyz_789-abcdef"))
                .isEqualTo("key [redacted] and [redacted] or [redacted]");
        assertThat(new Secrets(null).redact("Incorrect API key provided: sk-test-****1234.")).isEqualTo("Incorrect API key provided: [redacted].");
    }

    @Test
    void prewarmRunsTheWholeRequestPathInMemoryForEveryProvider() {
        // the default base URLs are the real APIs: the canned HTTP client must answer instead (no network here)
        for (Provider p : Provider.values()) {
            if (Hosts.isHost(p)) {
                continue; // built on their SDKs, not warmed
            }
            assertThat(Prewarm.run(p)).as(p.id()).isTrue();
        }
    }
}
