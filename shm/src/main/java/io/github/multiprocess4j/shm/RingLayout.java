package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.ipc.MappedSegment;
import io.github.multiprocess4j.ipc.ProcessSlots;
import io.github.multiprocess4j.ipc.SegmentHeader;
import io.github.multiprocess4j.ipc.SleeperTable;
import java.nio.ByteBuffer;

/**
 * Where everything is in a {@link SharedQueue}'s segment: a header of fixed offsets, each counter on its own cache
 * line, the generations of the process slots, then the cells. Written by the creator, the magic number last; read
 * back and checked, before anything is trusted, by every process that attaches, so that a foreign or damaged segment
 * fails with a message rather than a crash or a huge allocation.
 *
 * <pre>
 *  offset
 *       0  +----------------------------------------------------------------+
 *          | magic 'MP4Q' (int), written last by the creator                |
 *       4  | layout version (int): 3                                        |
 *       8  | capacity N: the number of cells (int)                          |
 *      12  | cell size C: a multiple of 64 (int)                            |
 *      16  | process slots S (int)                                          |
 *      20  | offset of cell 0 (int)                                         |
 *     128  +----------------------------------------------------------------+
 *          | tail (long): the next position to put                          |
 *          |   bit 63: shut down; bit 62: an immediate shutdown was asked   |
 *     256  +----------------------------------------------------------------+
 *          | head (long): the next position to get                          |
 *          |   bit 62: dropped, from here to the tail, by an immediate one  |
 *     384  +----------------------------------------------------------------+
 *          | done (long): tasks marked done                                 |
 *     512  +----------------------------------------------------------------+
 *          | getters asleep (long), their wake sequence (int)               |
 *     640  +----------------------------------------------------------------+
 *          | putters asleep (long), their wake sequence (int)               |
 *     768  +----------------------------------------------------------------+
 *          | joiners asleep (long), their wake sequence (int)               |
 *     896  +----------------------------------------------------------------+
 *          | generation of process slot 0, 1 ... S - 1 (long each)          |
 *          +----------------------------------------------------------------+
 *          | getters' sleeper table: S entries (long each)                  |
 *          | putters' sleeper table: S entries (long each)                  |
 *          | joiners' sleeper table: S entries (long each)                  |
 *          +----------------------------------------------------------------+
 *          | cell 0 | cell 1 | ...                             | cell N-1   |
 *          +----------------------------------------------------------------+
 *
 *  a cell (C bytes)
 *       0  +----------------------------------------------------------------+
 *          | stamp (long): state, detail and sequence ({@link CellStamp})   |
 *       8  +----------------------------------------------------------------+
 *          | tag (byte): 0 Kryo, 1 int, 2 long, 3 double, 4 string (UTF-8), |
 *          |             5 byte[] ({@link ElementCodec})                    |
 *       9  | the value, up to C - 9 bytes                                   |
 *          +----------------------------------------------------------------+
 * </pre>
 * All numbers are in native byte order; positions count every element ever put, and position {@code p} lives in cell
 * {@code p mod N}. The first 8 bytes are the {@link SegmentHeader}. The process slots themselves are file locks on
 * bytes of the queue's owners file, {@code <name>.owners} ({@link ProcessSlots}); tokens are {@link QueueOwners}'.
 * Version 1 kept them on bytes of the segment's own file, which closing any other channel of that file dropped.
 *
 * <p>Each kind of waiter has a {@link SleeperTable} of its own (count, wake sequence, entries), so that a change rings
 * only the processes whose threads wait for that change: a put the getters, a get the putters, the last task done the
 * joiners. Version 2 had none: a waiter in another process saw a change at its next look, within a millisecond.
 */
final class RingLayout {

    static final String KIND = "SharedQueue";
    /** What a queue is called in a message about its name: like any segment, as before it had an owners file. */
    static final String NAME_KIND = "shared memory";
    static final int MAGIC = 0x5134504D; // "MP4Q" in memory on a little-endian machine
    static final int VERSION = 3;

    static final int VERSION_OFFSET = SegmentHeader.VERSION_OFFSET;
    static final int CAPACITY_OFFSET = 8;
    static final int CELL_BYTES_OFFSET = 12;
    static final int SLOT_COUNT_OFFSET = 16;
    static final int CELLS_OFFSET_OFFSET = 20;
    /** Next position to claim, with the shutdown flags in its top bits ({@link Ring}). */
    static final int TAIL = 128;
    /** Next position to take, with the dropped flag in its top bits ({@link Ring}). */
    static final int HEAD = 256;
    /** Tasks marked done. */
    static final int DONE = 384;
    /** The sleeper count and wake sequence of the threads waiting to get ({@link SleeperTable}). */
    static final int GETTERS_ASLEEP = 512;
    /** The same for the threads waiting to put. */
    static final int PUTTERS_ASLEEP = 640;
    /** The same for the threads waiting in {@code join()}. */
    static final int JOINERS_ASLEEP = 768;
    static final int GENERATIONS = 896;

    /** Cells are whole cache lines, so that neighbours do not slow each other down. */
    static final int CELL_ALIGNMENT = 64;
    static final int DEFAULT_SLOT_COUNT = 1024;
    static final int MAX_SLOT_COUNT = 1 << QueueOwners.SLOT_BITS;
    /** The largest element: what a ready stamp can hold as a length, less the rounding of cells. */
    static final int MAX_ELEMENT_BYTES = CellStamp.MAX_DETAIL - CELL_ALIGNMENT;

    final int capacity;
    final int cellBytes;
    final int slotCount;
    final int cellsOffset;

    private RingLayout(int capacity, int cellBytes, int slotCount) {
        this.capacity = capacity;
        this.cellBytes = cellBytes;
        this.slotCount = slotCount;
        this.cellsOffset = cellsOffset(slotCount);
    }

    /**
     * The layout of a new queue.
     *
     * @throws IllegalArgumentException if the sizes are out of range or the whole does not fit in a segment
     */
    static RingLayout of(int capacity, int maxElementBytes) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1 element, got " + capacity);
        }
        checkMaxElementBytes(maxElementBytes);
        RingLayout layout = new RingLayout(capacity, cellBytesFor(maxElementBytes), DEFAULT_SLOT_COUNT);
        if (layout.segmentSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(capacity + " elements of up to " + maxElementBytes
                    + " bytes need " + layout.segmentSize() + " bytes of shared memory; a segment holds at most "
                    + Integer.MAX_VALUE);
        }
        return layout;
    }

    /**
     * @throws IllegalArgumentException if an element may not be that large, or must be larger
     */
    static int checkMaxElementBytes(int maxElementBytes) {
        if (maxElementBytes < 1 || maxElementBytes > MAX_ELEMENT_BYTES) {
            throw new IllegalArgumentException("maxElementBytes must be in 1.." + MAX_ELEMENT_BYTES + ", got "
                    + maxElementBytes);
        }
        return maxElementBytes;
    }

    /** The size of a cell that holds an element of {@code maxElementBytes} after its stamp. */
    static int cellBytesFor(int maxElementBytes) {
        int unaligned = CellStamp.BYTES + maxElementBytes;
        return (unaligned + CELL_ALIGNMENT - 1) / CELL_ALIGNMENT * CELL_ALIGNMENT;
    }

    /**
     * Where the sleeper table of the waiters whose count is at {@code asleepOffset} starts.
     *
     * @param asleepOffset {@link #GETTERS_ASLEEP}, {@link #PUTTERS_ASLEEP} or {@link #JOINERS_ASLEEP}
     */
    static int sleeperTableOffset(int slotCount, int asleepOffset) {
        int table = (asleepOffset - GETTERS_ASLEEP) / (PUTTERS_ASLEEP - GETTERS_ASLEEP);
        return GENERATIONS + Long.BYTES * slotCount + table * SleeperTable.tableSize(slotCount);
    }

    private static int cellsOffset(int slotCount) {
        int end = sleeperTableOffset(slotCount, JOINERS_ASLEEP) + SleeperTable.tableSize(slotCount);
        return (end + CELL_ALIGNMENT - 1) / CELL_ALIGNMENT * CELL_ALIGNMENT;
    }

    long segmentSize() {
        return cellsOffset + (long) capacity * cellBytes;
    }

    /** How many bytes an element may take, serialized: a cell less its stamp. */
    int maxElementBytes() {
        return cellBytes - CellStamp.BYTES;
    }

    int cellOffset(int index) {
        return cellsOffset + index * cellBytes;
    }

    /**
     * Writes the header and the first stamp of every cell (which also touches each cell's first page, so that
     * the first puts do not pay for it); the creator then {@linkplain SegmentHeader#publish publishes} the magic
     * number, which makes the queue attachable.
     */
    void initialize(RingMemory memory) {
        ByteBuffer header = memory.elements();
        header.putInt(VERSION_OFFSET, VERSION);
        header.putInt(CAPACITY_OFFSET, capacity);
        header.putInt(CELL_BYTES_OFFSET, cellBytes);
        header.putInt(SLOT_COUNT_OFFSET, slotCount);
        header.putInt(CELLS_OFFSET_OFFSET, cellsOffset);
        for (int index = 0; index < capacity; index++) {
            memory.setRelease(cellOffset(index), CellStamp.free(index));
        }
    }

    /**
     * Reads and checks the layout of an existing segment, waiting a moment while its magic number is still 0 (its
     * creator writes it last).
     *
     * @throws IllegalStateException if the segment does not hold a queue of this layout
     */
    static RingLayout read(MappedSegment memory) {
        SegmentHeader.check(memory, KIND, GENERATIONS, MAGIC, VERSION);
        int capacity = memory.getInt(CAPACITY_OFFSET);
        int cellBytes = memory.getInt(CELL_BYTES_OFFSET);
        int slotCount = memory.getInt(SLOT_COUNT_OFFSET);
        int cellsOffset = memory.getInt(CELLS_OFFSET_OFFSET);
        if (slotCount < 1 || slotCount > MAX_SLOT_COUNT || cellsOffset != cellsOffset(slotCount)) {
            throw notAQueue(memory, "its header is damaged: " + slotCount + " process slots, cells at "
                    + cellsOffset);
        }
        if (capacity < 1 || cellBytes < CELL_ALIGNMENT || cellBytes % CELL_ALIGNMENT != 0
                || cellBytes > cellBytesFor(MAX_ELEMENT_BYTES)) {
            throw notAQueue(memory, "its header is damaged: " + capacity + " cells of " + cellBytes + " bytes");
        }
        RingLayout layout = new RingLayout(capacity, cellBytes, slotCount);
        if (layout.segmentSize() != memory.size()) { // a queue's segment is made exactly this size
            throw notAQueue(memory, "its " + capacity + " cells of " + cellBytes + " bytes need "
                    + layout.segmentSize() + " bytes, it has " + memory.size());
        }
        return layout;
    }

    private static IllegalStateException notAQueue(MappedSegment memory, String why) {
        return SegmentHeader.notA(memory, KIND, why);
    }
}
