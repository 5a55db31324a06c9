package org.speccxr.judge.rules;

/**
 * A post-processor: one rule that revises a sentence's mentions once all are read (a question mark, an opacity
 * attributed to a finding, a list's shared words, a fracture's site, a normal statement). They run in a fixed order
 * ({@link ReportExtractor}); each changes mentions in place, never the targets they were read from, or adds mentions
 * read from no target ({@link SentenceReading#addUntargeted}; such a mention has a null target, so a stage that reads
 * targets runs before one that adds them).
 */
interface PostProcessor {
    void apply(SentenceReading r);
}
