package io.github.multiprocess4j.shm;

import java.util.concurrent.locks.LockSupport;

/**
 * How a thread waits for something another process will change, with no way to be woken by it: spin briefly
 * (the change is often nanoseconds away), then yield, then park for growing intervals up to a cap, so that
 * waiting threads leave the cores to the ones doing work. Park intervals double from {@link #FIRST_PARK_NANOS}
 * to {@link #MAX_PARK_NANOS}; a thread of this JVM may cut a park short with {@link LockSupport#unpark}.
 *
 * <p>Not thread-safe: one instance per waiting thread and wait.
 */
final class Backoff {

    static final int SPINS = 100;
    static final int YIELDS = 10;
    static final long FIRST_PARK_NANOS = 20_000;
    static final long MAX_PARK_NANOS = 1_000_000;

    private int spins;
    private int yields;
    private long parkNanos = FIRST_PARK_NANOS;

    /**
     * Waits a little, longer each call.
     *
     * @param maxNanos the longest this call may wait, for callers with a deadline
     */
    @SuppressWarnings("ThreadPriorityCheck") // spin, then yield, then park: yielding is the middle step on purpose
    void idle(long maxNanos) {
        if (spins < SPINS) {
            spins++;
            Thread.onSpinWait();
        } else if (yields < YIELDS) {
            yields++;
            Thread.yield();
        } else {
            LockSupport.parkNanos(this, Math.min(parkNanos, maxNanos));
            parkNanos = Math.min(parkNanos * 2, MAX_PARK_NANOS);
        }
    }

    /** Whether the next {@link #idle} parks, rather than spins or yields. */
    boolean parking() {
        return yields >= YIELDS;
    }
}
