package io.github.multiprocess4j.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * The start shared by this library's own segment layouts ({@link LockState}, {@link ObjectAreas}): a magic number
 * that says what the segment holds, written last by its creator, then a layout version.
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                      magic number (int)                       |  0
 *  +---------------------------------------------------------------+
 *  |                      layout version (int)                     |  4
 *  +---------------------------------------------------------------+
 * </pre>
 */
final class SegmentHeaders {

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;

    /** How long a segment whose magic number is still 0 may take to be initialised by its creator. */
    private static final long INITIALISATION_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private SegmentHeaders() {
    }

    /** Makes a new segment attachable, once everything else in it is written. */
    static void publish(SharedMemory memory, int magic) {
        memory.putIntRelease(MAGIC_OFFSET, magic);
    }

    /**
     * Checks that a segment is at least {@code minSize} bytes and holds a {@code kind} of this layout version,
     * waiting a moment while its magic number is still 0: the creator writes it last, so a segment attached to
     * just after its creation may not have it yet.
     *
     * @throws IllegalStateException if it does not
     */
    static void check(SharedMemory memory, String kind, int minSize, int magic, int version) {
        if (memory.size() < minSize) {
            throw notA(memory, kind, "it has only " + memory.size() + " bytes");
        }
        int found;
        try {
            found = (int) Polling.whileZero(() -> memory.getIntAcquire(MAGIC_OFFSET), INITIALISATION_WAIT_NANOS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (found != magic) {
            throw notA(memory, kind, String.format("its magic number is 0x%08x, not 0x%08x", found, magic));
        }
        int foundVersion = memory.getInt(VERSION_OFFSET);
        if (foundVersion != version) {
            throw notA(memory, kind, "its layout version is " + foundVersion + ", this library reads " + version);
        }
    }

    /** The exception for a segment that does not hold a {@code kind}. */
    static IllegalStateException notA(SharedMemory memory, String kind, String why) {
        return new IllegalStateException("shared memory '" + memory.name() + "' is not a " + kind + ": " + why);
    }
}
