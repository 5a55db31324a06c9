package org.speccxr.score;

import org.speccxr.entity.Group;

/** Scores of one display group for one model, over the pooled counts of its entities. */
public record GroupScore(String model, Group group, int entities, Counts counts) {
}
