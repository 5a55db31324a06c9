package org.speccxr.judge.rules;

import org.speccxr.entity.EntitySet;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.JudgeProvider;
import org.speccxr.util.InputException;

/** The embedded rules judge, spec {@code rules}: no model, no key, no network. */
public final class RulesJudgeProvider implements JudgeProvider {
    @Override
    public String name() {
        return "rules";
    }

    @Override
    public boolean needsModel() {
        return false;
    }

    @Override
    public Judge create(String model, JudgeOptions options, EntitySet set) {
        RuleSet rules = options.rulesFile() == null ? RuleSet.loadDefault() : RuleSet.load(options.rulesFile());
        // The bundled rules with a smaller custom set skip rules for entities outside it; a user's rules file naming
        // such an entity is refused when the judge's extractor meets the set.
        RulesJudge.Uncertain u;
        try {
            u = RulesJudge.Uncertain.parse(options.uncertain() == null ? "positive" : options.uncertain());
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
        return new RulesJudge(set, rules, u);
    }

    @Override
    public String dryRun(String model, JudgeOptions options, EntitySet set, java.util.List<org.speccxr.judge.ReportPair> pairs,
                         int runs) {
        create(model, options, set).close();
        return "dry run for rules: " + pairs.size() + " pair(s) x " + runs + " run(s); the rules judge runs offline"
                + " and makes no calls\n";
    }
}
