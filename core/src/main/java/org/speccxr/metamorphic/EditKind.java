package org.speccxr.metamorphic;

/** The kinds of known edit made to a reference report, and the error each one should produce. */
public enum EditKind {
    /** A sentence stating a finding is deleted: one FN. */
    DELETE_FINDING("fn"),
    /** A finding is negated ("No pleural effusion."): one FN. */
    NEGATE_FINDING("fn"),
    /** A finding the reference does not state is added: one FP. */
    ADD_FINDING("fp"),
    /** Left and right are swapped in a finding's sentence: one location error. */
    SWAP_LATERALITY("location"),
    /** A severity word is changed (small to large, mild to severe...): one severity error. */
    CHANGE_SEVERITY("severity"),
    /** Comparison language is added to a finding ("..., increased since the prior study"): one comparison error. */
    ADD_COMPARISON("comparison"),
    /** Comparison language is removed from a finding: one comparison error. */
    DROP_COMPARISON("comparison"),
    /** Harmless paraphrase and sentence reordering: no error. */
    PARAPHRASE("none");

    private final String error;

    EditKind(String error) {
        this.error = error;
    }

    /** The error type this edit should produce: fp, fn, location, severity, comparison or none. */
    public String error() {
        return error;
    }

    /** True when a pair's errors include one of this edit's type (for a paraphrase: when there is no error at all). */
    public boolean errorCounted(org.speccxr.verdict.ErrorBreakdown b) {
        return switch (error) {
            case "fp" -> b.fp() >= 1;
            case "fn" -> b.fn() >= 1;
            case "location" -> b.locationErrors() >= 1;
            case "severity" -> b.severityErrors() >= 1;
            case "comparison" -> b.comparisonErrors() >= 1;
            default -> b.total() == 0;
        };
    }
}
