package org.speccxr.entity;

/** A malformed entity-set or label-set file; the message is one line that says what to fix. */
public class EntitySetException extends RuntimeException {
    public EntitySetException(String message) {
        super(message);
    }
}
