package org.speccxr.architecture;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core module is the evaluator as a library: a user who embeds it gets no LLM client, database driver,
 * command-line parser or HTML library on their class path. Maven hands the tests the core module's whole resolved
 * dependency tree (test scope included, which only adds test tools), so the test reads it from there.
 */
class CoreDependenciesTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "(?i)(langchain4j|sqlite|picocli|jsoup|xchart|jfree|thymeleaf|freemarker|okhttp|jtokkit|slf4j-simple|logback"
                    + "|spec-cxr-(llm|report|cli))");

    @Test
    void coreClassPathHasNoLlmSqlCliOrHtmlLibrary() {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> new File(p).getName()).toList();
        assertThat(jars).as("the core module's class path").anyMatch(j -> j.startsWith("jackson-databind"));
        assertThat(jars).as("the core module's class path").noneMatch(j -> FORBIDDEN.matcher(j).find()
                && !j.startsWith("mockwebserver"));
    }

    @Test
    void theRulesJudgeIsFoundWithoutTheLlmModule() {
        assertThat(org.speccxr.judge.JudgeFactory.providers()).containsOnlyKeys("rules");
    }
}
