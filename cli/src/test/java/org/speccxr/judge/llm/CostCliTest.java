package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speccxr.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import org.speccxr.cli.Cli;

/** What an LLM evaluation costs, through the CLI: the dry run's prompt styles and price table, and the usage block. */
class CostCliTest {
    @TempDir
    Path dir;
    StandInServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String[] dryRun(String judge, String... more) {
        List<String> a = new ArrayList<>(List.of("evaluate", "--input", "../examples/pairs.csv", "--out", "unused-out",
                "--judge", judge, "--no-cache", "--dry-run"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    static long number(String text, String regex) {
        String v = text.replaceAll("(?s).*?" + regex + ".*", "$1");
        return Long.parseLong(v.replace(",", ""));
    }

    static double dollars(String text, String regex) {
        return Double.parseDouble(text.replaceAll("(?s).*?" + regex + ".*", "$1").replace(",", ""));
    }

    @Test
    void dryRunPricesTheCallsForTheJudgeAndEveryModelOfTheTableWithTheCompactPromptByDefault() {
        Cli.Result compact = Cli.run(dryRun("openai:gpt-4o", "--runs", "5"));
        assertThat(compact.exit()).as(compact.err()).isZero();
        String out = compact.out();
        assertThat(out).startsWith("dry run for openai:gpt-4o (compact prompt): 12 pair(s) x 5 run(s) = 60 call(s)");
        long prefix = number(out, "prefix of ~([0-9,]+)");
        assertThat(prefix).as("the issue's target").isLessThanOrEqualTo(5_000);
        assertThat(out).contains("estimated cost of the 60 call(s) to make, in USD at the list prices of ")
                .containsPattern("\n\\* openai:gpt-4o +\\$[0-9.]+ +\\$[0-9.]+ +\\$[0-9.]+ +- +https://")
                .containsPattern("\n  openai:gpt-4o-mini\\* ")
                .containsPattern("\n  anthropic:claude-sonnet-4-5\\* +\\$[0-9.]+ +\\$[0-9.]+ +\\$[0-9.]+ +\\$[0-9.]+ +https://")
                .containsPattern("\n  bedrock:\\S*claude-sonnet-4-5\\S* ")
                .containsPattern("\n  gemini:gemini-2\\.5-flash ");
        assertThat(Path.of("unused-out")).doesNotExist();

        Cli.Result full = Cli.run(dryRun("openai:gpt-4o", "--runs", "5", "--prompt", "full"));
        assertThat(full.exit()).as(full.err()).isZero();
        assertThat(full.out()).startsWith("dry run for openai:gpt-4o (full prompt): ");
        assertThat(number(full.out(), "prefix of ~([0-9,]+)")).isGreaterThan(2 * prefix);
        double compactCost = dollars(out, "\n\\* openai:gpt-4o +\\$([0-9.]+) ");
        double fullCost = dollars(full.out(), "\n\\* openai:gpt-4o +\\$([0-9.]+) ");
        assertThat(fullCost).isGreaterThan(compactCost);
    }

    @Test
    void ownPriceRowsAreUsedAndABadTableIsAOneLineError() throws Exception {
        Path prices = dir.resolve("prices.yaml");
        Files.writeString(prices, """
                date: 2027-02-01
                prices:
                  - provider: ollama
                    model: "llama3.1*"
                    input: 0.10
                    output: 0.10
                    source: https://example.org/our-gpu-hours
                """);
        Cli.Result own = Cli.run(dryRun("ollama:llama3.1:8b", "--price-table", prices.toString()));
        assertThat(own.exit()).as(own.err()).isZero();
        assertThat(own.out()).contains("at the list prices of 2027-02-01")
                .containsPattern("\n\\* ollama:llama3\\.1:8b +\\$0\\.[0-9]+ +- +- +- +https://example.org/our-gpu-hours");

        Files.writeString(prices, "prices:\n  - {provider: openai, model: gpt-4o, input: 2.5, output: cheap, source: https://e.org}\n");
        Cli.Result bad = Cli.run(dryRun("openai:gpt-4o", "--price-table", prices.toString()));
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err().strip()).isEqualTo("spec-cxr: error: price table " + prices
                + ": row 1: output must be a price of 0 or more per million tokens (got 'cheap')");

        Cli.Result style = Cli.run(dryRun("openai:gpt-4o", "--prompt", "short"));
        assertThat(style.exit()).isEqualTo(2);
        assertThat(style.err().strip()).isEqualTo("spec-cxr: error: --prompt must be compact or full (got 'short')");

        Cli.Result rules = Cli.run("evaluate", "--input", "../examples/pairs.csv", "--out", dir.resolve("r").toString(),
                "--prompt", "full", "--price-table", prices.toString());
        assertThat(rules.exit()).as(rules.err()).isZero();
        assertThat(rules.err()).contains("spec-cxr: note: --prompt, --price-table are not used by the rules judge");
    }

    @Test
    void summaryUsageSplitsCachedAndUncachedInputAndHasReasoningTokens() throws Exception {
        server = new StandInServer(StandInServer.Wire.OPENAI, Duration.ZERO);
        Cli.Result run = Cli.run("evaluate", "--input", "../examples/pairs.csv", "--out", dir.resolve("out").toString(),
                "--judge", "openai:stand-in", "--base-url", server.baseUrl(), "--no-cache");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode usage = Json.MAPPER.readTree(dir.resolve("out/summary.json").toFile()).path("usage");
        assertThat(usage.path("input_tokens").asLong()).isPositive();
        assertThat(usage.path("uncached_input_tokens").asLong())
                .isEqualTo(usage.path("input_tokens").asLong() - usage.path("cached_input_tokens").asLong());
        assertThat(usage.has("reasoning_tokens")).isTrue();
        assertThat(usage.path("output_tokens").asLong()).isPositive();
    }
}
