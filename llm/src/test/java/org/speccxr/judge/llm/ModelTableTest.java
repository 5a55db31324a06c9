package org.speccxr.judge.llm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speccxr.util.InputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bundled model table, and --model-config files: how rows resolve and how bad files are reported. */
class ModelTableTest {

    @Test
    void bundledTableIsDatedAndResolvesTheIssuesModels() {
        ModelTable t = ModelTable.bundled();
        assertThat(t.date()).matches("\\d{4}-\\d{2}-\\d{2}");
        for (String m : List.of("claude-opus-4-7", "claude-opus-4-8-20270101", "claude-sonnet-5", "claude-opus-5-1")) {
            assertThat(t.resolve("anthropic", m).temperature()).as(m).isFalse();
        }
        for (String m : List.of("claude-opus-4-6", "claude-sonnet-4-5-20250929", "claude-opus-4-20250514", "claude-3-5-haiku-20241022")) {
            assertThat(t.resolve("anthropic", m).temperature()).as(m).isTrue();
        }
        assertThat(t.resolve("anthropic", "claude-3-5-haiku-20241022").structuredOutput()).isEqualTo("tools");
        assertThat(t.resolve("anthropic", "claude-sonnet-4-5").structuredOutput()).isEqualTo("native");
        assertThat(t.resolve("anthropic", "claude-sonnet-4-5").seed()).isFalse();
        for (String m : List.of("o1", "o3-mini", "o4-mini", "gpt-5", "gpt-5-mini", "gpt-5.2", "gpt-6-astra", "gpt-6.1-sol", "GPT-6-luna")) {
            ModelTable.Capabilities c = t.resolve("openai", m);
            assertThat(c.temperature()).as(m).isFalse();
            assertThat(c.reasoning()).as(m).isTrue();
            assertThat(c.tokenLimitField()).as(m).isEqualTo("max_completion_tokens");
            assertThat(c.reasoningEfforts()).as(m).isNotEmpty();
        }
        assertThat(t.resolve("openai", "gpt-5-pro").reasoningEfforts()).containsExactly("high");
        assertThat(t.resolve("openai", "gpt-5").reasoningEfforts()).contains("minimal").doesNotContain("none");
        assertThat(t.resolve("openai", "gpt-5.1").reasoningEfforts()).contains("none").doesNotContain("xhigh");
        // unknown models get the conservative default
        ModelTable.Capabilities unknown = t.resolve("openai", "llama-3.3-70b-instruct");
        assertThat(unknown).isEqualTo(new ModelTable.Capabilities(true, true, "max_tokens", false, List.of(), "native",
                ChatModels.OLLAMA_NUM_CTX));
        assertThat(t.resolve("openai", "omni-local").temperature()).as("o followed by a letter is not o-series").isTrue();
        assertThat(t.resolve("ollama", "gpt-oss:20b").reasoningEfforts()).containsExactly("low", "medium", "high");
        assertThat(t.resolve("ollama", "llama3.1:8b").numCtx()).isEqualTo(ChatModels.OLLAMA_NUM_CTX);
    }

    @Test
    void userRowsOverrideOnlyTheKeysTheySet(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("models.yaml");
        Files.writeString(f, """
                models:
                  - provider: openai
                    model: "my-reasoner-*"
                    reasoning: true
                    reasoning_effort: [low, high]
                    temperature: false
                  - provider: ollama
                    model_regex: "llama3\\\\.1:.*"
                    num_ctx: 32768
                  - provider: openai
                    model: "gpt-5-mini"
                    reasoning_effort: [low]
                """);
        ModelTable t = ModelTable.load(f);
        ModelTable.Capabilities mine = t.resolve("openai", "my-reasoner-7b");
        assertThat(mine.reasoningEfforts()).containsExactly("low", "high");
        assertThat(mine.temperature()).isFalse();
        assertThat(mine.tokenLimitField()).as("from the bundled default row").isEqualTo("max_tokens");
        assertThat(t.resolve("ollama", "llama3.1:8b").numCtx()).isEqualTo(32768);
        ModelTable.Capabilities mini = t.resolve("openai", "gpt-5-mini");
        assertThat(mini.reasoningEfforts()).containsExactly("low");
        assertThat(mini.tokenLimitField()).as("the rest from the bundled gpt-5* row").isEqualTo("max_completion_tokens");
    }

    @Test
    void badFilesAreOneLineErrorsNamingFileKeyAndValue(@TempDir Path dir) throws Exception {
        assertBad(dir, "models:\n  - provider: openai\n    model: x\n    temprature: false\n",
                "row 1: unknown key 'temprature'");
        assertBad(dir, "models:\n  - provider: openai\n    model: x\n    temperature: sometimes\n",
                "row 1: temperature must be true or false (got 'sometimes')");
        assertBad(dir, "models:\n  - provider: openai\n    model: x\n    token_limit_field: max_output\n",
                "row 1: token_limit_field must be max_tokens or max_completion_tokens (got 'max_output')");
        assertBad(dir, "models:\n  - provider: mistral\n    model: x\n", "row 1: provider must be one of openai, anthropic, ollama, azure, bedrock, gemini, vertex (got 'mistral')");
        assertBad(dir, "models:\n  - provider: openai\n    model: a\n  - provider: openai\n    model_regex: \"gpt-(\"\n",
                "row 2: model_regex is not a valid regular expression (got 'gpt-(')");
        assertBad(dir, "models:\n  - provider: ollama\n    model: x\n    num_ctx: lots\n", "row 1: num_ctx must be a whole number");
        assertBad(dir, "models:\n  - provider: openai\n    model: x\n    reasoning: false\n    reasoning_effort: [high]\n",
                "row 1: reasoning_effort [high] needs reasoning: true");
        assertBad(dir, "models:\n  - provider: openai\n", "row 1: give exactly one of 'model'");
        assertBad(dir, "rows: []\n", "unknown key 'rows'");
        assertBad(dir, "models: [\n", "is not valid YAML");
        assertThatThrownBy(() -> ModelTable.load(dir.resolve("missing.yaml"))).isInstanceOf(InputException.class)
                .hasMessage("--model-config file not found: " + dir.resolve("missing.yaml"));
    }

    private static void assertBad(Path dir, String yaml, String expected) throws Exception {
        Path f = Files.createTempFile(dir, "models", ".yaml");
        Files.writeString(f, yaml);
        assertThatThrownBy(() -> ModelTable.load(f)).isInstanceOf(InputException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
