package io.github.multiprocess4j.queue;

import java.util.concurrent.locks.LockSupport;

/**
 * How a thread waits for something another process will do, which cannot wake it: spin for a few microseconds (a
 * reply is often that close), then yield for a while, then park for intervals that double up to
 * {@link #MAX_PARK_NANOS}, so that waiting threads leave the cores to those doing work (there may be only two).
 * A thread of this JVM can cut a park short with {@link LockSupport#unpark}. Also says when it is time to ask
 * whether the owner of a claim in the way has died: every {@link #PROBE_INTERVAL_NANOS}, from the first interval on.
 *
 * <p>Not thread-safe: one instance per wait.
 */
final class Pause {

    static final long SPIN_NANOS = 10_000;
    static final long YIELD_UNTIL_NANOS = 100_000;
    static final long FIRST_PARK_NANOS = 20_000;
    static final long MAX_PARK_NANOS = 1_000_000;
    static final long PROBE_INTERVAL_NANOS = 1_000_000;

    private final long start = System.nanoTime();
    private long parkNanos = FIRST_PARK_NANOS;
    private long nextProbe = start + PROBE_INTERVAL_NANOS;

    /**
     * Waits a little, longer as the wait goes on.
     *
     * @param maxNanos the longest this call may take, for waits with a deadline
     */
    @SuppressWarnings("ThreadPriorityCheck") // spin, then yield, then park: yielding is the middle step on purpose
    void pause(long maxNanos) {
        long waited = System.nanoTime() - start;
        if (waited < SPIN_NANOS) {
            Thread.onSpinWait();
        } else if (waited < YIELD_UNTIL_NANOS) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(this, Math.min(parkNanos, maxNanos));
            parkNanos = Math.min(parkNanos * 2, MAX_PARK_NANOS);
        }
    }

    /** Whether to probe the owner of a stuck claim now; once it says so, not again for an interval. */
    boolean probeDue() {
        long now = System.nanoTime();
        if (now - nextProbe < 0) {
            return false;
        }
        nextProbe = now + PROBE_INTERVAL_NANOS;
        return true;
    }
}
