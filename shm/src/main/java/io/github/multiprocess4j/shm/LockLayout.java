package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.ipc.MappedSegment;
import io.github.multiprocess4j.ipc.ProcessSlots;
import io.github.multiprocess4j.ipc.SegmentHeader;
import io.github.multiprocess4j.ipc.SleeperTable;

/**
 * Where everything is in a {@link ProcessLock}'s segment: the header, the lock word and the sleeper count on a cache
 * line of their own, the generations of the process slots, then the sleeper table. Written by the creator, the magic
 * number last; read back and checked, before anything is trusted, by every process that attaches ({@link LockState}
 * holds the protocol).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   magic 'MP4L' (0x4C34504D)                   |   0  written last by the creator
 *  +---------------------------------------------------------------+
 *  |                        layout version (3)                     |   4
 *  +---------------------------------------------------------------+
 *  |                     slot count (n, 1..65535)                  |   8
 *  +---------------------------------------------------------------+
 *  |                     flags (0 or 1 = REENTRANT)                |  12  set by the creator, never changed
 *  +---------------------------------------------------------------+
 *  |                          reserved (0)                         |  16 .. 63
 *  +---------------------------------------------------------------+
 *  |                        lock word (long)                       |  64  0 = free, else the owner's token
 *  +---------------------------------------------------------------+
 *  |           sleepers (long): set entries of the sleeper table   |  72  ({@link SleeperTable}), read by
 *  +---------------------------------------------------------------+      each release
 *  |       wake sequence (int): what futex sleepers sleep on       |  80  ({@link SleeperTable})
 *  +---------------------------------------------------------------+
 *  |                          reserved (0)                         |  84 .. 127, the word's cache line
 *  +---------------------------------------------------------------+
 *  |                 generation of slot 0 (long)                   | 128  the process slots' generations
 *  |                              ...                              |      ({@link ProcessSlots})
 *  |               generation of slot n - 1 (long)                 | 128 + 8 (n - 1)
 *  +---------------------------------------------------------------+
 *  |     doorbell id of slot 0's sleeping waiter, or 0 (long)      | 128 + 8 n  the sleeper table
 *  |                              ...                              |
 *  |   doorbell id of slot n - 1's sleeping waiter, or 0 (long)    | 128 + 8 n + 8 (n - 1)
 *  +---------------------------------------------------------------+
 *
 *  token (long) = generation &lt;&lt; 16 | slot      (generation 1..2^48 - 1, so a token is never 0)
 * </pre>
 * All numbers are in native byte order. The first 8 bytes are the {@link SegmentHeader}. The process slots
 * themselves are file locks on bytes of the lock's owners file, {@code <name>.owners}.
 *
 * <p>Thread-safety: constants and static methods only.
 */
final class LockLayout {

    static final String KIND = "ProcessLock";
    /** What a lock is called in a message about its name. */
    static final String NAME_KIND = "lock";
    static final int MAGIC = 0x4C34504D; // "MP4L" in memory on a little-endian machine
    /**
     * 2 added the sleeper count and table, which each release reads: a version 1 lock is refused; 3 the wake sequence
     * and futex sleepers' entries, which a version 2 waker would take for dead doorbells.
     */
    static final int VERSION = 3;
    static final int SLOT_COUNT_OFFSET = 8;
    /** The creator's choices: {@link #REENTRANT} or none. Was reserved (0) before reentrant locks. */
    static final int FLAGS_OFFSET = 12;
    /** The flag of a lock that its holding thread may take again ({@link ProcessLock#createReentrant()}). */
    static final int REENTRANT = 1;
    static final int WORD_OFFSET = 64;
    /** The sleeper count, on the word's cache line: the releaser reads it right after writing the word. */
    static final int SLEEPERS_OFFSET = 72;
    static final int GENERATIONS_OFFSET = 128;
    static final int DEFAULT_SLOT_COUNT = 1024;
    static final int MAX_SLOT_COUNT = 0xFFFF;
    /** The bits of a token below its generation: its slot. */
    static final int SLOT_BITS = 16;
    /** The bits of a token above its slot: the low bits of its holder's generation. */
    static final int GENERATION_BITS = Long.SIZE - SLOT_BITS;

    private LockLayout() {
    }

    /** The size of a lock segment with {@code slotCount} slots. */
    static int segmentSize(int slotCount) {
        return sleeperTableOffset(slotCount) + SleeperTable.tableSize(slotCount);
    }

    /** Where the sleeper table of a lock segment with {@code slotCount} slots starts. */
    static int sleeperTableOffset(int slotCount) {
        return GENERATIONS_OFFSET + Long.BYTES * slotCount;
    }

    /** Writes the header of a new lock segment, the magic number last. */
    static void initialize(MappedSegment segment, int slotCount, int flags) {
        SegmentHeader.writeVersion(segment, VERSION);
        segment.putInt(SLOT_COUNT_OFFSET, slotCount);
        segment.putInt(FLAGS_OFFSET, flags);
        SegmentHeader.publish(segment, MAGIC);
    }

    /**
     * Checks the header of a lock segment.
     *
     * @return its slot count
     * @throws IllegalStateException if the segment does not hold a lock of this version, or is damaged
     */
    static int checkHeader(MappedSegment segment) {
        SegmentHeader.check(segment, KIND, GENERATIONS_OFFSET, MAGIC, VERSION);
        int slotCount = segment.getInt(SLOT_COUNT_OFFSET);
        if (slotCount < 1 || slotCount > MAX_SLOT_COUNT || segmentSize(slotCount) > segment.size()) {
            throw SegmentHeader.notA(segment, KIND, "its slot count " + slotCount + " does not fit its "
                    + segment.size() + " bytes");
        }
        return slotCount;
    }

    /**
     * The flags of a lock segment whose header {@link #checkHeader} accepted.
     *
     * @throws IllegalStateException if a flag this version does not know is set
     */
    static int checkFlags(MappedSegment segment) {
        int flags = segment.getInt(FLAGS_OFFSET);
        if ((flags & ~REENTRANT) != 0) {
            throw SegmentHeader.notA(segment, KIND, "its flags 0x" + Integer.toHexString(flags)
                    + " include some this version does not know");
        }
        return flags;
    }

    /** The token of the holder of {@code slot} in its {@code generation}. */
    static long token(long generation, int slot) {
        return generation << SLOT_BITS | slot;
    }

    /** The slot of a token. */
    static int slotOf(long token) {
        return (int) (token & ((1 << SLOT_BITS) - 1));
    }

    /** The generation of a token (its low {@link #GENERATION_BITS} bits). */
    static long generationOf(long token) {
        return token >>> SLOT_BITS;
    }
}
