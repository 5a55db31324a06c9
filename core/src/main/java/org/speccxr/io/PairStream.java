package org.speccxr.io;

import org.speccxr.judge.ReportPair;

/** Report pairs read lazily from files: iterate once, then close (closing never throws). */
public interface PairStream extends Iterable<ReportPair>, AutoCloseable {
    @Override
    void close();
}
