package io.github.multiprocess4j.ipc;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * How long a blocking call may wait, in nanoseconds, under the two rules the library's API follows: Python's for a
 * {@link Duration} (negative is an error, zero does not wait, too long to count waits as long as it takes), and
 * {@code java.util.concurrent}'s for a {@code long} and a {@link TimeUnit} (zero or negative does not wait).
 *
 * <p>Thread-safe: static methods without state.
 */
public final class Timeouts {

    /** Wait as long as it takes. Also what an enormous {@link Duration} turns into. */
    public static final long FOREVER = Long.MAX_VALUE;

    private Timeouts() {
    }

    /**
     * Python's rule: a negative timeout is an error, zero means "do not wait".
     *
     * @return the timeout in nanoseconds, {@link #FOREVER} if it is too long to count
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static long toNanos(Duration timeout) {
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        return TimeUnit.NANOSECONDS.convert(timeout); // saturates instead of overflowing
    }

    /**
     * {@link java.util.concurrent.BlockingQueue}'s rule: a negative timeout means "do not wait".
     *
     * @throws NullPointerException if {@code unit} is null
     */
    public static long toNanos(long timeout, TimeUnit unit) {
        return Math.max(0, unit.toNanos(timeout));
    }

    /**
     * Waits on {@code condition} (whose lock the caller holds) at most {@code nanos}.
     *
     * @return the time left, {@code <= 0} once it has run out, {@link #FOREVER} for an endless wait
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    @SuppressWarnings("WaitNotInLoop") // one wait; every caller loops on its own condition and the time left
    public static long await(Condition condition, long nanos) throws InterruptedException {
        if (nanos == FOREVER) {
            condition.await();
            return FOREVER;
        }
        return condition.awaitNanos(nanos);
    }

    /** Short human form for messages: {@code 1 s}, {@code 250 ms}, {@code 1500 ms}, {@code 20000 ns}. */
    public static String describe(Duration timeout) {
        if (timeout.compareTo(Duration.ofMillis(1)) < 0) {
            return timeout.toNanos() + " ns";
        }
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
