package io.github.multiprocess4j.queue;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/** How long a queue operation may wait, in nanoseconds, and the waiting itself. */
final class Timeouts {

    /** Wait as long as it takes. Also what an enormous {@link Duration} turns into. */
    static final long FOREVER = Long.MAX_VALUE;

    private Timeouts() {
    }

    /**
     * Python's rule: a negative timeout is an error, zero means "do not wait".
     *
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    static long toNanos(Duration timeout) {
        requireNonNull(timeout, "timeout");
        checkArgument(!timeout.isNegative(), "timeout must not be negative, got %s", timeout);
        return TimeUnit.NANOSECONDS.convert(timeout); // saturates instead of overflowing
    }

    /** {@link java.util.concurrent.BlockingQueue}'s rule: a negative timeout means "do not wait". */
    static long toNanos(long timeout, TimeUnit unit) {
        return Math.max(0, unit.toNanos(timeout));
    }

    /**
     * Waits on {@code condition} (whose lock the caller holds) at most {@code nanos}.
     *
     * @return the time left, {@code <= 0} once it has run out, {@link #FOREVER} for an endless wait
     */
    @SuppressWarnings("WaitNotInLoop") // one wait; every caller loops on its own condition and the time left
    static long await(Condition condition, long nanos) throws InterruptedException {
        if (nanos == FOREVER) {
            condition.await();
            return FOREVER;
        }
        return condition.awaitNanos(nanos);
    }

    /** Short human form for messages: {@code 1 s}, {@code 250 ms}, {@code 1500 ms}, {@code 20000 ns}. */
    static String describe(Duration timeout) {
        if (timeout.compareTo(Duration.ofMillis(1)) < 0) {
            return timeout.toNanos() + " ns";
        }
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
