package org.speccxr.verdict;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Location or severity agreement between the two reports. */
public enum Alignment {
    ALIGNED("aligned"), NOT_ALIGNED("not-aligned"), NOT_AVAILABLE("not-available");

    private final String wire;

    Alignment(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static Alignment parse(String s) {
        if (s == null) {
            return NOT_AVAILABLE;
        }
        String t = s.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        for (Alignment a : values()) {
            if (a.wire.equals(t)) {
                return a;
            }
        }
        throw new IllegalArgumentException("location/severity must be aligned, not-aligned or not-available, not '" + s + "'");
    }
}
