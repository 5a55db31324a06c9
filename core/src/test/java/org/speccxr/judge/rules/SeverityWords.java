package org.speccxr.judge.rules;

import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The severity words an expected reading is written in ("small", "mild to moderate"), on the judge's 1..4 scale: one
 * definition for the regression file and the synthetic reports, which share its format.
 */
public final class SeverityWords {
    private static final Map<String, Integer> LEVELS = Map.of("minimal", 1, "small", 2, "mild", 2, "moderate", 3,
            "large", 4, "severe", 4);

    private SeverityWords() {
    }

    /** The range a word or "A to B" names, or null when it names none. */
    public static Severity parse(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split(" to ");
        Integer lo = LEVELS.get(parts[0].strip()), hi = LEVELS.get(parts[parts.length - 1].strip());
        return lo == null || hi == null || parts.length > 2 || lo > hi ? null : new Severity(lo, hi);
    }

    /** What to write instead, for an error message. */
    public static String hint() {
        return "severity is one of " + new TreeSet<>(LEVELS.keySet()) + ", or 'mild to moderate' and the like";
    }
}
