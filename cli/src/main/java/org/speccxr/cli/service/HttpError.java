package org.speccxr.cli.service;

/** A request the service refuses: an HTTP status and the one line that says what to fix. */
final class HttpError extends RuntimeException {
    private final int status;

    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
