package org.speccxr.judge.rules;

/**
 * A post-processor: one rule that revises a sentence's mentions once all are read (a question mark, an opacity
 * attributed to a finding, a list's shared words, a fracture's site, a normal statement). They run in a fixed order
 * ({@link ReportExtractor}); each changes mentions in place, never the targets they were read from.
 */
interface PostProcessor {
    void apply(SentenceReading r);
}
