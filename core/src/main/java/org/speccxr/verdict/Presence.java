package org.speccxr.verdict;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Presence of an entity in the candidate relative to the reference. */
public enum Presence {
    TP, FP, FN, TN;

    @JsonValue
    public String wire() {
        return name();
    }

    @JsonCreator
    public static Presence parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("presence is missing");
        }
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("presence must be TP, FP, FN or TN, not '" + s + "'");
        }
    }
}
