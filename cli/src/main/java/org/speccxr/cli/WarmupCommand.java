package org.speccxr.cli;

import org.speccxr.judge.llm.Prewarm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Hidden: the launcher runs this once per jar build with {@code -XX:ArchiveClassesAtExit} so that the classes of
 * both judges' paths (rules, and LLM requests built against an in-memory client) go into the class-data-sharing
 * archive that later runs start from. It sends nothing over the network.
 */
@Command(name = "__warmup", hidden = true, description = "Load the classes of a typical run (used by the launcher).")
public final class WarmupCommand implements Callable<Integer> {
    @Option(names = "--input", required = true)
    Path input;

    @Option(names = "--out", required = true)
    Path out;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        int rc = Main.commandLine().execute("evaluate", "--input", input.toString(), "--out", out.toString(), "--no-progress");
        Prewarm.runAll();
        return rc;
    }
}
