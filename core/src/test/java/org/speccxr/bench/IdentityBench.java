package org.speccxr.bench;

import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.ReportPair;
import org.speccxr.judge.rules.RulesJudge;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Two invariants on every IU X-ray report (findings + impression): judged against itself, and against a copy
 * written the way report generators write (lower case, " . " between sentences), a report has no errors.
 * Usage: IdentityBench; prints the pairs with errors and the totals.
 */
public final class IdentityBench {
    private IdentityBench() {
    }

    public static void main(String[] args) throws IOException {
        RulesJudge judge = new RulesJudge(EntitySetLoader.loadDefault());
        int pairs = 0, identityErrors = 0, modelStyleErrors = 0;
        for (Map.Entry<String, String> report : OpenIGold.reportTexts().entrySet()) {
            String text = report.getValue();
            String modelStyle = text.toLowerCase(Locale.ROOT).replaceAll("\\.\\s+", " . ");
            pairs++;
            if (errors(judge, text, text) > 0) {
                identityErrors++;
                System.out.println("identity: " + report.getKey());
            }
            if (errors(judge, text, modelStyle) > 0) {
                modelStyleErrors++;
                System.out.println("model style: " + report.getKey());
            }
        }
        System.out.printf(Locale.ROOT, "reports %d: with errors against itself %d, against its model-style copy %d%n",
                pairs, identityErrors, modelStyleErrors);
    }

    private static long errors(RulesJudge judge, String reference, String candidate) {
        List<EntityVerdict> out = judge.judge(new ReportPair("x", "m", reference, candidate), 1).entities();
        return out.stream().filter(e -> e.presence() == Presence.FP || e.presence() == Presence.FN
                || e.location() == Alignment.NOT_ALIGNED || e.severity() == Alignment.NOT_ALIGNED
                || e.comparison() != Comparison.OTHER).count();
    }
}
