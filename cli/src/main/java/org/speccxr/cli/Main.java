package org.speccxr.cli;

import org.speccxr.entity.EntitySetException;
import org.speccxr.util.InputException;
import org.speccxr.util.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Entry point of the {@code spec-cxr} command. Every error ends as one line on stderr and a non-zero exit. */
@Command(name = "spec-cxr", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Entity-level evaluation of chest X-ray report generation (SPEC-CXR).",
        subcommands = {EvaluateCommand.class, ScoreCommand.class, ReportCommand.class, AlignCommand.class, LabelCommand.class,
                CompareCommand.class, AgreeCommand.class, CoverageCommand.class, QualifyCommand.class,
                EntitiesCommand.class, RulesCommand.class, ServeCommand.class, DistillCommand.class, BatchCommand.class,
                WarmupCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit status for bad input or a failed run. */
    public static final int EXIT_ERROR = 1;
    /** Exit status for a bad command line. */
    public static final int EXIT_USAGE = 2;
    /** Exit status when the run finished but some pairs failed (their results are kept apart). */
    public static final int EXIT_PARTIAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cl = commandLine();
        try {
            return cl.execute(args);
        } finally {
            cl.getOut().flush();
            cl.getErr().flush();
        }
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // one writer pair for the whole tree: every command prints through it, so a caller can swap both in one place
        cl.setOut(cl.getOut());
        cl.setErr(cl.getErr());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("spec-cxr: error: " + message(ex));
            cmd.getErr().flush();
            return ex instanceof UsageException ? EXIT_USAGE : EXIT_ERROR;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("spec-cxr: " + ex.getMessage().replace('\n', ' ').strip() + " (see: spec-cxr "
                    + commandPath(ex.getCommandLine()) + "--help)");
            err.flush();
            return EXIT_USAGE;
        });
        return cl;
    }

    private static String commandPath(CommandLine cl) {
        StringBuilder sb = new StringBuilder();
        for (CommandLine c = cl; c != null && c.getParent() != null; c = c.getParent()) {
            sb.insert(0, c.getCommandName() + " ");
        }
        return sb.toString();
    }

    /** One line, with no stack trace, whatever went wrong. */
    static String message(Throwable ex) {
        if (ex instanceof InputException || ex instanceof EntitySetException) {
            return oneLine(ex.getMessage());
        }
        if (ex instanceof UncheckedIOException u) {
            return "I/O error: " + oneLine(u.getCause().getMessage());
        }
        if (ex instanceof OutOfMemoryError) {
            return "out of memory; give Java more with JAVA_OPTS=-Xmx4g";
        }
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return "unexpected " + root.getClass().getSimpleName() + (m == null ? "" : ": " + oneLine(m))
                + " (please report this)";
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        int i = s.indexOf('\n');
        return (i < 0 ? s : s.substring(0, i)).strip();
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"spec-cxr " + Version.get()};
        }
    }
}
