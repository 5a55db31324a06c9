package org.speccxr.judge.llm;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeException;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.ReportPair;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.speccxr.judge.llm.StandInServer.Wire.OPENAI;

/** A fatal error stops requests for a while, not for the judge's whole life (a service, a training loop). */
class FatalHoldTest {
    static final EntitySet SET = EntitySetLoader.loadDefault();
    static final ReportPair PAIR = new ReportPair("1", "m", "No effusion.", "No effusion.");

    StandInServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void afterTheHoldRequestsAreTriedAgainAndASuccessRevivesTheJudge() throws Exception {
        server = StandInServer.of(OPENAI);
        server.enqueue(StandInServer.error(OPENAI, 401, "invalid_api_key", "Incorrect API key provided"));
        AtomicLong now = new AtomicLong(1_000_000_000L);
        JudgeOptions o = new JudgeOptions(server.baseUrl(), null, null, "positive", null, null, true, 1, Duration.ofSeconds(20),
                null, Map.of("OPENAI_API_KEY", "sk-test-HOLD00000000000000")::get);
        try (Judge j = LlmJudges.create("openai", "gpt-4o", o, SET, line -> { }, RetryPolicy.defaults(1))) {
            ((LlmJudge) j).clock(now::get);
            assertThatThrownBy(() -> j.judge(PAIR, 1)).isInstanceOf(JudgeException.class).hasMessageContaining("401");
            now.addAndGet(LlmJudge.FATAL_HOLD.toNanos() - 1);
            assertThatThrownBy(() -> j.judge(PAIR, 2)).isInstanceOf(JudgeException.class)
                    .hasMessageStartingWith("not sent: an earlier request failed for good");
            assertThat(server.requestCount()).isEqualTo(1);
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            assertThat(j.judge(PAIR, 3).entities()).isNotNull();
            // judged again without any hold: the success ended it
            assertThat(j.judge(PAIR, 4).entities()).isNotNull();
            assertThat(server.requestCount()).isEqualTo(3);
        }
    }
}
