package org.speccxr.judge.llm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeInfo;
import org.speccxr.judge.JudgeOutput;
import org.speccxr.judge.ReportPair;
import org.speccxr.judge.TokenUsage;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** An answer already paid for is kept even when the response cache fails. */
class CacheFailureTest {

    @Test
    void aFailingCacheNeitherLosesAnswersNorFailsPairs(@TempDir Path dir) throws Exception {
        EntitySet set = EntitySetLoader.loadDefault();
        AtomicInteger calls = new AtomicInteger();
        Judge answering = new Judge() {
            @Override
            public JudgeInfo info() {
                return new JudgeInfo("openai:stand-in", "openai", "stand-in", Map.of(), "sha256:x");
            }

            @Override
            public JudgeOutput judge(ReportPair pair, int run) {
                calls.incrementAndGet();
                return new JudgeOutput(List.of(EntityVerdict.of("pneumonia", Presence.FP)), new TokenUsage(10, 5, 0), false);
            }
        };
        ResponseCache cache = ResponseCache.open(dir.resolve("cache.sqlite"));
        cache.close(); // every get and put now fails
        List<String> notices = new java.util.ArrayList<>();
        CachingJudge judge = new CachingJudge(answering, cache, set, notices::add);
        JudgeOutput out = judge.judge(new ReportPair("1", "m", "No pneumonia.", "Pneumonia."), 1);
        judge.judge(new ReportPair("2", "m", "No effusion.", "Effusion."), 1);
        assertThat(out.cached()).isFalse();
        assertThat(out.entities()).extracting(EntityVerdict::entity).containsExactly("pneumonia");
        assertThat(calls.get()).isEqualTo(2);
        // through the sink, not printed; each kind once per run, not once per pair
        assertThat(notices).hasSize(2)
                .anyMatch(n -> n.startsWith("warning: the response cache cannot be read"))
                .anyMatch(n -> n.startsWith("warning: the response cache cannot store answers"));
    }
}
