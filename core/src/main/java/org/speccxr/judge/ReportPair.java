package org.speccxr.judge;

/**
 * One input row: a reference report (radiologist) and a candidate report (model) for the same study.
 * {@code id} + {@code model} is unique within an input file.
 */
public record ReportPair(String id, String model, String reference, String candidate) {
    public static final String DEFAULT_MODEL = "candidate";

    public ReportPair {
        model = model == null || model.isBlank() ? DEFAULT_MODEL : model;
        reference = reference == null ? "" : reference;
        candidate = candidate == null ? "" : candidate;
    }
}
