package org.speccxr.cli;

import org.speccxr.cli.service.Service;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeFactory;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.rules.RuleSet;
import org.speccxr.run.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the evaluator over HTTP (JSON): POST /v1/evaluate, /v1/label, /v1/score; GET /v1/entities,"
                + " /health, /openapi.json. The judge is loaded once; SIGTERM drains the requests in flight.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N",
            description = "Port (default 8080; 0 picks a free one, printed on stdout).")
    int port;

    @Option(names = "--entities", paramLabel = "SET", description = "Entity set: " + EntitySetArg.NAMES + ".")
    String entities;

    @Option(names = "--concurrency", paramLabel = "N", description = "Pairs judged at once over all requests (default: per judge).")
    Integer concurrency;

    @Option(names = "--threads", paramLabel = "N", description = "Request threads (default: 2 x cores, at least 4).")
    Integer threads;

    @Option(names = "--max-pairs", defaultValue = "10000", paramLabel = "N",
            description = "Pairs, reports or records per request at most (default 10000).")
    int maxPairs;

    @Option(names = "--max-request-bytes", defaultValue = "67108864", paramLabel = "N",
            description = "Largest request body in bytes (default 67108864 = 64 MiB).")
    long maxRequestBytes;

    @Option(names = "--grace", defaultValue = "30", paramLabel = "SECONDS",
            description = "On SIGTERM, how long to wait for requests in flight (default 30).")
    int graceSeconds;

    @Mixin
    JudgeMixin judgeOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be 0 to 65535 (got " + port + ")");
        }
        if (maxPairs < 1) {
            throw new UsageException("--max-pairs must be at least 1 (got " + maxPairs + ")");
        }
        if (maxRequestBytes < 1) {
            throw new UsageException("--max-request-bytes must be at least 1 (got " + maxRequestBytes + ")");
        }
        if (graceSeconds < 0) {
            throw new UsageException("--grace must be 0 or more seconds (got " + graceSeconds + ")");
        }
        if (concurrency != null && concurrency < 1) {
            throw new UsageException("--concurrency must be at least 1 (got " + concurrency + ")");
        }
        if (threads != null && threads < 1) {
            throw new UsageException("--threads must be at least 1 (got " + threads + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JudgeOptions options = judgeOptions.options();
        judgeOptions.noteUnused(err);
        err.flush();
        EntitySet set = EntitySetLoader.resolve(entities);
        RuleSet rules = judgeOptions.rules == null ? RuleSet.loadDefault() : RuleSet.load(judgeOptions.rules);
        int cores = Runtime.getRuntime().availableProcessors();
        try (Judge judge = JudgeFactory.create(judgeOptions.spec(), options, set);
             Evaluator evaluator = Evaluator.builder().entitySet(set).judge(judge)
                     .concurrency(concurrency != null ? concurrency : judge.defaultConcurrency()).build()) {
            Service service = new Service(new Service.Config(host, port, maxRequestBytes, maxPairs,
                    threads != null ? threads : Math.max(4, 2 * cores)), evaluator, rules, System::nanoTime);
            try {
                service.start();
            } catch (BindException e) {
                throw new org.speccxr.util.InputException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                        + "); choose another --port, or 0 for a free one");
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                boolean drained = service.stop(Duration.ofSeconds(graceSeconds));
                err.println("spec-cxr: serve stopped" + (drained ? "" : " with requests still in flight after "
                        + graceSeconds + " s"));
                err.flush();
                stopped.countDown();
            }, "spec-cxr-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            // the first line on stdout says where: a client that started us with --port 0 reads the port from it
            out.println("spec-cxr: serving " + judge.info().spec() + " on http://" + hostForUrl(host) + ":" + service.port()
                    + " (GET /openapi.json lists the endpoints)");
            out.flush();
            stopped.await();
            return 0;
        }
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
