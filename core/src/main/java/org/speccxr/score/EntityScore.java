package org.speccxr.score;

import org.speccxr.entity.Entity;

/** Scores of one entity for one model, pooled over all pairs and runs. */
public record EntityScore(String model, Entity entity, Counts counts) {
}
