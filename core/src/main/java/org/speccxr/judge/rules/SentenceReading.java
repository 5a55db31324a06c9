package org.speccxr.judge.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * One sentence as the pipeline reads it: its words and triggers, and the mentions read so far, each with the target
 * it was read from and the words its modifiers could reach (what the post-processors work on). Lives for one sentence,
 * on one thread.
 */
final class SentenceReading {
    final String text;
    final String section;
    final Tokens tokens;
    final String[] words;
    final List<PhraseMatcher.Match<RuleSet.Trigger>> triggers;
    /** Parallel lists: mention i was read from target i, its modifiers reached over words reaches[i]. */
    final List<Mention> mentions = new ArrayList<>();
    final List<Target> targets = new ArrayList<>();
    final List<int[]> reaches = new ArrayList<>();
    /** Word indexes where a new subject starts a clause ({@link Clauses#subjects}). */
    int[] subjects = new int[0];
    /** Words of another subject listed beside a finding, by position ({@link Clauses#listedSubjectWords}). */
    boolean[] listedSubjectWords = new boolean[0];

    SentenceReading(String text, String section, Tokens tokens, List<PhraseMatcher.Match<RuleSet.Trigger>> triggers) {
        this.text = text;
        this.section = section;
        this.tokens = tokens;
        this.words = tokens.words;
        this.triggers = triggers;
    }

    void add(Mention m, Target t, int[] reach) {
        mentions.add(m);
        targets.add(t);
        reaches.add(reach);
    }

    /** A mention read from no target (a normal statement); the lists stay parallel, with no target and no reach. */
    void addUntargeted(Mention m) {
        add(m, null, null);
    }

    /** The sentence as written over a target's words. */
    String phrase(Target t) {
        return text.substring(tokens.start[t.start()], tokens.end[t.end() - 1]);
    }
}
