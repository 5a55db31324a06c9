package org.speccxr.cli;

import org.speccxr.run.RunListener;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A one-line progress display on stderr: pairs done, cache hits, failures, tokens, rate and ETA. It draws only when
 * stderr is a terminal (or when forced), so logs and CI output stay clean.
 */
public final class Progress implements RunListener {
    private final PrintWriter out;
    private volatile long total;
    private final boolean enabled;
    private final LongSupplier nanoClock;
    private final long start;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicLong cached = new AtomicLong();
    private volatile long lastDraw;
    /** At most five redraws a second: a fast run does not flood a slow terminal. */
    private static final long REDRAW_NANOS = 200_000_000L;

    public Progress(long total, boolean enabled, PrintWriter out) {
        this(total, enabled, out, System::nanoTime);
    }

    /** With the clock the rate, the ETA and the redraw interval are read from (nanoseconds), given by tests. */
    Progress(long total, boolean enabled, PrintWriter out, LongSupplier nanoClock) {
        this.total = total;
        this.enabled = enabled;
        this.out = out;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.lastDraw = start - REDRAW_NANOS;
    }

    /** Enabled when stderr is a terminal, unless SPEC_CXR_PROGRESS says otherwise (1 forces, 0 silences). */
    public static boolean stderrIsTerminal() {
        String force = System.getenv("SPEC_CXR_PROGRESS");
        if (force != null) {
            return force.equals("1") || force.equalsIgnoreCase("true");
        }
        return System.console() != null;
    }

    @Override
    public void started(long total) {
        if (total >= 0) {
            this.total = total;
        }
    }

    /** One pair done; {@code fromCache} when it was answered from the response cache. */
    @Override
    public void pairDone(boolean ok, long tokensUsed, boolean fromCache) {
        if (fromCache) {
            cached.incrementAndGet();
        }
        done.incrementAndGet();
        if (!ok) {
            failed.incrementAndGet();
        }
        tokens.addAndGet(tokensUsed);
        draw(false);
    }

    private void draw(boolean last) {
        if (!enabled) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (!last && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        long d = done.get();
        double secs = Math.max(1e-9, (now - start) / 1e9);
        double rate = d / secs;
        long eta = rate > 0 ? Math.round((total - d) / rate) : 0;
        long c = cached.get();
        String line = String.format(Locale.ROOT, "\r%d/%d pairs  %s%d failed  %,d tokens  %.1f pairs/s  ETA %s ",
                d, total, c > 0 ? c + " cached  " : "", failed.get(), tokens.get(), rate, formatSeconds(eta));
        synchronized (out) {
            out.print(line);
            if (last) {
                out.println();
            }
            out.flush();
        }
    }

    static String formatSeconds(long s) {
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    @Override
    public void finished() {
        draw(true);
    }
}
