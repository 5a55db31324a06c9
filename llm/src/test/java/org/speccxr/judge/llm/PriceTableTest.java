package org.speccxr.judge.llm;

import dev.langchain4j.model.openai.OpenAiTokenUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speccxr.judge.TokenUsage;
import org.speccxr.util.InputException;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The bundled, dated price table, a user's rows before it, the cost arithmetic, and one-line errors. */
class PriceTableTest {
    @TempDir
    Path dir;

    @Test
    void bundledTableIsDatedAndPricesTheModelsTheIssueNamesEachCitingItsPage() {
        PriceTable t = PriceTable.load(null);
        assertThat(t.date()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(t.currency()).isEqualTo("USD");
        PriceTable.Row gpt4o = t.find("openai", "gpt-4o");
        assertThat(gpt4o.input()).isEqualTo(2.50);
        assertThat(gpt4o.output()).isEqualTo(10.00);
        assertThat(gpt4o.batch()).isEqualTo(0.5);
        assertThat(t.find("openai", "gpt-4o-2024-08-06")).isSameAs(gpt4o);
        // the more specific row comes first: gpt-4o-mini is not priced as gpt-4o
        assertThat(t.find("openai", "gpt-4o-mini").input()).isEqualTo(0.15);
        assertThat(t.find("anthropic", "claude-sonnet-4-5").cacheWrite()).isEqualTo(3.75);
        assertThat(t.find("anthropic", "claude-sonnet-4-5-20250929").batchCaching()).isTrue();
        assertThat(t.find("bedrock", "global.anthropic.claude-sonnet-4-5-20250929-v1:0")).isNotNull();
        assertThat(t.find("gemini", "gemini-2.5-flash")).isNotNull();
        // an Azure deployment named after its model is priced as that model
        assertThat(t.find("azure", "gpt-4o")).isSameAs(gpt4o);
        assertThat(t.find("openai", "stand-in")).isNull();
        for (PriceTable.Row r : t.rows()) {
            assertThat(r.source()).as(r.model()).startsWith("https://");
        }
    }

    @Test
    void costsWithAndWithoutCachingAndBatchFollowTheRowsPrices() {
        // 1,000 calls of a 5,000-token prefix and 500 further prompt tokens each; 300 answer tokens each
        DryRun.Estimate e = new DryRun.Estimate(1_000, 0, 5_500_000, 5_000, 300_000);
        PriceTable t = PriceTable.load(null);
        DryRun.Cost openai = e.cost(t.find("openai", "gpt-4o"));
        assertThat(openai.list()).isCloseTo(5.5 * 2.50 + 0.3 * 10.00, within(1e-9));
        // 999 calls read the prefix from the cache at half price; the first pays full input
        double cachedRead = 5_000.0 * 999 / 1e6;
        assertThat(openai.caching()).isCloseTo((5.5 - cachedRead) * 2.50 + cachedRead * 1.25 + 3.0, within(1e-9));
        assertThat(openai.batch()).isCloseTo(openai.list() / 2, within(1e-9));
        assertThat(openai.batchCaching()).as("OpenAI's table lists no cached price within batches").isNull();
        DryRun.Cost claude = e.cost(t.find("anthropic", "claude-sonnet-4-5"));
        double written = 5_000 / 1e6;
        assertThat(claude.caching()).isCloseTo((5.5 - cachedRead - written) * 3.00 + cachedRead * 0.30 + written * 3.75
                + 0.3 * 15.00, within(1e-9));
        assertThat(claude.batchCaching()).isCloseTo(claude.caching() / 2, within(1e-9));
        // a prefix shorter than the provider caches gets no caching discount
        DryRun.Estimate small = new DryRun.Estimate(10, 0, 10 * 900, 800, 3_000);
        DryRun.Cost s = small.cost(t.find("openai", "gpt-4o"));
        assertThat(s.caching()).isEqualTo(s.list());
        assertThat(DryRun.money(38.6)).isEqualTo("$38.60");
        assertThat(DryRun.money(0.01234)).isEqualTo("$0.0123");
        assertThat(DryRun.money(1234.4)).isEqualTo("$1,234");
        assertThat(DryRun.money(null)).isEqualTo("-");
    }

    @Test
    void describedCostPutsTheJudgesModelFirstAndListsEveryRow() {
        DryRun.Estimate e = new DryRun.Estimate(20, 8, 12 * 5_500, 5_000, 12 * 300);
        PriceTable t = PriceTable.load(null);
        String text = DryRun.describeCost(e, t, "anthropic", "claude-sonnet-4-5");
        assertThat(text).startsWith("estimated cost of the 12 call(s) to make, in USD at the list prices of " + t.date());
        String[] lines = text.split("\n");
        assertThat(lines[2]).startsWith("* anthropic:claude-sonnet-4-5 ").endsWith(t.find("anthropic", "claude-sonnet-4-5").source());
        assertThat(text).contains("  openai:gpt-4o* ", "  openai:gpt-4o-mini* ", "  bedrock:", "  gemini:gemini-2.5-flash ");
        assertThat(text.split("\n", -1)).hasSize(t.rows().size() + 4);
        assertThat(DryRun.describeCost(e, t, "openai", "stand-in")).contains("* openai:stand-in: no price in the table (add a row with --price-table FILE)");
        assertThat(DryRun.describeCost(e, t, "ollama", "llama3.1:8b")).contains("* ollama:llama3.1:8b: runs on your own hardware, no per-token price");
    }

    @Test
    void ownRowsComeBeforeTheBundledOnesAndTheirDateIsShown() throws Exception {
        Path f = dir.resolve("prices.yaml");
        Files.writeString(f, """
                date: 2027-01-15
                prices:
                  - provider: openai
                    model: gpt-4o
                    input: 1.00
                    output: 4.00
                    source: https://example.org/our-contract
                  - provider: openai
                    model: stand-in
                    input: 0
                    output: 0
                    source: https://example.org/free
                """);
        PriceTable t = PriceTable.load(f);
        assertThat(t.date()).isEqualTo("2027-01-15");
        assertThat(t.find("openai", "gpt-4o").input()).isEqualTo(1.00);
        assertThat(t.find("openai", "gpt-4o").cachedInput()).as("no caching in our row").isNull();
        assertThat(t.find("openai", "gpt-4o-mini").input()).isEqualTo(0.15);
        assertThat(t.find("openai", "stand-in").source()).isEqualTo("https://example.org/free");
    }

    @Test
    void badFilesAreOneLineErrorsNamingWhatToFix() throws Exception {
        assertBad("prices: []\nmodels: []\n", "unknown key 'models' (known: date, currency, prices)");
        assertBad("date: tomorrow\nprices: []\n", "date must be YYYY-MM-DD, the day the prices were read (got 'tomorrow')");
        assertBad("prices: {a: 1}\n", "'prices' must be a list of rows");
        assertBad("prices:\n  - {provider: openai, model: x, input: -1, output: 1, source: https://e.org}\n",
                "row 1: input must be a price of 0 or more per million tokens (got '-1')");
        assertBad("prices:\n  - {provider: openai, model: x, input: one, output: 1, source: https://e.org}\n",
                "row 1: input must be a price of 0 or more per million tokens (got 'one')");
        assertBad("prices:\n  - {provider: openai, model: x, input: 1, output: 1}\n",
                "row 1: 'source' is required: the URL of the pricing page the row was taken from");
        assertBad("prices:\n  - {provider: openai, model: x, input: 1, source: https://e.org}\n",
                "row 1: 'output' is required (US dollars per million tokens)");
        assertBad("prices:\n  - {provider: openai, model: x, input: 1, output: 1, batch: 2, source: https://e.org}\n",
                "row 1: batch must be a price factor above 0 and at most 1, such as 0.5 (got '2')");
        assertBad("prices:\n  - {provider: openai, model: x, input: 1, output: 1, cache_write: 2, source: https://e.org}\n",
                "row 1: cache_write needs cached_input (the price of reading what was written)");
        assertBad("prices:\n  - {provider: openai, model: x, inptu: 1, output: 1, source: https://e.org}\n",
                "row 1: unknown key 'inptu'");
        assertBad("prices: [\n", "not valid YAML");
        assertThatThrownBy(() -> PriceTable.load(dir.resolve("missing.yaml")))
                .isInstanceOf(InputException.class).hasMessage("--price-table: no such file " + dir.resolve("missing.yaml"));
    }

    private void assertBad(String yaml, String message) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, yaml);
        assertThatThrownBy(() -> PriceTable.load(f)).isInstanceOf(InputException.class)
                .hasMessageStartingWith("price table " + f + ": ").hasMessageContaining(message)
                .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("\n"));
    }

    @Test
    void openAiReasoningTokensAreRecordedAsPartOfTheOutput() {
        OpenAiTokenUsage u = OpenAiTokenUsage.builder().inputTokenCount(6_000).outputTokenCount(900)
                .inputTokensDetails(OpenAiTokenUsage.InputTokensDetails.builder().cachedTokens(4_096).build())
                .outputTokensDetails(OpenAiTokenUsage.OutputTokensDetails.builder().reasoningTokens(640).build())
                .build();
        TokenUsage ours = LlmJudge.usage(u);
        assertThat(ours).isEqualTo(new TokenUsage(6_000, 900, 4_096, 640));
        assertThat(ours.uncachedInput()).isEqualTo(1_904);
        assertThat(ours.plus(ours).reasoning()).isEqualTo(1_280);
    }
}
