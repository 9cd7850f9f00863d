package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import io.github.multiprocess4j.shm.SharedMemory;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Child JVMs that each do a round of work whenever this JVM starts one, for benchmarks of several processes doing
 * the same thing at once (Python's counterparts start their processes on an {@code Event} and let them go). This JVM
 * calls {@link #begin()}, does its own share, and {@link #awaitEnd(long)} returns once every child has done its round
 * too. Between rounds the children yield, ready to start at once.
 *
 * <pre>
 *   control segment (64 bytes):
 *   +------------------------------------------+
 *   | GO   (long) number of the round started  |  0   this JVM adds 1 to start a round
 *   | DONE (long) rounds done, all children    |  8   each child adds 1 when its round is done
 *   | STOP (int)  1 once the children go home  | 16
 *   +------------------------------------------+
 * </pre>
 *
 * <p>Not thread-safe: one benchmark thread drives it. {@link #close()} stops the children and waits for them.
 */
final class RoundPartners implements AutoCloseable {

    /** What a child does in each round; it captures the shared structures it works on, which travel by name. */
    @FunctionalInterface
    interface Round extends Serializable {
        void run() throws Exception;
    }

    private static final int GO = 0;
    private static final int DONE = 8;
    private static final int STOP = 16;

    private final SharedMemory control;
    private final List<Worker<Void>> children = new ArrayList<>();

    private RoundPartners(SharedMemory control) {
        this.control = control;
    }

    /** Starts {@code count} child JVMs that each run {@code round} once per {@link #begin()}. */
    static RoundPartners start(int count, Round round) {
        SharedMemory control = SharedMemory.create(64);
        RoundPartners partners = new RoundPartners(control);
        for (int i = 0; i < count; i++) {
            partners.children.add(Launch.process(() -> roundAfterRound(round, control)));
        }
        return partners;
    }

    /** Starts a round in every child; returns its number, for {@link #awaitEnd(long)}. */
    long begin() {
        return control.getAndAddLong(GO, 1) + 1;
    }

    /** Waits, spinning, until every child has done round {@code round}. */
    void awaitEnd(long round) {
        long expected = round * children.size();
        while (control.getLongVolatile(DONE) < expected) {
            Thread.onSpinWait();
        }
    }

    /** Tells the children to exit, waits for them, and frees the control segment. */
    @Override
    public void close() throws InterruptedException {
        control.putIntVolatile(STOP, 1);
        try {
            for (Worker<Void> child : children) {
                child.join();
            }
        } finally {
            control.close();
        }
    }

    /** A child's life: a round each time this JVM starts one, until told to stop. */
    private static void roundAfterRound(Round round, SharedMemory control) throws Exception {
        long seen = 0;
        while (control.getIntVolatile(STOP) == 0) {
            long go = control.getLongVolatile(GO);
            if (go == seen) {
                Thread.yield();
                continue;
            }
            seen = go;
            round.run();
            control.getAndAddLong(DONE, 1);
        }
    }
}
