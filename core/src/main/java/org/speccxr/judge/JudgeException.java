package org.speccxr.judge;

/** A pair the judge could not answer (after its own retries); recorded as a failure, never scored. */
public class JudgeException extends Exception {
    public JudgeException(String message) {
        super(message);
    }

    public JudgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
