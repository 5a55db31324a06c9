package org.speccxr.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.stats.HumanAlignment;

import java.util.Locale;

/** The bootstrap part of align's output, kept apart from AlignCommand. */
final class AlignExtras {
    private AlignExtras() {
    }

    static void putInterval(ObjectNode o, HumanAlignment.Result r) {
        if (r.tauBCi() == null) {
            o.putNull("tau_b_ci");
        } else {
            o.putObject("tau_b_ci").put("lo", r.tauBCi().lo()).put("hi", r.tauBCi().hi());
        }
        o.putObject("bootstrap").put("resamples", r.resamples()).put("seed", r.seed()).put("unit", "id").put("level", 0.95);
    }

    static void printInterval(HumanAlignment.Result r, java.io.PrintWriter out) {
        if (r.tauBCi() != null) {
            out.printf(Locale.ROOT, "95%% bootstrap interval of tau-b: [%.4f, %.4f] (%d resamples over ids, seed %d)%n",
                    r.tauBCi().lo(), r.tauBCi().hi(), r.resamples(), r.seed());
        }
    }
}
