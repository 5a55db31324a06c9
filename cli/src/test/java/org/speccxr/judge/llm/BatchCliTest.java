package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speccxr.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import org.speccxr.cli.Cli;

/** evaluate --batch and spec-cxr batch through the CLI, against the batch stand-in (no key: a loopback server). */
class BatchCliTest {
    @TempDir
    Path dir;
    BatchStandIn standIn;

    @AfterEach
    void stop() {
        if (standIn != null) {
            standIn.close();
        }
    }

    String[] evaluate(String out, String... more) {
        List<String> a = new ArrayList<>(List.of("evaluate", "--input", "../examples/pairs.csv", "--out",
                dir.resolve(out).toString(), "--judge", "openai:gpt-4o", "--base-url", standIn.baseUrl(), "--cache",
                dir.resolve("cache.sqlite").toString(), "--batch", "--poll-interval", "5"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void batchEvaluationWritesEveryOutputFromTheCollectedAnswersAndARerunCostsNothing() throws Exception {
        standIn = new BatchStandIn(BatchStandIn.Api.OPENAI, "/v1");
        standIn.pollsBeforeEnd = 1; // ended at the first look: the run never waits
        Cli.Result run = Cli.run(evaluate("out"));
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("spec-cxr: submitted batch batch_").contains("batches done: 12 request(s) submitted");
        List<String> lines = Files.readAllLines(dir.resolve("out/evaluations.jsonl"));
        assertThat(lines).hasSize(13);
        JsonNode usage = Json.MAPPER.readTree(dir.resolve("out/summary.json").toFile()).path("usage");
        assertThat(usage.path("cache_hits").asLong()).isEqualTo(12);
        assertThat(standIn.batchCount()).isEqualTo(1);
        assertThat(standIn.answered).hasSize(12).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));

        Cli.Result again = Cli.run(evaluate("out2"));
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(standIn.batchCount()).as("nothing submitted again").isEqualTo(1);
        assertThat(Cli.withoutCreated(Files.readString(dir.resolve("out2/evaluations.jsonl"))))
                .isEqualTo(Cli.withoutCreated(String.join("\n", lines) + "\n"));

        Cli.Result status = Cli.run("batch", "status", "--judge", "openai:gpt-4o", "--base-url", standIn.baseUrl(),
                "--cache", dir.resolve("cache.sqlite").toString());
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).containsPattern("batch_\\d+  collected  round 1  12 request\\(s\\)  completed");
    }

    @Test
    void pairsThatFailTwiceGoToFailuresJsonlAndTheRunExitsThree() throws Exception {
        standIn = new BatchStandIn(BatchStandIn.Api.OPENAI, "/v1");
        standIn.pollsBeforeEnd = 1;
        standIn.expireAll = true;
        Cli.Result run = Cli.run(evaluate("out"));
        assertThat(run.exit()).as(run.err()).isEqualTo(3);
        List<String> failures = Files.readAllLines(dir.resolve("out/failures.jsonl"));
        assertThat(failures).hasSize(12).allMatch(l -> l.contains("batch_expired"));
        assertThat(standIn.batchCount()).as("the batch and one follow-up").isEqualTo(2);
        assertThat(standIn.answered).isEmpty();
    }

    @Test
    void batchNeedsABatchApiAndSaneOptions() {
        Cli.Result ollama = Cli.run("evaluate", "--input", "../examples/pairs.csv", "--out", dir.resolve("o").toString(),
                "--judge", "ollama:llama3.1:8b", "--batch");
        assertThat(ollama.exit()).isEqualTo(2);
        assertThat(ollama.err().strip()).isEqualTo("spec-cxr: error: --batch works with openai:, azure: and anthropic:"
                + " judges (got 'ollama:llama3.1:8b')");
        Cli.Result poll = Cli.run("evaluate", "--input", "../examples/pairs.csv", "--out", dir.resolve("o").toString(),
                "--judge", "openai:gpt-4o", "--batch", "--poll-interval", "0");
        assertThat(poll.exit()).isEqualTo(2);
        assertThat(poll.err().strip()).isEqualTo("spec-cxr: error: --poll-interval must be at least 1 second (got 0)");
        Cli.Result action = Cli.run("batch", "resume", "--judge", "openai:gpt-4o");
        assertThat(action.exit()).isEqualTo(2);
        assertThat(action.err().strip()).isEqualTo("spec-cxr: error: batch takes status, cancel or collect (got 'resume')");
    }
}
