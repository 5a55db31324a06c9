package org.speccxr.judge.llm;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
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

/** A fatal error stops requests for a while, not for the judge's whole life (a service, a training loop). */
class FatalHoldTest {
    static final EntitySet SET = EntitySetLoader.loadDefault();
    static final ReportPair PAIR = new ReportPair("1", "m", "No effusion.", "No effusion.");
    static final String ANSWER = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"stand-in\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"entities\\\":[]}\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}";

    @StartStop
    final MockWebServer server = new MockWebServer();

    @Test
    void afterTheHoldOneRequestTriesAgainAndALaterSuccessRevivesTheJudge() throws Exception {
        server.enqueue(new MockResponse.Builder().code(401).addHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\","
                        + "\"code\":\"invalid_api_key\"}}").build());
        for (int i = 0; i < 2; i++) {
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(ANSWER).build());
        }
        AtomicLong now = new AtomicLong(1_000_000_000L);
        JudgeOptions o = new JudgeOptions(server.url("/v1").toString(), null, null, "positive", null, null, true, 1, Duration.ofSeconds(20),
                null, Map.of("OPENAI_API_KEY", "sk-test-HOLD00000000000000")::get);
        try (Judge j = LlmJudges.create("openai", "gpt-4o", o, SET, line -> { }, RetryPolicy.defaults(1))) {
            ((LlmJudge) j).clock(now::get);
            assertThatThrownBy(() -> j.judge(PAIR, 1)).isInstanceOf(JudgeException.class).hasMessageContaining("401");
            now.addAndGet(LlmJudge.FATAL_HOLD.toNanos() - 1);
            assertThatThrownBy(() -> j.judge(PAIR, 2)).isInstanceOf(JudgeException.class)
                    .hasMessageStartingWith("not sent: an earlier request failed for good");
            assertThat(server.getRequestCount()).isEqualTo(1);
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            assertThat(j.judge(PAIR, 3).entities()).isEmpty();
            // judged again without any hold: the success ended it
            assertThat(j.judge(PAIR, 4).entities()).isEmpty();
            assertThat(server.getRequestCount()).isEqualTo(3);
        }
    }
}
