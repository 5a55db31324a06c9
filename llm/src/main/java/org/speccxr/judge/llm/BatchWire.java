package org.speccxr.judge.llm;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The synchronous path's own HTTP layer, turned around for batches: {@link #capture} runs LangChain4j up to the wire
 * and keeps the exact body it would send (with the judge's request edits applied); {@link Replay} answers a model's
 * one request with a batch result's body, so the answer is parsed, validated and counted as if it had come back
 * synchronously.
 */
final class BatchWire {
    private BatchWire() {
    }

    /** Thrown by the capturing client in place of sending: carries the body. */
    private static final class Captured extends RuntimeException {
        final String body;

        Captured(String body) {
            super("captured", null, false, false);
            this.body = body;
        }
    }

    /** The JSON body the synchronous path sends for {@code request}. */
    static String capture(Provider provider, ChatModels.Settings settings, ChatRequest request) {
        RequestEdits edits = settings.edits();
        HttpClient client = new HttpClient() {
            @Override
            public SuccessfulHttpResponse execute(HttpRequest r) {
                throw new Captured(edits.apply(r.body()));
            }

            @Override
            public void execute(HttpRequest r, ServerSentEventParser p, ServerSentEventListener l) {
                throw new UnsupportedOperationException("streaming is not used by spec-cxr");
            }
        };
        ChatModel model = ChatModels.build(provider, settings, builder(client));
        try {
            model.chat(request);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof Captured c) {
                    return c.body;
                }
            }
            throw e;
        }
        throw new IllegalStateException("the model sent no request");
    }

    /** A client that answers every request with the body set for the current thread. */
    static final class Replay implements HttpClient {
        private final ThreadLocal<String> next = new ThreadLocal<>();

        void answerWith(String body) {
            next.set(body);
        }

        @Override
        public SuccessfulHttpResponse execute(HttpRequest r) {
            String body = next.get();
            next.remove();
            if (body == null) {
                // a second ask (a re-ask) has no batch answer: the pair goes to the follow-up batch instead
                throw new ProviderHttpException(400, "{\"error\":{\"message\":\"batch answer already used\"}}", null,
                        java.util.Set.of());
            }
            return SuccessfulHttpResponse.builder().statusCode(200)
                    .headers(Map.of("content-type", List.of("application/json"))).body(body).build();
        }

        @Override
        public void execute(HttpRequest r, ServerSentEventParser p, ServerSentEventListener l) {
            throw new UnsupportedOperationException("streaming is not used by spec-cxr");
        }
    }

    static HttpClientBuilder builder(HttpClient client) {
        return new HttpClientBuilder() {
            private Duration connect = Duration.ofSeconds(15);
            private Duration read = Duration.ofSeconds(300);

            @Override
            public Duration connectTimeout() {
                return connect;
            }

            @Override
            public HttpClientBuilder connectTimeout(Duration d) {
                connect = d == null ? connect : d;
                return this;
            }

            @Override
            public Duration readTimeout() {
                return read;
            }

            @Override
            public HttpClientBuilder readTimeout(Duration d) {
                read = d == null ? read : d;
                return this;
            }

            @Override
            public HttpClient build() {
                return client;
            }
        };
    }
}
