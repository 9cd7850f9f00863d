package io.github.multiprocess4j.shm;

import java.util.concurrent.TimeUnit;

/** Reading the headers of this library's own segment layouts. */
final class SegmentHeaders {

    /** How long a segment whose magic number is still 0 may take to be initialised by its creator. */
    private static final long INITIALISATION_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private SegmentHeaders() {
    }

    /**
     * Reads the magic number at {@code offset}, waiting a moment while it is still 0: the creator writes it last,
     * so a segment attached to just after its creation may not have it yet.
     *
     * @return the magic number, still 0 if the segment was never initialised
     */
    static int awaitMagic(SharedMemory memory, int offset) {
        long deadline = System.nanoTime() + INITIALISATION_WAIT_NANOS;
        int magic = memory.getIntAcquire(offset);
        while (magic == 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            magic = memory.getIntAcquire(offset);
        }
        return magic;
    }
}
