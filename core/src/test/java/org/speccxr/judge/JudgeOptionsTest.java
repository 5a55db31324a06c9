package org.speccxr.judge;

import org.junit.jupiter.api.Test;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.util.InputException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one check of judge option values, shared by the CLI, the service and library callers. */
class JudgeOptionsTest {
    private static final UnaryOperator<String> NO_ENV = k -> null;

    private static JudgeOptions with(String uncertain, Path cache, boolean noCache, Double temperature, Integer attempts,
                                     Duration timeout, Integer tokens, String structured, String effort, String prompt) {
        return new JudgeOptions(null, temperature, null, uncertain, null, cache, noCache, attempts, timeout, tokens,
                NO_ENV, structured, effort, null, null, prompt);
    }

    @Test
    void goodValuesPassAndTheOptionsComeBack() {
        JudgeOptions o = with("NEGATIVE", Path.of("c.sqlite"), false, 0.0, 1, Duration.ofMillis(500), 1, "Tool",
                "high", "full");
        assertThat(o.check()).isSameAs(o);
        JudgeOptions unset = with(null, null, true, null, null, null, null, null, null, null);
        assertThat(unset.check()).isSameAs(unset);
        // a blank prompt style is the default, as the LLM module's parser reads it
        assertThat(with(null, null, false, null, null, null, null, null, null, " ").check()).isNotNull();
        assertThat(JudgeOptions.defaults().check()).isNotNull();
    }

    @Test
    void eachBadValueIsOneLineNamingTheOption() {
        expect(with("maybe", null, false, null, null, null, null, null, null, null),
                "--uncertain must be positive or negative (got 'maybe')");
        expect(with(null, Path.of("c.sqlite"), true, null, null, null, null, null, null, null),
                "--cache and --no-cache exclude each other");
        expect(with(null, null, false, 2.5, null, null, null, null, null, null),
                "--temperature must be between 0 and 2 (got 2.5)");
        expect(with(null, null, false, Double.NaN, null, null, null, null, null, null),
                "--temperature must be between 0 and 2 (got NaN)");
        expect(with(null, null, false, null, 0, null, null, null, null, null),
                "--max-attempts must be at least 1 (got 0)");
        expect(with(null, null, false, null, null, Duration.ZERO, null, null, null, null),
                "--timeout must be positive (got 0 ms)");
        expect(with(null, null, false, null, null, null, null, "JSON", null, null),
                "--structured-output must be schema or tool (got 'JSON')");
        expect(with(null, null, false, null, null, null, -3, null, null, null),
                "--max-tokens must be at least 1 (got -3)");
        expect(with(null, null, false, null, null, null, null, "json", null, null),
                "--structured-output must be schema or tool (got 'json')");
        expect(with(null, null, false, null, null, null, null, null, "very high", null),
                "--reasoning-effort must be a word such as low or high (got 'very high')");
        expect(with(null, null, false, null, null, null, null, null, null, "short"),
                "--prompt must be compact or full (got 'short')");
    }

    @Test
    void theFactoryRefusesNoOptionsByName() {
        assertThatThrownBy(() -> JudgeFactory.create("rules", null, EntitySetLoader.loadDefault()))
                .isInstanceOf(NullPointerException.class).hasMessage("options");
    }

    @Test
    void theFactoryChecksBeforeItMakesAJudge() {
        JudgeOptions bad = with("maybe", null, false, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> JudgeFactory.create("rules", bad, EntitySetLoader.loadDefault()))
                .isInstanceOf(InputException.class).hasMessage("--uncertain must be positive or negative (got 'maybe')");
    }

    private static void expect(JudgeOptions o, String message) {
        assertThatThrownBy(o::check).isInstanceOf(InputException.class).hasMessage(message);
    }
}
