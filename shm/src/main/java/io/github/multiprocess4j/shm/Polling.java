package io.github.multiprocess4j.shm;

import java.io.IOException;

/** Waiting for another process to finish setting a segment up, which it does not announce. */
final class Polling {

    private Polling() {
    }

    /** A read that may fail with an {@link IOException}. */
    @FunctionalInterface
    interface Read {
        long value() throws IOException;
    }

    /**
     * Reads every millisecond while the value is 0, for at most {@code timeoutNanos}; an interrupt ends the wait
     * early and is kept.
     *
     * @return the last value read, still 0 if the time ran out
     */
    static long whileZero(Read read, long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        long value = read.value();
        while (value == 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            value = read.value();
        }
        return value;
    }
}
