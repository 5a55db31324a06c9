package org.speccxr.judge.rules;

import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits two entity words run together, as text preprocessed for report generation leaves them when it strips a
 * slash ("atelectasis/scarring" becomes "atelectasisscarring", "aortic ectasia/tortuosity" "ectasiatortuosity"). A
 * word splits only when it is no word of the entity set itself and both parts are, each at least
 * {@code glued_words.min_part} letters long, so real compounds ("hydropneumothorax", "hyperlucent") stay whole. The parts keep their places in the
 * text, so evidence still quotes the report. And the other way, joins a word that dictation split in two ("pneumo
 * thorax", "cardio megaly", "sub cutaneous"): two neighbours of at least three letters, one space apart, whose
 * concatenation is a word of the entity set and at least one of which is not (every word of a synonym is one, so no
 * synonym's own spelling is joined).
 */
final class GluedWords {
    private final Set<String> vocabulary = new HashSet<>();
    private final int minPart;

    GluedWords(EntitySet set, RuleSet rules) {
        this.minPart = rules.gluedMinPart;
        for (Entity e : set.entities()) {
            for (String s : e.synonyms()) {
                vocabulary.addAll(List.of(Tokens.phrase(s)));
            }
            vocabulary.addAll(List.of(Tokens.phrase(e.id().replace('_', ' '))));
        }
    }

    /** The sentence's tokens with glued words split and split words joined. */
    Tokens split(String text, Tokens t) {
        return join(text, splitGlued(t));
    }

    /** Joins neighbours that dictation split ({@link GluedWords}). */
    private Tokens join(String text, Tokens t) {
        List<String> words = null;
        List<int[]> spans = null;
        for (int k = 0; k < t.size(); k++) {
            boolean joined = k + 1 < t.size() && splitInTwo(text, t, k);
            if (joined && words == null) {
                words = new ArrayList<>(t.size());
                spans = new ArrayList<>(t.size());
                for (int j = 0; j < k; j++) {
                    words.add(t.words[j]);
                    spans.add(new int[]{t.start[j], t.end[j]});
                }
            }
            if (words == null) {
                continue;
            }
            if (joined) {
                words.add(Tokens.fold(t.words[k] + t.words[k + 1]));
                spans.add(new int[]{t.start[k], t.end[k + 1]});
                k++;
            } else {
                words.add(t.words[k]);
                spans.add(new int[]{t.start[k], t.end[k]});
            }
        }
        return words == null ? t : Tokens.of(words, spans);
    }

    /** The shortest part of a split word that is joined ("sub cutaneous"). */
    private static final int SPLIT_PART = 3;

    private boolean splitInTwo(String text, Tokens t, int k) {
        String a = t.words[k], b = t.words[k + 1];
        if (vocabulary.contains(a) && vocabulary.contains(b)) {
            return false;
        }
        // a space, not a hyphen: "dextro-convex" is written so on purpose, and its "dextro" is a side; "or if" is no ORIF
        return a.length() >= SPLIT_PART && b.length() >= SPLIT_PART && text.startsWith(" ", t.end[k])
                && t.start[k + 1] == t.end[k] + 1 && a.chars().allMatch(Character::isLetter)
                && b.chars().allMatch(Character::isLetter) && vocabulary.contains(Tokens.fold(a + b));
    }

    private Tokens splitGlued(Tokens t) {
        List<String> words = null;
        List<int[]> spans = null;
        for (int k = 0; k < t.size(); k++) {
            int at = splitAt(t.words[k]);
            if (at > 0 && words == null) {
                words = new ArrayList<>(t.size() + 2);
                spans = new ArrayList<>(t.size() + 2);
                for (int j = 0; j < k; j++) {
                    words.add(t.words[j]);
                    spans.add(new int[]{t.start[j], t.end[j]});
                }
            }
            if (words == null) {
                continue;
            }
            if (at > 0) {
                words.add(t.words[k].substring(0, at));
                spans.add(new int[]{t.start[k], t.start[k] + at});
                words.add(Tokens.fold(t.words[k].substring(at)));
                spans.add(new int[]{t.start[k] + at, t.end[k]});
            } else {
                words.add(t.words[k]);
                spans.add(new int[]{t.start[k], t.end[k]});
            }
        }
        return words == null ? t : Tokens.of(words, spans);
    }

    /** Where a glued word splits, or -1. */
    private int splitAt(String w) {
        if (w.length() < 2 * minPart || vocabulary.contains(w)) {
            return -1;
        }
        for (int i = minPart; i <= w.length() - minPart; i++) {
            if (vocabulary.contains(w.substring(0, i)) && vocabulary.contains(Tokens.fold(w.substring(i)))) {
                return i;
            }
        }
        return -1;
    }
}
