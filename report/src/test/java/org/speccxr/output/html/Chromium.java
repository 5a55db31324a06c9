package org.speccxr.output.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.util.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A minimal headless-Chromium driver over the DevTools protocol, with the JDK's own WebSocket client: enough to load
 * a page from disk, run script in it, click, and take screenshots. Used by the browser tests only.
 */
final class Chromium implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path profile;
    private final WebSocket ws;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Every protocol event received (method and params), for checks such as "no dialog opened". */
    final List<JsonNode> events = new CopyOnWriteArrayList<>();

    /** The Chromium binary: $SPECCXR_CHROMIUM, or Debian's /usr/bin/chromium. */
    static Optional<Path> binary() {
        String env = System.getenv("SPECCXR_CHROMIUM");
        for (String c : new String[]{env, "/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (c != null && !c.isBlank() && Files.isExecutable(Path.of(c))) {
                return Optional.of(Path.of(c));
            }
        }
        return Optional.empty();
    }

    /** Set (to 1) by CI: a missing Chromium fails the browser tests instead of skipping them. */
    static final String REQUIRE_VARIABLE = "SPEC_CXR_REQUIRE_BROWSER";

    /**
     * The binary, for a test class's {@code @BeforeAll}: without one the tests are skipped with a message saying what
     * to install, or fail when {@value #REQUIRE_VARIABLE}=1 (CI), so CI cannot lose them unnoticed.
     */
    static Path binaryOrSkip() {
        return binaryOrSkip(binary(), System.getenv(REQUIRE_VARIABLE));
    }

    static Path binaryOrSkip(Optional<Path> binary, String require) {
        if (binary.isPresent()) {
            return binary.get();
        }
        String message = "chromium not installed (apt-get install chromium, or set SPECCXR_CHROMIUM)";
        if ("1".equals(require) || "true".equalsIgnoreCase(require)) {
            throw new AssertionError(message + ", and " + REQUIRE_VARIABLE + "=1 requires the browser tests");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(false, message + "; browser tests skipped");
        return null;
    }

    static Chromium launch(Path binary) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("spec-cxr-chromium");
        Path log = profile.resolveSibling(profile.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1280,900", "about:blank");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        // Chromium says where its debugging port is on its output ("DevTools listening on ws://host:port/..."): read
        // it as it comes, copying everything to the log, instead of polling for DevToolsActivePort
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8)); var w = Files.newBufferedWriter(log)) {
                java.util.regex.Pattern ws = java.util.regex.Pattern.compile("DevTools listening on ws://[^:/]+:(\\d+)/");
                for (String line; (line = in.readLine()) != null; ) {
                    w.write(line);
                    w.newLine();
                    w.flush();
                    java.util.regex.Matcher m = ws.matcher(line);
                    if (m.find()) {
                        listening.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                listening.completeExceptionally(e);
            }
            listening.completeExceptionally(new IOException("chromium exited before opening its debugging port"));
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        try {
            int port;
            try {
                port = listening.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException("chromium did not open its debugging port: " + e.getMessage() + ": " + tail(log));
            }
            HttpClient http = HttpClient.newHttpClient();
            String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String wsUrl = null;
            for (JsonNode t : Json.MAPPER.readTree(list)) {
                if ("page".equals(t.path("type").asText())) {
                    wsUrl = t.path("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (wsUrl == null) {
                throw new IOException("no page target in " + list);
            }
            return new Chromium(p, profile, http, wsUrl);
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private Chromium(Process process, Path profile, HttpClient http, String wsUrl) {
        this.process = process;
        this.profile = profile;
        this.ws = http.newWebSocketBuilder().buildAsync(URI.create(wsUrl), new Listener(this::onMessage)).join();
        call("Page.enable", null);
        call("Runtime.enable", null);
        // record CSP violations from the first moment of every document (scripts added here are exempt from CSP)
        call("Page.addScriptToEvaluateOnNewDocument", obj("source",
                "window.__csp = []; document.addEventListener('securitypolicyviolation', function (e) {"
                        + " window.__csp.push(e.violatedDirective + ' ' + e.blockedURI); });"));
        viewport(1280, 900);
    }

    /** Waiters for the next protocol event of a kind (its method), each completed once with the event's params. */
    private final List<Map.Entry<String, CompletableFuture<JsonNode>>> waiters = new CopyOnWriteArrayList<>();

    /** A future for the next event named {@code method}; register it before the action that causes the event. */
    CompletableFuture<JsonNode> nextEvent(String method) {
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        waiters.add(Map.entry(method, f));
        return f;
    }

    private void onMessage(String text) {
        try {
            JsonNode m = Json.MAPPER.readTree(text);
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                if (f != null) {
                    f.complete(m);
                }
            } else {
                events.add(m);
                for (Map.Entry<String, CompletableFuture<JsonNode>> w : waiters) {
                    if (w.getKey().equals(m.path("method").asText()) && waiters.remove(w)) {
                        w.getValue().complete(m.path("params"));
                    }
                }
                if ("Page.javascriptDialogOpening".equals(m.path("method").asText())) {
                    // never leave a page blocked on an alert; the test sees the event
                    sendAsync("Page.handleJavaScriptDialog", obj("accept", false));
                }
            }
        } catch (IOException e) {
            events.add(Json.MAPPER.createObjectNode().put("method", "parse-error").put("text", e.getMessage()));
        }
    }

    static ObjectNode obj(Object... kv) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            o.set((String) kv[i], Json.MAPPER.valueToTree(kv[i + 1]));
        }
        return o;
    }

    private CompletableFuture<JsonNode> sendAsync(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        ObjectNode msg = Json.MAPPER.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params == null ? Json.MAPPER.createObjectNode() : params);
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        synchronized (ws) {
            ws.sendText(msg.toString(), true).join();
        }
        return f;
    }

    /** Sends a command and waits for its result; throws on a protocol error. */
    JsonNode call(String method, ObjectNode params) {
        try {
            JsonNode r = sendAsync(method, params).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (r.has("error")) {
                throw new IllegalStateException(method + ": " + r.get("error"));
            }
            return r.path("result");
        } catch (Exception e) {
            throw new IllegalStateException(method + " failed: " + e, e);
        }
    }

    void viewport(int width, int height) {
        call("Emulation.setDeviceMetricsOverride", obj("width", width, "height", height, "deviceScaleFactor", 1,
                "mobile", false));
    }

    /**
     * Loads a URL and waits, on the browser's events rather than a clock, for the document's load event and then for
     * the page's script to mark it ready (html[data-ready="1"], watched with a MutationObserver).
     */
    void load(String url) {
        events.clear();
        CompletableFuture<JsonNode> loaded = nextEvent("Page.loadEventFired");
        call("Page.navigate", obj("url", url));
        await(loaded, "the load event of " + url);
        Object ready = eval("new Promise(function (resolve) { var html = document.documentElement;"
                + " if (html.getAttribute('data-ready') === '1') { resolve(true); return; }"
                + " new MutationObserver(function (_, o) { if (html.getAttribute('data-ready') === '1') {"
                + " o.disconnect(); resolve(true); } }).observe(html, {attributes: true}); })");
        if (!Boolean.TRUE.equals(ready)) {
            throw new IllegalStateException("page did not become ready: " + url + "; exceptions: " + exceptions());
        }
    }

    /** Leaves the current page, so that the next {@link #load} is a fresh document even if only the hash differs. */
    void blank() {
        CompletableFuture<JsonNode> loaded = nextEvent("Page.loadEventFired");
        call("Page.navigate", obj("url", "about:blank"));
        await(loaded, "about:blank");
    }

    private void await(CompletableFuture<JsonNode> event, String what) {
        try {
            event.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no event for " + what + ": " + e + "; exceptions: " + exceptions(), e);
        }
    }

    /** Evaluates a JavaScript expression in the page and returns its value as plain Java (Jackson-converted). */
    Object eval(String expression) {
        JsonNode r = call("Runtime.evaluate", obj("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + r.get("exceptionDetails").path("exception").path("description")
                    .asText(r.get("exceptionDetails").toString()));
        }
        JsonNode v = r.path("result").path("value");
        return v.isMissingNode() ? null : Json.MAPPER.convertValue(v, Object.class);
    }

    long evalLong(String expression) {
        return ((Number) eval(expression)).longValue();
    }

    String evalString(String expression) {
        Object o = eval(expression);
        return o == null ? null : o.toString();
    }

    /** A PNG of the page region (CSS pixels), beyond the viewport if need be. */
    byte[] screenshot(double x, double y, double width, double height) {
        JsonNode r = call("Page.captureScreenshot", obj("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", x, "y", y, "width", width, "height", height, "scale", 1)));
        return Base64.getDecoder().decode(r.path("data").asText());
    }

    /** A PNG of one element, found by CSS selector. */
    byte[] screenshotOf(String selector) {
        @SuppressWarnings("unchecked")
        List<Number> box = (List<Number>) eval("(function(){var r=document.querySelector(" + jsString(selector)
                + ").getBoundingClientRect();return [r.left+window.scrollX,r.top+window.scrollY,r.width,r.height];})()");
        return screenshot(box.get(0).doubleValue(), box.get(1).doubleValue(), Math.max(1, box.get(2).doubleValue()),
                Math.max(1, box.get(3).doubleValue()));
    }

    /** Uncaught exceptions thrown by page scripts since the last load. */
    List<String> exceptions() {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events) {
            if ("Runtime.exceptionThrown".equals(e.path("method").asText())) {
                out.add(e.path("params").path("exceptionDetails").toString());
            }
        }
        return out;
    }

    /** JavaScript dialogs (alert, confirm, prompt) opened since the last load. */
    List<String> dialogs() {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events) {
            if ("Page.javascriptDialogOpening".equals(e.path("method").asText())) {
                out.add(e.path("params").path("message").asText());
            }
        }
        return out;
    }

    static String jsString(String s) {
        try {
            return Json.MAPPER.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> s = Files.walk(profile)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
        profile.resolveSibling(profile.getFileName() + ".log").toFile().delete();
    }

    /** Collects fragmented text frames into whole messages. */
    private static final class Listener implements WebSocket.Listener {
        private final Consumer<String> sink;
        private final StringBuilder buf = new StringBuilder();

        Listener(Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buf.append(data);
            if (last) {
                String msg = buf.toString();
                buf.setLength(0);
                sink.accept(msg);
            }
            webSocket.request(1);
            return null;
        }
    }
}
