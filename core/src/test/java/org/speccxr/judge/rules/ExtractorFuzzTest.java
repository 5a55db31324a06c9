package org.speccxr.judge.rules;

import org.junit.jupiter.api.Test;
import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.ReportPair;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Random sentences built from the judge's own vocabulary (synonyms, triggers, modifiers, list words, punctuation)
 * never make it throw: overlapping patterns, empty gaps and lists at sentence ends were each a crash once.
 */
class ExtractorFuzzTest {
    private static final String[] GLUE = {"and", "or", "with", "no", "not", "is not seen", "may represent", "likely",
            "versus", "vs.", "possible", "has resolved", "unchanged", "new", "left", "right", "bilateral", "b/l",
            "small", "moderate", "5 mm", "2-cm", "tip in the", "above the carina", "both", "the", "a", ",", ";", "?",
            ":", "/", "(", ")", "-", "XXXX", "No interval change.", "and/or", "despite", "after", "status post prior",
            // words that start or end the regex patterns, so that patterns overlap synonyms and each other
            "multiple", "numerous", "masses", "nodules", "enlarged", "prominent", "hilar", "lymph nodes", "heart",
            "cardiac silhouette", "calcified", "aorta", "hemidiaphragm", "elevated", "fractured", "callus", "rib",
            "degenerative changes", "shoulders", "lung volumes", "low", "cardiothoracic ratio", "increased",
            "lungs are clear", "heart size is normal", "vasculature", "mediastinum", "widened", "metastasis", "lytic"};

    @Test
    void randomSentencesNeverThrow() {
        EntitySet set = EntitySetLoader.loadDefault();
        ReportExtractor x = new ReportExtractor(set, RuleSet.loadDefault());
        RulesJudge judge = new RulesJudge(set);
        List<String> words = new ArrayList<>(List.of(GLUE));
        for (Entity e : set.entities()) {
            words.addAll(e.synonyms());
        }
        Random rnd = new Random(20261128);
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + rnd.nextInt(14);
            for (int k = 0; k < n; k++) {
                sb.append(words.get(rnd.nextInt(words.size()))).append(rnd.nextInt(5) == 0 ? ". " : " ");
            }
            String text = rnd.nextBoolean() ? sb.toString() : sb.toString().toLowerCase();
            assertThatCode(() -> x.extract(text)).as(text).doesNotThrowAnyException();
            if (i % 10 == 0) {
                assertThatCode(() -> judge.judge(new ReportPair("f", "m", text, text.replace("left", "right")), 1))
                        .as(text).doesNotThrowAnyException();
            }
        }
    }
}
