package org.speccxr.entity;

/** A display group: the unit of the spider charts (15 in the default set). */
public record Group(String id, String name) {
}
