package org.speccxr.judge.llm;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * The HTTP client LangChain4j talks through: the JDK client, like LangChain4j's own, except that a non-2xx answer
 * becomes a {@link ProviderHttpException} that keeps the {@code Retry-After} header, which LangChain4j's client
 * drops. One JDK client is shared by all requests of a judge (it pools connections); plain-http servers are spoken
 * to in HTTP/1.1 (no h2c upgrade dance with local servers), https ones negotiate HTTP/2.
 */
final class LlmHttpClient implements HttpClient {
    private final java.net.http.HttpClient http;
    private final Duration readTimeout;
    private final RequestEdits edits;

    private LlmHttpClient(java.net.http.HttpClient http, Duration readTimeout, RequestEdits edits) {
        this.http = http;
        this.readTimeout = readTimeout;
        this.edits = edits;
    }

    static Builder builder(boolean plainHttp) {
        return new Builder(plainHttp, RequestEdits.none());
    }

    static Builder builder(boolean plainHttp, RequestEdits edits) {
        return new Builder(plainHttp, edits);
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        request.headers().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        String body = edits.apply(request.body());
        b.method(request.method().name(), body == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (readTimeout != null) {
            b.timeout(readTimeout);
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new TimeoutException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (r.statusCode() < 200 || r.statusCode() >= 300) {
            throw new ProviderHttpException(r.statusCode(), r.body(),
                    RetryPolicy.retryAfter(r.headers().map(), Clock.systemUTC()).orElse(null),
                    r.statusCode() == 400 && body != null ? RequestEdits.parameters(body) : java.util.Set.of());
        }
        return SuccessfulHttpResponse.builder().statusCode(r.statusCode()).headers(r.headers().map()).body(r.body()).build();
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        throw new UnsupportedOperationException("streaming is not used by spec-cxr");
    }

    /** LangChain4j sets the timeouts through this builder; the JDK client is built once, lazily. */
    static final class Builder implements HttpClientBuilder {
        private final boolean plainHttp;
        private final RequestEdits edits;
        private Duration connectTimeout = Duration.ofSeconds(15);
        private Duration readTimeout = Duration.ofSeconds(300);

        Builder(boolean plainHttp, RequestEdits edits) {
            this.plainHttp = plainHttp;
            this.edits = edits;
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public HttpClientBuilder connectTimeout(Duration timeout) {
            if (timeout != null) {
                // LangChain4j passes its one timeout for both; a connection never needs minutes
                connectTimeout = timeout.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : timeout;
            }
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public HttpClientBuilder readTimeout(Duration timeout) {
            if (timeout != null) {
                readTimeout = timeout;
            }
            return this;
        }

        @Override
        public HttpClient build() {
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    .version(plainHttp ? java.net.http.HttpClient.Version.HTTP_1_1 : java.net.http.HttpClient.Version.HTTP_2)
                    .followRedirects(java.net.http.HttpClient.Redirect.NORMAL)
                    .build();
            return new LlmHttpClient(http, readTimeout, edits);
        }
    }
}
