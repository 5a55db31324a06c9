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

    static Chromium launch(Path binary) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("spec-cxr-chromium");
        Path log = profile.resolveSibling(profile.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1280,900", "about:blank");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
                if (!p.isAlive()) {
                    throw new IOException("chromium exited with " + p.exitValue() + ": " + tail(log));
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("chromium did not open its debugging port: " + tail(log));
                }
                Thread.sleep(50);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
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
     * Loads a URL and waits until the page's script has finished (html[data-ready]) or the document is complete and
     * has no such script.
     *
     * @return milliseconds from the navigation request to ready
     */
    long load(String url) throws InterruptedException {
        events.clear();
        long t0 = System.nanoTime();
        call("Page.navigate", obj("url", url));
        long deadline = t0 + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Object ready = eval("document.readyState === 'complete' && document.documentElement.getAttribute('data-ready') === '1'");
            if (Boolean.TRUE.equals(ready)) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("page did not become ready: " + url + "; exceptions: " + exceptions());
    }

    /** Leaves the current page, so that the next {@link #load} is a fresh document even if only the hash differs. */
    void blank() throws InterruptedException {
        call("Page.navigate", obj("url", "about:blank"));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!"about:blank".equals(eval("location.href")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
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
