package org.speccxr.judge.llm;

import org.junit.jupiter.api.AfterEach;

import java.io.IOException;
import java.util.List;

/** What the Gemini API and Vertex AI judge tests share: a stand-in serving Gemini's generateContent, closed after each test. */
abstract class GeminiStandInCase {
    GeminiStandIn server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * A new stand-in whose first answers are faults (a 429 saying {@code quota}, a 500 saying {@code internal}, an
     * answer cut in the middle, a 503 saying {@code unavailable}), then {@linkplain HostFixture#sloppyAnswers sloppy}.
     */
    void startWithFaults(String quota, String internal, String unavailable) throws IOException {
        server = new GeminiStandIn();
        HostFixture.faultsThenSloppyAnswers(server, GeminiStandIn.envelope(HostStandIn.answer(List.of()), "STOP"),
                GeminiStandIn.error(429, "RESOURCE_EXHAUSTED", quota), GeminiStandIn.error(500, "INTERNAL", internal),
                GeminiStandIn.error(503, "UNAVAILABLE", unavailable));
    }
}
