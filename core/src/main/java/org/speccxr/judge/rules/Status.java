package org.speccxr.judge.rules;

/** What a report says about an entity. An entity the report does not mention has no status. */
public enum Status {
    POSITIVE, UNCERTAIN, NEGATIVE;

    /** Positive beats uncertain beats negative when a report mentions an entity more than once. */
    boolean strongerThan(Status o) {
        return ordinal() < o.ordinal();
    }
}
