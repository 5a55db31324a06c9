package org.speccxr.judge.llm;

import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void retryAfterInSecondsMillisecondsOrHttpDate() {
        assertThat(RetryPolicy.retryAfter(Map.of("Retry-After", List.of("7")), CLOCK)).contains(Duration.ofSeconds(7));
        assertThat(RetryPolicy.retryAfter(Map.of("retry-after", List.of("1.5")), CLOCK)).contains(Duration.ofMillis(1500));
        assertThat(RetryPolicy.retryAfter(Map.of("retry-after-ms", List.of("250"), "retry-after", List.of("1")), CLOCK))
                .contains(Duration.ofMillis(250));
        assertThat(RetryPolicy.retryAfter(Map.of("Retry-After", List.of("Sun, 01 Jun 2025 12:00:30 GMT")), CLOCK))
                .contains(Duration.ofSeconds(30));
        assertThat(RetryPolicy.retryAfter(Map.of("Retry-After", List.of("Sun, 01 Jun 2025 11:00:00 GMT")), CLOCK))
                .contains(Duration.ZERO);
        assertThat(RetryPolicy.retryAfter(Map.of("Retry-After", List.of("soon")), CLOCK)).isEmpty();
        assertThat(RetryPolicy.retryAfter(Map.of(), CLOCK)).isEmpty();
    }

    @Test
    void backoffDoublesWithJitterAndCapsWhileRetryAfterWins() {
        List<Duration> slept = new ArrayList<>();
        RetryPolicy p = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(10), slept::add);
        for (int attempt = 1; attempt <= 5; attempt++) {
            double expected = Math.min(1000 * Math.pow(2, attempt - 1), 10_000);
            assertThat(p.waitAfter(attempt, null).toMillis()).isBetween(Math.round(expected * 0.8), Math.round(expected * 1.2));
        }
        assertThat(p.waitAfter(1, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(p.waitAfter(1, Duration.ofMinutes(30))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void classifiesThroughLangChain4jWrappers() {
        RetryPolicy.Problem rate = RetryPolicy.classify(new RateLimitException(
                new ProviderHttpException(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\"}}", Duration.ofSeconds(2))));
        assertThat(rate.kind()).isEqualTo(RetryPolicy.Kind.RETRY);
        assertThat(rate.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(rate.detail()).isEqualTo("HTTP 429: requests: slow down");
        assertThat(RetryPolicy.classify(new InternalServerException(new ProviderHttpException(529,
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", null))).kind())
                .isEqualTo(RetryPolicy.Kind.RETRY);
        assertThat(RetryPolicy.classify(new ProviderHttpException(429,
                "{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and billing details.\","
                        + "\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}", null)).kind())
                .isEqualTo(RetryPolicy.Kind.FATAL);
        assertThat(RetryPolicy.classify(new ProviderHttpException(401, "{}", null)).kind()).isEqualTo(RetryPolicy.Kind.FATAL);
        assertThat(RetryPolicy.classify(new ProviderHttpException(404, "{\"error\":\"model not found\"}", null)).detail())
                .contains("model not found");
        assertThat(RetryPolicy.classify(new ProviderHttpException(422, "oops", null)).kind()).isEqualTo(RetryPolicy.Kind.FAIL);
        assertThat(RetryPolicy.classify(new RuntimeException(new UncheckedIOException(new ConnectException("Connection refused"))))
                .label()).isEqualTo("connection refused");
        assertThat(RetryPolicy.classify(new IllegalStateException("weird")).kind()).isEqualTo(RetryPolicy.Kind.FAIL);
    }

    @Test
    void pauseAllHoldsEveryCallerBackForWhatIsLeftOfThePause() throws Exception {
        List<Duration> slept = new ArrayList<>();
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000_000L);
        RetryPolicy p = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofSeconds(10), slept::add, now::get);
        p.awaitPause();
        assertThat(slept).as("no pause set: no wait").isEmpty();
        p.pauseAll(Duration.ofSeconds(2));
        now.addAndGet(Duration.ofMillis(500).toNanos());
        p.awaitPause();
        assertThat(slept).containsExactly(Duration.ofMillis(1500));
        p.pauseAll(Duration.ofSeconds(1)); // a shorter pause does not cut the longer one short
        p.awaitPause();
        assertThat(slept).containsExactly(Duration.ofMillis(1500), Duration.ofMillis(1500));
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        p.awaitPause();
        assertThat(slept).as("the pause is over").hasSize(2);
    }
}
