package io.github.multiprocess4j.ipc;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.concurrent.locks.LockSupport;

/**
 * How a thread waits for something another process will do, which has no way to wake it: spin while the change is
 * likely microseconds away, then yield, then park for intervals that double up to {@link #MAX_PARK_NANOS}, so that
 * waiting threads leave the cores to those doing work (there may be only two). A thread of this JVM can cut a park
 * short with {@link LockSupport#unpark}, and so can another process, through this JVM's {@link Doorbell}: a waiter that
 * can be rung parks for up to {@link #DOORBELL_PARK_NANOS} instead ({@link #ringable(LongConsumer)}). It also says
 * when to ask, now and then, whether the process whose claim is in the way has died ({@link #probeDue()}): a system
 * call, too costly for every look. The one waiting strategy of every structure in shared memory.
 *
 * <p>Not thread-safe: one instance per wait.
 */
public final class Backoff {

    /** Spin this long from the start of the wait: a reply from a busy process is often that close. */
    public static final long SPIN_NANOS = 10_000;
    /** Then yield until this long from the start. */
    public static final long YIELD_UNTIL_NANOS = 100_000;
    /** Then park, first this long. */
    public static final long FIRST_PARK_NANOS = 20_000;
    /** And at most this long: another process's change is noticed within it. */
    public static final long MAX_PARK_NANOS = 1_000_000;
    /**
     * The longest park of a waiter that a {@link Doorbell} will wake: its look at the shared memory when no ring
     * comes, in case a waker died between its change and its ring, or could not ring; also how soon such a waiter
     * asks whether the holder of what it waits for has died. 10 ms, or the system property
     * {@code multiprocess4j.doorbellPollMillis} (1 to 60,000).
     */
    public static final long DOORBELL_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(
            Math.max(1, Math.min(60_000, Long.getLong("multiprocess4j.doorbellPollMillis", 10))));
    /** How often {@link #probeDue()} says yes, from one interval after the start on. */
    public static final long PROBE_INTERVAL_NANOS = 1_000_000;

    private final long start = System.nanoTime();
    private long parkNanos = FIRST_PARK_NANOS;
    private long nextProbe = start + PROBE_INTERVAL_NANOS;
    private long maxParkNanos = MAX_PARK_NANOS;
    private LongConsumer sleep = nanos -> LockSupport.parkNanos(this, nanos);

    /** A read that may fail with an {@link IOException}. */
    @FunctionalInterface
    public interface Read {
        long value() throws IOException;
    }

    /**
     * Waits a little, longer as the wait goes on.
     *
     * @param maxNanos the longest this call may take, for waits with a deadline
     */
    public void idle(long maxNanos) {
        long waited = System.nanoTime() - start;
        if (waited < SPIN_NANOS) {
            Thread.onSpinWait();
        } else if (waited < YIELD_UNTIL_NANOS) {
            Thread.yield();
        } else {
            sleep.accept(Math.min(parkNanos, maxNanos));
            parkNanos = Math.min(parkNanos * 2, maxParkNanos);
        }
    }

    /**
     * Yields while {@code waiting} says so, for up to {@link #YIELD_UNTIL_NANOS}: for a thread about to block until
     * another thread of its JVM hands it something that is likely microseconds away. Being woken from a block costs
     * both threads a system call and a switch, more than a small hand-over itself; yielding (not spinning) leaves the
     * core to the thread that is doing the work, which on two cores may need it.
     *
     * @param waiting whether the thing is still awaited; asked between yields
     * @return whether it came ({@code waiting} said no) before the time ran out
     */
    public static boolean yieldWhile(BooleanSupplier waiting) {
        return yieldWhile(waiting, YIELD_UNTIL_NANOS);
    }

    /**
     * Yields while {@code waiting} says so, for up to {@code maxNanos} or {@link #YIELD_UNTIL_NANOS}, whichever is
     * shorter: {@link #yieldWhile(BooleanSupplier)} for a wait with a deadline.
     *
     * @param waiting whether the thing is still awaited; asked between yields
     * @param maxNanos the longest this call may take
     * @return whether it came ({@code waiting} said no) before the time ran out
     */
    public static boolean yieldWhile(BooleanSupplier waiting, long maxNanos) {
        long start = System.nanoTime();
        long limit = Math.min(maxNanos, YIELD_UNTIL_NANOS);
        while (waiting.getAsBoolean()) {
            if (System.nanoTime() - start >= limit) {
                return false;
            }
            Thread.yield();
        }
        return true;
    }

    /** Whether {@link #idle} parks now, the spinning and yielding done: the wait is a long one. */
    public boolean parking() {
        return System.nanoTime() - start >= YIELD_UNTIL_NANOS;
    }

    /**
     * From now on sleeps through {@code sleep}, for intervals that double from {@link #FIRST_PARK_NANOS} up to
     * {@link #DOORBELL_PARK_NANOS}: a doorbell will cut the sleeps short when the thing waited for happens. The first
     * sleeps stay short because a waker whose change was a release write (not a volatile one, to keep an uncontended
     * operation at one atomic instruction) may read the sleeper count before its write reaches the other cores; it
     * then rings no one, and the sleeper's look after marking itself may have missed the write. A write reaches every
     * core within microseconds, so the next look, after a short sleep, sees it.
     *
     * @param sleep sleeps for up to the nanoseconds given; may return early
     */
    public void ringable(LongConsumer sleep) {
        this.sleep = sleep;
        parkNanos = FIRST_PARK_NANOS;
        maxParkNanos = DOORBELL_PARK_NANOS;
    }

    /** Whether to ask now if the owner of a stuck claim has died; once it says so, not again for an interval. */
    public boolean probeDue() {
        long now = System.nanoTime();
        if (now - nextProbe < 0) {
            return false;
        }
        nextProbe = now + PROBE_INTERVAL_NANOS;
        return true;
    }

    /**
     * Reads while the value is 0, for at most {@code timeoutNanos}: for a segment that its creator, in another process
     * perhaps, has not finished setting up, which it does not announce. An interrupt ends the wait early and is kept.
     *
     * @return the last value read, still 0 if the time ran out
     * @throws IOException if a read does
     */
    public static long whileZero(Read read, long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        Backoff backoff = new Backoff();
        long value = read.value();
        while (value == 0 && deadline - System.nanoTime() > 0 && !Thread.currentThread().isInterrupted()) {
            backoff.idle(deadline - System.nanoTime());
            value = read.value();
        }
        return value;
    }
}
