package io.github.multiprocess4j.ipc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * The start of every layout this library keeps in a segment of its own (a lock, a shared object, a shared queue):
 * a magic number that says what the segment holds, written last by its creator, then the layout's version. A process
 * that attaches checks both, and the segment's size, before it trusts anything else in it.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           magic number (int), 0 until the creator is done    |   0
 *  +---------------------------------------------------------------+
 *  |                      layout version (int)                     |   4
 *  +---------------------------------------------------------------+
 *  |                 the layout's own fields ...                   |   8
 * </pre>
 * Numbers are in native byte order, as everywhere in a {@link MappedSegment}.
 *
 * <p>Thread-safety: static methods; the magic number is published with release semantics and read with acquire
 * semantics, so a process that sees it also sees everything the creator wrote before it.
 */
public final class SegmentHeader {

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;

    /** How long a segment whose magic number is still 0 may take to be initialised by its creator. */
    private static final long INITIALISATION_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private SegmentHeader() {
    }

    /** Writes the version of a new segment's layout; the magic number follows with {@link #publish}. */
    public static void writeVersion(MappedSegment segment, int version) {
        segment.putInt(VERSION_OFFSET, version);
    }

    /** Makes a new segment attachable, once everything else in it is written. */
    public static void publish(MappedSegment segment, int magic) {
        segment.putIntRelease(MAGIC_OFFSET, magic);
    }

    /**
     * Checks that a segment is at least {@code minSize} bytes and holds a {@code kind} of this layout version,
     * waiting up to half a second while its magic number is still 0: its creator writes it last, so a segment attached
     * to just after its creation may not have it yet.
     *
     * @throws IllegalStateException if it does not, naming the segment and what is wrong
     */
    public static void check(MappedSegment segment, String kind, int minSize, int magic, int version) {
        if (segment.size() < minSize) {
            throw notA(segment, kind, "it has only " + segment.size() + " bytes");
        }
        int found;
        try {
            found = (int) Backoff.whileZero(() -> segment.getIntAcquire(MAGIC_OFFSET), INITIALISATION_WAIT_NANOS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (found != magic) {
            throw notA(segment, kind, String.format("its magic number is 0x%08x, not 0x%08x", found, magic));
        }
        int foundVersion = segment.getInt(VERSION_OFFSET);
        if (foundVersion != version) {
            throw notA(segment, kind, "its layout version is " + foundVersion + ", this library reads " + version);
        }
    }

    /** The exception for a segment that does not hold a {@code kind}, or holds a damaged one. */
    public static IllegalStateException notA(MappedSegment segment, String kind, String why) {
        return new IllegalStateException("shared memory '" + segment.name() + "' is not a " + kind + ": " + why);
    }
}
