package org.speccxr.judge.rules;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Modifier reader for location: side words ({@code location.side}), lobe and zone words ({@code location.zone}), and
 * for a device the site of its tip instead ({@code location.tip}), in a window of {@code location.window} words
 * around the mention that does not reach into a neighbouring mention.
 */
final class LocationReader {
    // the sites a distance from the carina decides between (location.tip.carina_cm), by these names
    static final String ABOVE_CARINA = "tip:above_carina";
    private static final String AT_CARINA = "tip:at_carina";
    private static final String HIGH = "tip:high";

    private final RuleSet rules;
    private final java.util.function.Predicate<String> located;

    /** @param located whether an entity has a location (the entity set's flag): only those take a paired site's sides */
    LocationReader(RuleSet rules, java.util.function.Predicate<String> located) {
        this.rules = rules;
        this.located = located;
    }

    /** Words near the mention, before it and after, not reaching into other mentions: token range [from, to). */
    static int[] window(Target sp, int prevEnd, int nextStart, int size, int n) {
        return new int[]{Math.max(prevEnd, sp.start() - size), Math.min(nextStart, Math.min(n, sp.end() + size))};
    }

    int[] reach(Target sp, int prevEnd, int nextStart, int n) {
        return window(sp, prevEnd, nextStart, rules.locationWindow, n);
    }

    Set<String> sides(SentenceReading r, Target sp, int prevEnd, int nextStart) {
        String[] w = r.words;
        int[] win = reach(sp, prevEnd, nextStart, w.length);
        // a device's tip site is not its side: "tip in the right mainstem bronchus" says where the tip is
        Set<String> s = collect(rules.sides, w, sp, win, rules.tipEntities.contains(sp.entity()) ? rules.tips : null, null);
        PhraseMatcher<String> own = rules.entitySides.get(sp.entity());
        if (own != null) {
            s.addAll(collect(own, w, sp, win)); // "rightward shift of the mediastinum"
        }
        s.remove("none"); // words that look like a side and are not ("right atrium")
        if (s.isEmpty() && !rules.tipEntities.contains(sp.entity()) && located.test(sp.entity()) && pluralPairedSite(r, sp, win)) {
            s.add("bilateral"); // "atelectasis at the lung bases", "blunting of the costophrenic angles"
        }
        return s;
    }

    /**
     * A paired site in the plural in the mention's own words, or just after them with only {@code paired_sites.links}
     * words between ("at the", "of both"). The words are folded to the singular ("bases" reads as "base"), so the
     * written word decides.
     */
    private boolean pluralPairedSite(SentenceReading r, Target sp, int[] win) {
        int end = Math.min(win[1], r.words.length);
        for (int i = sp.start(); i < end; i++) {
            PhraseMatcher.Match<String> m = rules.pairedSites.longestAt(r.words, i);
            if (i >= sp.end() && m == null && !rules.pairedSiteLinks.contains(r.words[i])) {
                return false; // another word: the site is no longer this finding's
            }
            if (i > sp.start() && Clauses.hasBreakChar(r.text, r.tokens.end[i - 1], r.tokens.start[i])) {
                return false;
            }
            if (m != null && m.end() <= end) {
                int last = m.end() - 1;
                String written = r.text.substring(r.tokens.start[last], r.tokens.end[last]).toLowerCase(java.util.Locale.ROOT);
                if (!written.equals(r.words[last])) {
                    return true;
                }
                i = last;
            }
        }
        return false;
    }

    /**
     * Lobe and zone words; for a device, where its tip is ("tip:svc", "tip:above_carina") instead, since lung zone
     * words say nothing of a line ("central line" is not in the middle zone).
     */
    Set<String> zones(SentenceReading r, Target sp, int prevEnd, int nextStart) {
        String[] w = r.words;
        int[] win = reach(sp, prevEnd, nextStart, w.length);
        if (!rules.tipEntities.contains(sp.entity())) {
            Set<String> zones = collect(rules.zones, w, sp, win, null, r.listedSubjectWords);
            zones.remove("none"); // words that look like a zone and are not ("upper limits of normal")
            PhraseMatcher<String> own = rules.entityZones.get(sp.entity());
            if (own != null) {
                Set<String> places = collect(own, w, sp, win, null, r.listedSubjectWords); // "the posterior left 6th rib"
                places.remove("none"); // "seen on the lateral view" names no part of a rib
                zones.addAll(places);
            }
            return zones;
        }
        // a tip word in the window starts the tip's own phrase, which is read whole ("PICC in unchanged position with
        // its distal tip at the level of the lower SVC"; "has been withdrawn and now terminates 4 cm above the carina")
        int tipWord = rules.firstTipPhraseWord(w, sp.end(), win[1]);
        if (tipWord >= 0) {
            win = new int[]{win[0], Math.min(Math.min(nextStart, w.length), tipWord + 1 + rules.locationWindow)};
        }
        Set<String> tips = collect(rules.tips, w, sp, win);
        if (tips.contains(ABOVE_CARINA) && win[1] > win[0]) {
            // "1 cm above the carina" is too low, "9 cm above" too high: the distance decides the site
            Matcher m = SeverityReader.MEASUREMENT.matcher(r.text.substring(r.tokens.start[win[0]], r.tokens.end[win[1] - 1]));
            if (m.find()) {
                double cm = Double.parseDouble(m.group(1)) / (m.group(2).equalsIgnoreCase("mm") ? 10 : 1);
                tips.remove(ABOVE_CARINA);
                tips.add(cm < rules.atCarinaBelowCm ? AT_CARINA : cm > rules.highAboveCm ? HIGH : ABOVE_CARINA);
            }
        }
        return tips;
    }

    /** Side words in a region of the sentence (a list's leading or trailing words), without the mention's own. */
    Set<String> sidesIn(String[] w, Target any, int[] region) {
        return wordsIn(rules.sides, w, any, region);
    }

    Set<String> zonesIn(String[] w, Target any, int[] region) {
        return wordsIn(rules.zones, w, any, region);
    }

    private static Set<String> wordsIn(PhraseMatcher<String> vocab, String[] w, Target any, int[] region) {
        Set<String> s = collect(vocab, w, new Target(any.entity(), region[0], region[0], false), region);
        s.remove("none");
        return s;
    }

    private static Set<String> collect(PhraseMatcher<String> vocab, String[] w, Target sp, int[] win) {
        return collect(vocab, w, sp, win, null, null);
    }

    /**
     * @param skip   phrases read over whole and not counted (a tip site's own side word), or null
     * @param skipAt words not counted, by position, or null
     */
    private static Set<String> collect(PhraseMatcher<String> vocab, String[] w, Target sp, int[] win, PhraseMatcher<String> skip,
                                       boolean[] skipAt) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = win[0]; i < win[1]; i++) {
            if (skipAt != null && skipAt[i] && (i < sp.start() || i >= sp.end())) {
                continue;
            }
            PhraseMatcher.Match<String> skipped = skip == null ? null : skip.longestAt(w, i);
            if (skipped != null && skipped.end() <= win[1]) {
                i = skipped.end() - 1;
                continue;
            }
            PhraseMatcher.Match<String> m = vocab.longestAt(w, i);
            if (m != null && m.end() <= win[1]) {
                out.addAll(m.values());
                i = m.end() - 1;
            }
        }
        // The mention's own words count too ("right upper lobe collapse", "bibasilar atelectasis").
        for (int i = sp.start(); i < sp.end(); i++) {
            PhraseMatcher.Match<String> m = vocab.longestAt(w, i);
            if (m != null && m.end() <= sp.end()) {
                out.addAll(m.values());
            }
        }
        return out;
    }
}
