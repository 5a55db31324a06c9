package org.speccxr.judge.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When and how long to wait before trying a request again. HTTP 408, 409, 429 and 5xx (Anthropic's 529
 * "overloaded" included), timeouts, dropped connections and malformed response bodies are retried with
 * exponential backoff (base x 2^n, capped, +-20 % jitter); a {@code Retry-After} (or OpenAI's
 * {@code retry-after-ms}) header replaces the backoff. A 429 with a {@code Retry-After} also pauses every other
 * request of the judge until then, so threads do not keep hitting a rate limit the server already announced.
 * Authentication errors (401, 403), unknown models (404), billing errors (402, an exhausted quota, a spend
 * limit) and an unknown host are fatal: no later request can succeed. Other 4xx fail the one pair.
 * <p>
 * LangChain4j's own retries ignore {@code Retry-After}, so the judge builds its models with {@code maxRetries(0)}
 * and retries here.
 */
public final class RetryPolicy {
    public static final int DEFAULT_MAX_ATTEMPTS = 6;
    public static final Duration DEFAULT_BASE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(120);

    /** How to treat a failed request. */
    public enum Kind { RETRY, FAIL, FATAL }

    /**
     * A classified failure.
     *
     * @param label      short label for counting ("HTTP 429", "timeout")
     * @param detail     one-line description for failures.jsonl (no secrets: callers still redact)
     * @param retryAfter the server's requested delay, if any
     */
    public record Problem(Kind kind, int status, String label, String detail, Duration retryAfter) {
    }

    /** Sleeps; replaceable in tests. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final int maxAttempts;
    private final Duration base;
    private final Duration maxWait;
    private final Sleeper sleeper;
    private final java.util.function.LongSupplier nanoClock;
    private final AtomicLong pausedUntil = new AtomicLong(Long.MIN_VALUE);

    public RetryPolicy(int maxAttempts, Duration base, Duration maxWait, Sleeper sleeper) {
        this(maxAttempts, base, maxWait, sleeper, System::nanoTime);
    }

    /** With the clock (nanoseconds) a pause is measured on: tests move it instead of waiting. */
    public RetryPolicy(int maxAttempts, Duration base, Duration maxWait, Sleeper sleeper,
                       java.util.function.LongSupplier nanoClock) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.base = base;
        this.maxWait = maxWait;
        this.sleeper = sleeper;
        this.nanoClock = nanoClock;
    }

    public static RetryPolicy defaults(Integer maxAttempts) {
        return new RetryPolicy(maxAttempts == null ? DEFAULT_MAX_ATTEMPTS : maxAttempts, DEFAULT_BASE, DEFAULT_MAX_WAIT,
                d -> Thread.sleep(Math.max(0, d.toMillis())));
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** The wait before attempt {@code attempt + 1}, after attempt {@code attempt} (1-based) failed. */
    public Duration waitAfter(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(maxWait) > 0 ? maxWait : retryAfter.isNegative() ? Duration.ZERO : retryAfter;
        }
        double ms = base.toMillis() * Math.pow(2, Math.max(0, attempt - 1));
        ms = Math.min(ms, maxWait.toMillis());
        ms *= 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.round(ms));
    }

    /** Holds every request of the judge back until {@code wait} from now. */
    public void pauseAll(Duration wait) {
        long until = nanoClock.getAsLong() + wait.toNanos();
        pausedUntil.accumulateAndGet(until, Math::max);
    }

    /** Waits out a pause set by {@link #pauseAll}, if any. */
    public void awaitPause() throws InterruptedException {
        long left = pausedUntil.get() - nanoClock.getAsLong();
        if (pausedUntil.get() != Long.MIN_VALUE && left > 0) {
            sleeper.sleep(Duration.ofNanos(left));
        }
    }

    public void sleep(Duration d) throws InterruptedException {
        sleeper.sleep(d);
    }

    /** Classifies what a LangChain4j chat call threw, looking through the cause chain. */
    public static Problem classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ProviderHttpException p) {
                return http(p.statusCode(), p.providerMessage(), p.retryAfter().orElse(null));
            }
            if (c instanceof HttpException h) {
                return http(h.statusCode(), oneLine(h.getMessage()), null);
            }
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof TimeoutException || c instanceof HttpTimeoutException
                    || c instanceof java.util.concurrent.TimeoutException) {
                return new Problem(Kind.RETRY, 0, "timeout", "request timed out", null);
            }
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return new Problem(Kind.FATAL, 0, "unknown host", "cannot resolve the server's host name", null);
            }
            if (c instanceof ConnectException) {
                return new Problem(Kind.RETRY, 0, "connection refused", "cannot connect to the server"
                        + (c.getMessage() == null || c.getMessage().isBlank() ? "" : " (" + oneLine(c.getMessage()) + ")")
                        + "; is it running, and is --base-url right?", null);
            }
            if (c instanceof JsonProcessingException) {
                return new Problem(Kind.RETRY, 0, "malformed body", "the server's response body is not valid JSON", null);
            }
            if (c instanceof IOException) {
                return new Problem(Kind.RETRY, 0, "I/O error", "connection error (" + c.getClass().getSimpleName()
                        + (c.getMessage() == null ? "" : ": " + oneLine(c.getMessage())) + ")", null);
            }
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new Problem(Kind.FAIL, 0, "error", root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + oneLine(root.getMessage())), null);
    }

    static Problem http(int status, String message, Duration retryAfter) {
        String label = "HTTP " + status;
        String detail = label + (message == null || message.isBlank() ? "" : ": " + message);
        Kind kind;
        if (status == 401 || status == 403) {
            kind = Kind.FATAL;
            detail = label + " authentication failed (check the API key): " + message;
        } else if (status == 404) {
            kind = Kind.FATAL;
            detail = label + " not found (check the model name and --base-url): " + message;
        } else if (billing(status, message, retryAfter)) {
            // billing, not a rate limit: waiting does not help, and every further request would fail the same way
            kind = Kind.FATAL;
            detail = label + " the account's " + (status == 402 ? "payment or credit" : "quota or spend limit")
                    + " stops requests: " + message + "; add credit or raise the limit in the provider's billing"
                    + " settings, then run again (with the response cache, answered pairs are not asked again)";
        } else if (status == 408 || status == 409 || status == 429 || status >= 500) {
            kind = Kind.RETRY;
        } else {
            kind = Kind.FAIL;
        }
        return new Problem(kind, status, label, detail, retryAfter);
    }

    private static final java.util.regex.Pattern ZERO_QUOTA = java.util.regex.Pattern.compile("(?i)quota exceeded for metric:[^*]*limit: 0(?![0-9])");

    /** Anthropic's spend and usage limits (429) and its "credit balance is too low" (400). */
    private static final java.util.regex.Pattern SPEND_LIMIT = java.util.regex.Pattern.compile(
            "(?i)(spend(ing)?|usage|budget) limits?|credit balance");

    /**
     * Billing errors: any 402; OpenAI's exhausted quota (429 {@code insufficient_quota}); a 429 without
     * Retry-After whose message names a spend or usage limit (Anthropic's workspace limits), and Anthropic's 400
     * for a credit balance too low.
     */
    static boolean billing(int status, String message, Duration retryAfter) {
        if (status == 402) {
            return true;
        }
        String m = message == null ? "" : message;
        if (status == 429 && m.contains("insufficient_quota")) {
            return true;
        }
        // OpenAI's exhausted quota; Gemini words its per-minute limits the same way but says when to retry
        if (status == 429 && retryAfter == null && m.toLowerCase(Locale.ROOT).contains("exceeded your current quota")) {
            return true;
        }
        // Gemini: the account's tier has no quota at all for the model ("Quota exceeded for metric: ..., limit: 0")
        if (status == 429 && ZERO_QUOTA.matcher(m).find()) {
            return true;
        }
        if (status == 429 && retryAfter == null && SPEND_LIMIT.matcher(m).find()) {
            return true;
        }
        return status == 400 && m.toLowerCase(Locale.ROOT).contains("credit balance is too low");
    }

    /**
     * The delay a response asks for: {@code retry-after-ms} (milliseconds, OpenAI), else {@code Retry-After} in
     * seconds or as an HTTP date.
     */
    public static Optional<Duration> retryAfter(Map<String, List<String>> headers, Clock clock) {
        String ms = header(headers, "retry-after-ms");
        if (ms != null) {
            try {
                return Optional.of(Duration.ofMillis(Math.max(0, Math.round(Double.parseDouble(ms.strip())))));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        String ra = header(headers, "retry-after");
        if (ra == null || ra.isBlank()) {
            return Optional.empty();
        }
        ra = ra.strip();
        try {
            return Optional.of(Duration.ofMillis(Math.max(0, Math.round(Double.parseDouble(ra) * 1000))));
        } catch (NumberFormatException ignored) {
            // an HTTP date
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(ra, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        s = s.replaceAll("\\s+", " ").strip();
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
