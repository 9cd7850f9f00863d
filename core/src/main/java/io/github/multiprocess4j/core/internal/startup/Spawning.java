package io.github.multiprocess4j.core.internal.startup;

import java.io.IOException;

/**
 * Starting a process, again if the first tries fail. A failed start ran nothing, so trying again is safe, and
 * starts fail for passing reasons: the process being started is killed before it becomes the program (the JDK's
 * spawn helper dies by a signal), or the system is briefly out of processes or memory ({@code EAGAIN},
 * {@code ENOMEM}).
 */
final class Spawning {

    /** The pauses before the second and later tries. */
    static final long[] PAUSES_MILLIS = {10, 100};

    /** One attempt to start a process. */
    @FunctionalInterface
    interface Start {
        Process start() throws IOException;
    }

    private Spawning() {
    }

    /**
     * Starts a process, trying {@code PAUSES_MILLIS.length + 1} times in all.
     *
     * @throws IOException the last attempt's failure, with the earlier ones suppressed
     */
    static Process withRetries(Start start) throws IOException {
        IOException failure = null;
        for (int attempt = 0; attempt <= PAUSES_MILLIS.length; attempt++) {
            if (attempt > 0) {
                pause(PAUSES_MILLIS[attempt - 1]);
            }
            try {
                return start.start();
            } catch (IOException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
            }
        }
        throw failure;
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to start a process again");
        }
    }
}
