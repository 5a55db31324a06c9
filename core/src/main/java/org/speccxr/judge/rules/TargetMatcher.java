package org.speccxr.judge.rules;

import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;

/**
 * The target matcher: the words of a sentence that name an entity. Every synonym of every entity is matched as a
 * phrase (longest match at each position; an entity's {@code exclude} phrases block shorter synonyms inside them),
 * then the rules' mention patterns, then the span-resolution strategies decide between overlapping readings.
 */
final class TargetMatcher {
    /** Blocks a shorter synonym inside an excluded phrase ("pericardial effusion" for pleural effusion). */
    private static final String BLOCK = "\u0000block";

    /** Decides between targets that read the same words. */
    private interface Resolution {
        void resolve(List<Target> targets, String text, Tokens t);
    }

    private final EntitySet set;
    private final RuleSet rules;
    private final PhraseMatcher<String> synonyms = new PhraseMatcher<>();
    /** Mention patterns whose entity is in the set. */
    private final List<RuleSet.MentionPattern> patterns;
    private final RegexIndex patternIndex;
    /** Applied in order, after all targets are found. */
    private final List<Resolution> resolutions;

    TargetMatcher(EntitySet set, RuleSet rules) {
        this.set = set;
        this.rules = rules;
        this.patterns = rules.patterns.stream().filter(p -> set.contains(p.entity())).toList();
        this.patternIndex = new RegexIndex(patterns.stream().map(RuleSet.MentionPattern::requires).toList());
        for (Entity e : set.entities()) {
            for (String s : e.synonyms()) {
                synonyms.add(s, e.id());
            }
            synonyms.add(e.id().replace('_', ' '), e.id());
            for (String x : e.exclude()) {
                synonyms.add(x, BLOCK);
            }
        }
        for (String x : rules.blockedPhrases) {
            synonyms.add(x, BLOCK); // "clear airspace disease": a slip that names no finding
        }
        this.resolutions = List.of(this::specificPatternOverWord, this::namedDeviceOverGenericWord);
    }

    /** The sentence's targets, by start. */
    List<Target> find(String text, Tokens t) {
        String[] w = t.words;
        List<Target> targets = new ArrayList<>();
        for (PhraseMatcher.Match<String> m : synonyms.findAll(w)) {
            for (String id : m.values()) {
                if (!id.equals(BLOCK)) {
                    targets.add(new Target(id, m.start(), m.end(), false));
                }
            }
        }
        boolean[] candidates = patternIndex.candidates(w);
        List<Replacing> replacing = new ArrayList<>();
        for (int pi = 0; pi < patterns.size(); pi++) {
            if (candidates[pi]) {
                matchPattern(patterns.get(pi), text, t, targets, replacing);
            }
        }
        // a pattern also replaces other patterns' readings of the entities it names, inside its words, whatever their
        // order in the file ("several small nodular opacities from old granulomatous disease" are granulomas, not nodules)
        // a replacing target that another replaces takes nothing away: decided before any is applied
        List<Replacing> standing = replacing.stream().filter(r -> replacing.stream().noneMatch(o -> o != r
                && o.entities().contains(r.target().entity()) && o.target().start() <= r.target().start()
                && r.target().end() <= o.target().end())).toList();
        for (Replacing r : standing) {
            targets.removeIf(x -> x != r.target() && x.pattern() && r.entities().contains(x.entity())
                    && r.target().start() <= x.start() && x.end() <= r.target().end());
        }
        for (Resolution r : resolutions) {
            r.resolve(targets, text, t);
        }
        targets.sort(Comparator.comparingInt(Target::start));
        return targets;
    }

    /** A pattern's target and the entities its pattern {@code replaces}. */
    private record Replacing(Target target, java.util.Collection<String> entities) {
    }

    /**
     * A pattern's matches. A pattern claims its own entity's one-word synonyms inside its match ("the aorta is mildly
     * tortuous and calcified": the tortuosity is read whole, so no other pattern takes its word), does not read again
     * what a synonym of its entity already reads, and takes the synonyms of the entities it {@code replaces} (and,
     * after all patterns, their pattern readings inside its words: see {@link #find}).
     */
    private static void matchPattern(RuleSet.MentionPattern p, String text, Tokens t, List<Target> targets, List<Replacing> replacing) {
        Matcher m = p.pattern().matcher(text);
        while (m.find()) {
            int s = tokenAt(t, m.start(), true), e = tokenAt(t, m.end(), false);
            if (s >= e) {
                continue;
            }
            targets.removeIf(x -> !x.pattern() && x.entity().equals(p.entity()) && x.length() == 1
                    && s <= x.start() && x.end() <= e);
            if (targets.stream().noneMatch(x -> x.entity().equals(p.entity()) && x.start() < e && s < x.end())) {
                Target added = new Target(p.entity(), s, e, true);
                targets.add(added);
                if (!p.replaces().isEmpty()) {
                    targets.removeIf(x -> !x.pattern() && p.replaces().contains(x.entity()) && s <= x.start() && x.end() <= e);
                    replacing.add(new Replacing(added, p.replaces()));
                }
            }
        }
    }

    /**
     * A pattern is the more specific reading of a single word it spans: "fracture of the left sixth rib" is a rib
     * fracture, not also the generic fracture its word "fracture" names. A phrase of its own inside a pattern's reach
     * is another finding ("the aorta is tortuous and calcified"), and so is a word of another group.
     */
    private void specificPatternOverWord(List<Target> targets, String text, Tokens t) {
        String[] w = t.words;
        List<Target> patternTargets = targets.stream().filter(Target::pattern).toList();
        if (!patternTargets.isEmpty()) {
            targets.removeIf(x -> !x.pattern() && x.length() == 1 && patternTargets.stream().anyMatch(p -> !p.entity().equals(x.entity())
                    && p.start() <= x.start() && x.end() <= p.end() && set.get(p.entity()).group().equals(set.get(x.entity()).group())));
        }
    }

    /**
     * A generic device word ("catheter", "line") beside a named device is that device's word, not another device:
     * "left PICC line with catheter tip in the SVC" is one PICC; right after the named device it is part of its
     * phrase ("the left central line catheter is gone": one line, and its removal is the line's).
     */
    private void namedDeviceOverGenericWord(List<Target> targets, String text, Tokens t) {
        String[] w = t.words;
        if (rules.genericDeviceWords.isEmpty()) {
            return;
        }
        targets.sort(Comparator.comparingInt(Target::start));
        for (int i = 0; i + 1 < targets.size(); i++) {
            Target n = targets.get(i);
            if (!rules.tipEntities.contains(n.entity()) || genericWord(n, w)) {
                continue;
            }
            for (int j = i + 1; j < targets.size() && targets.get(j).start() <= n.end(); j++) {
                Target x = targets.get(j);
                // right after the named device, with no comma between ("ETT, catheter tip in the SVC" keeps both)
                if (x.start() == n.end() && genericWord(x, w) && rules.tipEntities.contains(x.entity())
                        && !Clauses.hasBreakChar(text, t.end[n.end() - 1], t.start[x.start()])) {
                    targets.set(i, new Target(n.entity(), n.start(), x.end(), n.pattern()));
                    targets.remove(j);
                    break;
                }
            }
        }
        List<Target> named = targets.stream().filter(x -> rules.tipEntities.contains(x.entity()) && !genericWord(x, w)).toList();
        if (!named.isEmpty()) {
            targets.removeIf(x -> rules.tipEntities.contains(x.entity()) && genericWord(x, w)
                    && named.stream().anyMatch(n -> !n.entity().equals(x.entity())));
        }
    }

    /** The target is one generic device word ("catheter", "line"). */
    private boolean genericWord(Target x, String[] w) {
        return x.length() == 1 && rules.genericDeviceWords.contains(w[x.start()]);
    }

    /** Token index at or after (start) / ending at or before (end) a character offset. */
    private static int tokenAt(Tokens t, int offset, boolean start) {
        if (start) {
            for (int i = 0; i < t.size(); i++) {
                if (t.end[i] > offset) {
                    return i;
                }
            }
            return t.size();
        }
        int last = 0;
        for (int i = 0; i < t.size(); i++) {
            if (t.start[i] < offset) {
                last = i + 1;
            }
        }
        return last;
    }
}
