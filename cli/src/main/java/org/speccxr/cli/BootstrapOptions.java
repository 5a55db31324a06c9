package org.speccxr.cli;

import org.speccxr.entity.EntitySet;
import org.speccxr.score.Scores;
import org.speccxr.stats.Bootstrap;
import org.speccxr.verdict.VerdictRecord;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.List;

/**
 * The bootstrap options shared by evaluate and score (a picocli mixin). A bad value is a usage error at parse
 * time, before any judging starts.
 */
public final class BootstrapOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    int resamples = Bootstrap.DEFAULT_RESAMPLES;

    @Option(names = "--bootstrap-seed", defaultValue = "42", paramLabel = "N",
            description = "Seed of the bootstrap (default 42): the same records and seed give the same intervals.")
    long seed = Bootstrap.DEFAULT_SEED;

    @Option(names = "--bootstrap", defaultValue = "1000", paramLabel = "N",
            description = "Bootstrap resamples over reference ids for the 95%% confidence intervals (default 1000; 0 turns them off).")
    void setResamples(int n) {
        resamples = checked(spec, "--bootstrap", n);
    }

    /** Resamples (0: off). */
    public int resamples() {
        return resamples;
    }

    public long seed() {
        return seed;
    }

    /** The scores with bootstrap intervals attached (unchanged when turned off). */
    public Scores apply(Scores scores, List<VerdictRecord> records, EntitySet set) {
        return Bootstrap.attach(scores, records, set, resamples, seed);
    }

    /** 0 (off) or at least 2. */
    static int checked(CommandSpec spec, String option, int n) {
        if (n < 0 || n == 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " must be 0 (off) or at least 2 (got " + n + ")");
        }
        return n;
    }
}
