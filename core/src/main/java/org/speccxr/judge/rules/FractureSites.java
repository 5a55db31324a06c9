package org.speccxr.judge.rules;

import org.speccxr.entity.EntitySet;

/**
 * A generic mention ("fracture", {@code fracture_sites.generic}) with a site word within {@code fracture_sites.window}
 * words is the site's finding: "old fracture, right mid clavicle" is a clavicle fracture, "rib deformities compatible
 * with old fractures" rib fractures. The nearest site word wins.
 */
final class FractureSites implements PostProcessor {
    private final EntitySet set;
    private final RuleSet rules;

    FractureSites(EntitySet set, RuleSet rules) {
        this.set = set;
        this.rules = rules;
    }

    @Override
    public void apply(SentenceReading r) {
        if (rules.genericSiteEntity == null) {
            return;
        }
        String[] w = r.words;
        for (int i = 0; i < r.mentions.size(); i++) {
            Mention m = r.mentions.get(i);
            if (!m.entity().equals(rules.genericSiteEntity)) {
                continue;
            }
            Target sp = r.targets.get(i);
            String site = null;
            int best = Integer.MAX_VALUE;
            for (int k = Math.max(0, sp.start() - rules.siteWindow); k < Math.min(w.length, sp.end() + rules.siteWindow); k++) {
                PhraseMatcher.Match<String> sw = rules.siteWords.longestAt(w, k);
                if (sw != null && set.contains(sw.values().get(0))) {
                    int dist = k < sp.start() ? sp.start() - sw.end() : k - sp.end();
                    if (dist < best) {
                        best = dist;
                        site = sw.values().get(0);
                    }
                    k = sw.end() - 1;
                }
            }
            if (site != null) {
                r.mentions.set(i, m.withEntity(site));
            }
        }
    }
}
