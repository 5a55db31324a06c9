import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client of bench/serve: posts prepared request bodies (batches of pairs) to /v1/evaluate from CLIENTS threads,
 * each over its own kept-alive connection, and prints pairs/s and the per-batch latency percentiles.
 * Usage: java bench/ServeBench.java URL BATCH_DIR PAIRS_PER_BATCH WARMUP_BATCHES BATCHES CLIENTS
 */
public class ServeBench {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0] + "/v1/evaluate");
        List<byte[]> bodies = new ArrayList<>();
        try (var files = Files.list(Path.of(args[1]))) {
            for (Path p : files.sorted().toList()) {
                bodies.add(Files.readAllBytes(p));
            }
        }
        int perBatch = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int batches = Integer.parseInt(args[4]);
        int clients = Integer.parseInt(args[5]);
        run(uri, bodies, warmup, clients); // JIT warm-up of both sides, not measured
        long start = System.nanoTime();
        long[] latencies = run(uri, bodies, batches, clients);
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "%d batches of %d pairs from %d clients in %.2f s: %.0f pairs/s; latency per batch"
                        + " p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", batches, perBatch, clients, seconds,
                batches * perBatch / seconds, pct(latencies, 0.50), pct(latencies, 0.99), latencies[latencies.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static long[] run(URI uri, List<byte[]> bodies, int batches, int clients) throws Exception {
        long[] latencies = new long[batches];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                // HTTP/1.1, one client per thread: a kept-alive connection each
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                for (int b; (b = next.getAndIncrement()) < batches; ) {
                    HttpRequest req = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(b % bodies.size()))).build();
                    long t0 = System.nanoTime();
                    HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                    latencies[b] = System.nanoTime() - t0;
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + r.statusCode() + ": " + new String(r.body()));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return latencies;
    }
}
