package org.speccxr.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one harness every CLI test runs the command line through, in-process: each call gets its own command tree and
 * its own out and err writers (the commands print only through picocli's writers), so calls share no state and tests
 * may run them in parallel.
 */
public final class Cli {
    private Cli() {
    }

    /** Exit status, and everything written to stdout and stderr. */
    public record Result(int exit, String out, String err) {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        return new Result(exit, out.toString(), err.toString());
    }

    /**
     * An evaluations.jsonl without its header's creation time: what stays byte-identical from one run to the next
     * (every record line, and the rest of the provenance).
     */
    public static String withoutCreated(String evaluations) {
        return evaluations.replaceFirst("\"created\":\"[^\"]*\",", "");
    }

    public static String withoutCreated(Path evaluations) throws IOException {
        return withoutCreated(Files.readString(evaluations));
    }
}
