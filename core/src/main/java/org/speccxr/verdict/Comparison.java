package org.speccxr.verdict;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Prior-study comparison verdict: the candidate added a comparison, missed one, or neither. */
public enum Comparison {
    ADDING_UNMENTIONED("adding-unmentioned-comparison"),
    MISSING_MENTIONED("missing-mentioned-comparison"),
    OTHER("other");

    private final String wire;

    Comparison(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public boolean isError() {
        return this != OTHER;
    }

    @JsonCreator
    public static Comparison parse(String s) {
        if (s == null) {
            return OTHER;
        }
        String t = s.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        for (Comparison c : values()) {
            if (c.wire.equals(t)) {
                return c;
            }
        }
        throw new IllegalArgumentException("comparison must be adding-unmentioned-comparison, missing-mentioned-comparison or other, not '" + s + "'");
    }
}
