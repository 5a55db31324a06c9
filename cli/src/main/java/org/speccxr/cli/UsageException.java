package org.speccxr.cli;

import org.speccxr.util.InputException;

/** An option value the command cannot use (out of range, or two options that exclude each other): exit status 2. */
public class UsageException extends InputException {
    public UsageException(String message) {
        super(message);
    }
}
