package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.io.PairReader;
import org.speccxr.judge.ReportPair;
import org.speccxr.util.Json;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.Presence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import org.speccxr.cli.Cli;

/** distill: OpenAI chat fine-tuning lines, field by field, split by reference, with the teacher's provenance. */
class DistillTest {
    static final EntitySet SET = EntitySetLoader.loadDefault();
    static final Path PAIRS = Path.of("../examples/pairs.csv");

    @TempDir
    Path dir;
    StandInServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    Path teacherEvaluations(int runs) throws Exception {
        server = new StandInServer(StandInServer.Wire.OPENAI, Duration.ZERO);
        Cli.Result run = Cli.run("evaluate", "--input", PAIRS.toString(), "--out", dir.resolve("teacher").toString(),
                "--judge", "openai:stand-in", "--base-url", server.baseUrl(), "--no-cache", "--runs", String.valueOf(runs));
        assertThat(run.exit()).as(run.err()).isZero();
        return dir.resolve("teacher/evaluations.jsonl");
    }

    @Test
    void openAiFormatIsValidFieldByFieldAndNoReferenceIsInBothSets() throws Exception {
        Path evaluations = teacherEvaluations(2);
        Path out = dir.resolve("ft");
        Cli.Result d = Cli.run("distill", "--evaluations", evaluations.toString(), "--input", PAIRS.toString(),
                "--out", out.toString(), "--min-agreement", "2", "--validation", "0.34");
        assertThat(d.exit()).as(d.err()).isZero();
        assertThat(d.out()).isEmpty();

        List<ReportPair> pairs = PairReader.read(PAIRS);
        Map<String, ReportPair> byContent = new HashMap<>();
        PromptBuilder prompt = new PromptBuilder(SET); // the teacher ran with the default, compact prompt
        pairs.forEach(p -> byContent.put(prompt.user(p), p));
        Set<String> trainIds = new HashSet<>();
        Set<String> validationIds = new HashSet<>();
        int examples = 0;
        for (String file : List.of("train.jsonl", "validation.jsonl")) {
            for (String line : Files.readAllLines(out.resolve(file))) {
                examples++;
                JsonNode ex = Json.MAPPER.readTree(line);
                // OpenAI's chat fine-tuning line: an object whose one field is messages
                assertThat(ex.isObject()).isTrue();
                assertThat(fieldNames(ex)).containsExactly("messages");
                JsonNode messages = ex.get("messages");
                assertThat(messages.isArray()).isTrue();
                assertThat(messages).hasSize(3);
                List<String> roles = List.of("system", "user", "assistant");
                for (int i = 0; i < 3; i++) {
                    JsonNode m = messages.get(i);
                    assertThat(fieldNames(m)).as("message %d", i).containsExactly("role", "content");
                    assertThat(m.get("role").asText()).isEqualTo(roles.get(i));
                    assertThat(m.get("content").isTextual()).isTrue();
                    assertThat(m.get("content").asText()).isNotBlank();
                }
                // the exact prompt the judge sends
                assertThat(messages.get(0).get("content").asText()).isEqualTo(prompt.system());
                ReportPair pair = byContent.get(messages.get(1).get("content").asText());
                assertThat(pair).as("the user message is the prompt of one input pair").isNotNull();
                (file.startsWith("train") ? trainIds : validationIds).add(pair.id());
                // the answer is the JSON the schema asks for
                JsonNode answer = Json.MAPPER.readTree(messages.get(2).get("content").asText());
                assertThat(fieldNames(answer)).containsExactly("entities");
                for (JsonNode v : answer.get("entities")) {
                    assertThat(fieldNames(v)).containsExactlyElementsOf(ResponseSchema.ITEM_FIELDS);
                    assertThat(SET.ids()).contains(v.get("entity").asText());
                    assertThat(Arrays.stream(Presence.values()).map(Presence::wire)).contains(v.get("presence").asText());
                    assertThat(Arrays.stream(Alignment.values()).map(Alignment::wire)).contains(v.get("location").asText(),
                            v.get("severity").asText());
                    assertThat(Arrays.stream(Comparison.values()).map(Comparison::wire)).contains(v.get("comparison").asText());
                }
            }
        }
        assertThat(examples).as("every pair once; both runs agree").isEqualTo(pairs.size());
        assertThat(trainIds).isNotEmpty();
        assertThat(validationIds).isNotEmpty();
        assertThat(trainIds).doesNotContainAnyElementsOf(validationIds);
        assertThat(trainIds.size() + validationIds.size()).isEqualTo(pairs.stream().map(ReportPair::id).distinct().count());

        JsonNode prov = Json.MAPPER.readTree(out.resolve("provenance.json").toFile());
        assertThat(prov.path("teacher").path("judge").asText()).isEqualTo("openai:stand-in");
        assertThat(prov.path("teacher").path("prompt_hash").asText()).isEqualTo(prompt.hash());
        assertThat(prov.path("prompt").asText()).isEqualTo("compact");
        assertThat(prov.path("min_agreement").asInt()).isEqualTo(2);
        assertThat(prov.path("train").path("references").asInt()).isEqualTo(trainIds.size());
        assertThat(prov.path("validation").path("examples").asInt()).isEqualTo(Files.readAllLines(out.resolve("validation.jsonl")).size());
    }

    @Test
    void messagesFormatCarriesIdAndModelAndBadUseIsOneLine() throws Exception {
        Path evaluations = teacherEvaluations(1);
        Path out = dir.resolve("ft");
        Cli.Result d = Cli.run("distill", "--evaluations", evaluations.toString(), "--input", PAIRS.toString(),
                "--out", out.toString(), "--format", "messages", "--prompt", "full");
        assertThat(d.exit()).as(d.err()).isZero();
        JsonNode first = Json.MAPPER.readTree(Files.readAllLines(out.resolve("train.jsonl")).get(0));
        assertThat(fieldNames(first)).containsExactly("id", "model", "messages");
        assertThat(first.path("messages").get(0).path("content").asText())
                .isEqualTo(new PromptBuilder(SET, PromptBuilder.Style.FULL).system());

        Cli.Result tooMany = Cli.run("distill", "--evaluations", evaluations.toString(), "--input", PAIRS.toString(),
                "--out", dir.resolve("x").toString(), "--min-agreement", "3");
        assertThat(tooMany.exit()).isEqualTo(1);
        assertThat(tooMany.err().strip()).isEqualTo("spec-cxr: error: --min-agreement 3 needs at least that many runs"
                + " per pair; the evaluations have at most 1 (evaluate with --runs 3 or more)");
        Cli.Result badFormat = Cli.run("distill", "--evaluations", evaluations.toString(), "--input", PAIRS.toString(),
                "--out", dir.resolve("x").toString(), "--format", "alpaca");
        assertThat(badFormat.exit()).isEqualTo(2);
        assertThat(badFormat.err().strip()).isEqualTo("spec-cxr: error: --format must be openai or messages (got 'alpaca')");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
