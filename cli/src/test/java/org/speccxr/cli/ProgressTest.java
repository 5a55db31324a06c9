package org.speccxr.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress line on a clock the test moves: rate, ETA and redraw interval without waiting. */
class ProgressTest {
    static final long MS = 1_000_000L;

    @Test
    void drawsRateAndEtaFromTheInjectedClockAtMostFiveTimesASecond() {
        AtomicLong now = new AtomicLong(5_000 * MS);
        StringWriter sw = new StringWriter();
        Progress p = new Progress(10, true, new PrintWriter(sw), now::get);

        now.addAndGet(1_000 * MS);
        p.pairDone(true, 100, false);
        assertThat(sw.toString()).isEqualTo("\r1/10 pairs  0 failed  100 tokens  1.0 pairs/s  ETA 0m09s ");

        now.addAndGet(100 * MS); // within 200 ms of the last draw: counted, not drawn
        p.pairDone(true, 0, true);
        assertThat(sw.toString()).isEqualTo("\r1/10 pairs  0 failed  100 tokens  1.0 pairs/s  ETA 0m09s ");

        now.addAndGet(900 * MS);
        p.pairDone(false, 50, false);
        assertThat(sw.toString()).endsWith("\r3/10 pairs  1 cached  1 failed  150 tokens  1.5 pairs/s  ETA 0m05s ");

        now.addAndGet(10 * MS); // the last line is drawn whatever the interval, and ends the line
        p.finished();
        assertThat(sw.toString()).endsWith("\r3/10 pairs  1 cached  1 failed  150 tokens  1.5 pairs/s  ETA 0m05s "
                + System.lineSeparator());
    }

    @Test
    void totalFromTheRunnerAndHoursInTheEta() {
        AtomicLong now = new AtomicLong();
        StringWriter sw = new StringWriter();
        Progress p = new Progress(0, true, new PrintWriter(sw), now::get);
        p.started(7201);
        now.addAndGet(1_000 * MS);
        p.pairDone(true, 0, false);
        assertThat(sw.toString()).isEqualTo("\r1/7201 pairs  0 failed  0 tokens  1.0 pairs/s  ETA 2h00m ");
    }

    @Test
    void disabledDrawsNothing() {
        StringWriter sw = new StringWriter();
        Progress p = new Progress(3, false, new PrintWriter(sw), () -> 0L);
        p.pairDone(true, 1, false);
        p.finished();
        assertThat(sw.toString()).isEmpty();
    }
}
