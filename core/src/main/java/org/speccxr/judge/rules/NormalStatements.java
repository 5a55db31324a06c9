package org.speccxr.judge.rules;

import org.speccxr.entity.EntitySet;

import java.util.Set;
import java.util.regex.Matcher;

/**
 * Normal statements encode absence ("lungs are clear", "heart size is normal"): each of the rules' {@code normal}
 * patterns that matches the sentence adds a negative mention of every entity it lists. Runs last: it adds mentions,
 * read from no target.
 */
final class NormalStatements implements PostProcessor {
    private final EntitySet set;
    private final RuleSet rules;
    private final RegexIndex index;

    NormalStatements(EntitySet set, RuleSet rules) {
        this.set = set;
        this.rules = rules;
        this.index = new RegexIndex(rules.normals.stream().map(RuleSet.NormalRule::requires).toList());
    }

    @Override
    public void apply(SentenceReading r) {
        boolean[] candidates = index.candidates(r.words);
        for (int ni = 0; ni < rules.normals.size(); ni++) {
            if (!candidates[ni]) {
                continue;
            }
            RuleSet.NormalRule n = rules.normals.get(ni);
            Matcher m = n.pattern().matcher(r.text);
            if (m.find() && (n.unless() == null || !n.unless().matcher(r.text).find())) {
                for (String id : n.entities()) {
                    if (set.contains(id)) {
                        r.addUntargeted(new Mention(id, Status.NEGATIVE, Set.of(), Set.of(), null, null, false, m.group(), r.text,
                                r.section));
                    }
                }
            }
        }
    }
}
