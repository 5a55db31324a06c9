package org.speccxr.score;

/**
 * Macro averages over the entities where each metric is defined; {@code n*} say over how many.
 * A null mean means no entity had the metric defined.
 */
public record Macro(Double f1, int nF1, Double locationAccuracy, int nLocation, Double severityAccuracy, int nSeverity,
                    Double comparisonAccuracy, int nComparison) {
}
