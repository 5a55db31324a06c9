package org.speccxr.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Runs the command line in-process and captures its exit status, stdout and stderr. */
final class Cli {
    record Result(int exit, String out, String err) {
    }

    /**
     * An evaluations.jsonl without its header's creation time: what stays byte-identical from one run to the next
     * (every record line, and the rest of the provenance).
     */
    static String withoutCreated(String evaluations) {
        return evaluations.replaceFirst("\"created\":\"[^\"]*\",", "");
    }

    static String withoutCreated(java.nio.file.Path evaluations) throws java.io.IOException {
        return withoutCreated(java.nio.file.Files.readString(evaluations));
    }

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8), e = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setOut(o);
        System.setErr(e);
        try {
            var cl = Main.commandLine();
            cl.setOut(new PrintWriter(o, true));
            cl.setErr(new PrintWriter(e, true));
            int exit = cl.execute(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
