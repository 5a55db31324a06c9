package org.speccxr.util;

/** Bad user input; the message is one line that says what to fix. */
public class InputException extends RuntimeException {
    public InputException(String message) {
        super(message);
    }
}
