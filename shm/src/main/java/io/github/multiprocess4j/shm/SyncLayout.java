package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.ipc.MappedSegment;
import io.github.multiprocess4j.ipc.ProcessSlots;
import io.github.multiprocess4j.ipc.SegmentHeader;
import io.github.multiprocess4j.ipc.SleeperTable;

/**
 * The frame that every synchronizer between processes shares ({@link ProcessEvent}, {@link ProcessSemaphore},
 * {@link ProcessBarrier}, {@link ProcessCondition}): the header, a guard word that serializes the synchronizer's own
 * short critical sections, eight fields of the kind's own (each kind's descriptor says which), a table with one entry
 * per process slot (what that process holds: permits, its presence at a barrier), the slots' generations, what the
 * kind appends, and the sleeper table ({@link SleeperTable}: which processes have a waiter asleep, and the doorbell
 * that wakes each) with its count. {@link SyncState} holds the protocol.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |             magic, one per kind, written last                 |   0
 *  +---------------------------------------------------------------+
 *  |                        layout version (4)                     |   4
 *  +---------------------------------------------------------------+
 *  |                     slot count (n, 1..65535)                  |   8
 *  +---------------------------------------------------------------+
 *  |        parameter (int): permits, parties; 0 if none           |  12
 *  +---------------------------------------------------------------+
 *  |        flags (int): bit 0 = bounded semaphore                 |  16
 *  +---------------------------------------------------------------+
 *  |                          reserved (0)                         |  20 .. 63
 *  +---------------------------------------------------------------+
 *  |           guard word (long): 0 = free, else a token           |  64  own cache line
 *  +---------------------------------------------------------------+
 *  |                     field 0 .. field 7 (longs)                | 128  the kind's own
 *  +---------------------------------------------------------------+
 *  |       sleepers (long): set entries of the sleeper table       | 192  ({@link SleeperTable})
 *  +---------------------------------------------------------------+
 *  |       wake sequence (int): what futex sleepers sleep on       | 200  ({@link SleeperTable})
 *  +---------------------------------------------------------------+
 *  |                          reserved (0)                         | 204 .. 255
 *  +---------------------------------------------------------------+
 *  |                   entry of slot 0 (long)                      | 256  0, or the slot holder's
 *  |                              ...                              |      generation (low 32 bits) &lt;&lt; 32
 *  |                   entry of slot n - 1 (long)                  |      | a count (low 32 bits)
 *  +---------------------------------------------------------------+
 *  |                 generation of slot 0 (long)                   | 256 + 8 n  ({@link ProcessSlots})
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 *  |                 what the kind appends (a bytes)               | 256 + 16 n
 *  +---------------------------------------------------------------+
 *  |     sleeper of slot 0 (long): its doorbell id, or 0           | 256 + 16 n + a  ({@link SleeperTable})
 *  |                              ...                              |
 *  |     sleeper of slot n - 1 (long)                              |
 *  +---------------------------------------------------------------+
 *
 *  token (long) = generation (low 32 bits) &lt;&lt; 16 | slot      (never 0)
 * </pre>
 * All numbers are in native byte order. The process slots themselves are file locks on bytes of the owners file
 * {@code <name>.owners}.
 *
 * <p>Thread-safety: constants and static methods only.
 */
final class SyncLayout {

    /**
     * 2 added the sleeper table; 3 a semaphore entry's reserved permit ({@link SemaphoreLayout}); 4 the wake sequence
     * and futex sleepers' entries, which a version 3 waker would take for dead doorbells.
     */
    static final int VERSION = 4;
    static final int SLOT_COUNT_OFFSET = 8;
    static final int PARAMETER_OFFSET = 12;
    static final int FLAGS_OFFSET = 16;
    static final int GUARD_OFFSET = 64;
    static final int FIELDS_OFFSET = 128;
    static final int FIELD_COUNT = 8;
    static final int SLEEPERS_OFFSET = 192;
    static final int ENTRIES_OFFSET = 256;
    static final int DEFAULT_SLOT_COUNT = 1024;
    static final int MAX_SLOT_COUNT = 0xFFFF;
    static final int SLOT_BITS = 16;
    /** The bits of a generation that tokens and entries keep. */
    static final int GENERATION_BITS = 32;
    static final int FLAG_BOUNDED = 1;
    /** The largest count an entry holds. */
    static final long MAX_COUNT = Integer.MAX_VALUE;

    /** The kinds of synchronizer, with their magic numbers and how many bytes each appends. */
    enum Kind {
        EVENT("ProcessEvent", "event", 0x4534504D, "mp4j_event_", 0),
        SEMAPHORE("ProcessSemaphore", "semaphore", 0x5334504D, "mp4j_sem_", 0),
        BARRIER("ProcessBarrier", "barrier", 0x4234504D, "mp4j_barrier_", 0),
        CONDITION("ProcessCondition", "condition", 0x4334504D, "mp4j_cond_", ConditionLayout.APPENDED);

        final String kind;
        final String nameKind;
        final int magic;
        final String namePrefix;
        final int appended;

        Kind(String kind, String nameKind, int magic, String namePrefix, int appended) {
            this.kind = kind;
            this.nameKind = nameKind;
            this.magic = magic;
            this.namePrefix = namePrefix;
            this.appended = appended;
        }
    }

    private SyncLayout() {
    }

    static int generationsOffset(int slotCount) {
        return ENTRIES_OFFSET + Long.BYTES * slotCount;
    }

    /** Where the kind's appended bytes start. */
    static int appendedOffset(int slotCount) {
        return ENTRIES_OFFSET + 2 * Long.BYTES * slotCount;
    }

    /** Where the sleeper table starts. */
    static int sleeperTableOffset(Kind kind, int slotCount) {
        return appendedOffset(slotCount) + kind.appended;
    }

    static int segmentSize(Kind kind, int slotCount) {
        return sleeperTableOffset(kind, slotCount) + SleeperTable.tableSize(slotCount);
    }

    static int fieldOffset(int field) {
        return FIELDS_OFFSET + Long.BYTES * field;
    }

    static int entryOffset(int slot) {
        return ENTRIES_OFFSET + Long.BYTES * slot;
    }

    /** Writes the header of a new segment, but not its magic number: see {@link #publish}. */
    static void initialize(MappedSegment segment, int slotCount, int parameter, int flags) {
        SegmentHeader.writeVersion(segment, VERSION);
        segment.putInt(SLOT_COUNT_OFFSET, slotCount);
        segment.putInt(PARAMETER_OFFSET, parameter);
        segment.putInt(FLAGS_OFFSET, flags);
    }

    static void publish(MappedSegment segment, Kind kind) {
        SegmentHeader.publish(segment, kind.magic);
    }

    /**
     * Checks the header of a segment that should hold a {@code kind}.
     *
     * @return its slot count
     * @throws IllegalStateException if it does not, or is damaged
     */
    static int checkHeader(MappedSegment segment, Kind kind) {
        SegmentHeader.check(segment, kind.kind, ENTRIES_OFFSET, kind.magic, VERSION);
        int slotCount = segment.getInt(SLOT_COUNT_OFFSET);
        if (slotCount < 1 || slotCount > MAX_SLOT_COUNT || segmentSize(kind, slotCount) > segment.size()) {
            throw SegmentHeader.notA(segment, kind.kind, "its slot count " + slotCount + " does not fit its "
                    + segment.size() + " bytes");
        }
        return slotCount;
    }

    static long token(long generation, int slot) {
        return (generation & 0xFFFF_FFFFL) << SLOT_BITS | slot;
    }

    static int slotOf(long token) {
        return (int) (token & ((1 << SLOT_BITS) - 1));
    }

    static long generationOf(long token) {
        return token >>> SLOT_BITS;
    }

    /** An entry: a generation's low 32 bits and a count, never 0 for a count above 0. */
    static long entry(long generation, long count) {
        return count == 0 ? 0 : (generation & 0xFFFF_FFFFL) << 32 | count;
    }

    static long countOf(long entry) {
        return entry & 0xFFFF_FFFFL;
    }

    static long entryGenerationOf(long entry) {
        return entry >>> 32;
    }
}
