package io.github.multiprocess4j.core.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for something that another process does, such as exiting or unlinking a file. */
public final class Eventually {

    private static final long POLL_MILLIS = 10;

    private Eventually() {
    }

    /**
     * Polls a condition until it holds or the time runs out.
     *
     * @param limit how long to wait at most
     * @param condition what to wait for
     * @return whether it held in time
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean within(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
