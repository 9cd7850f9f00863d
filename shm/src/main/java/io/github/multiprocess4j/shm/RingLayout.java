package io.github.multiprocess4j.shm;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Where everything is in a {@link SharedQueue}'s segment (the diagram is in {@link SharedQueue}'s documentation):
 * a header of fixed offsets, each counter on its own cache line, the generations of the process slots, then the
 * cells. Written by the creator, the magic number last; read back and checked, before anything is trusted, by every
 * process that attaches, so that a foreign or damaged segment fails with a message rather than a crash or a huge
 * allocation.
 */
final class RingLayout {

    static final int MAGIC = 0x5134504D; // "MP4Q" in memory on a little-endian machine
    static final int VERSION = 1;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
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
    static final int GENERATIONS = 512;

    /** Cells are whole cache lines, so that neighbours do not slow each other down. */
    static final int CELL_ALIGNMENT = 64;
    static final int DEFAULT_SLOT_COUNT = 1024;
    static final int MAX_SLOT_COUNT = 1 << ProcessSlots.SLOT_BITS;
    /** The largest element: what a ready stamp can hold as a length, less the rounding of cells. */
    static final int MAX_ELEMENT_BYTES = CellStamp.MAX_DETAIL - CELL_ALIGNMENT;

    private static final long INITIALISATION_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

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

    private static int cellsOffset(int slotCount) {
        int end = GENERATIONS + Long.BYTES * slotCount;
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
     * the first puts do not pay for it), then the magic number, which makes the queue attachable.
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
        VarHandle.releaseFence(); // with the plain store below: a release store of the magic number
        header.putInt(MAGIC_OFFSET, MAGIC);
    }

    /**
     * Reads and checks the layout of an existing segment, waiting a moment while its magic number is still 0 (its
     * creator writes it last).
     *
     * @throws IllegalStateException if the segment does not hold a queue of this layout
     */
    static RingLayout read(SharedMemory memory) {
        if (memory.size() < GENERATIONS) {
            throw notAQueue(memory, "it has only " + memory.size() + " bytes, fewer than a queue's header");
        }
        int magic = awaitMagic(memory);
        if (magic != MAGIC) {
            throw notAQueue(memory, String.format("its magic number is 0x%08x, not 0x%08x", magic, MAGIC));
        }
        int version = memory.getInt(VERSION_OFFSET);
        if (version != VERSION) {
            throw notAQueue(memory, "its layout version is " + version + ", this library reads " + VERSION);
        }
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

    private static int awaitMagic(SharedMemory memory) {
        long deadline = System.nanoTime() + INITIALISATION_WAIT_NANOS;
        Pause pause = new Pause();
        int magic = memory.getIntAcquire(MAGIC_OFFSET);
        while (magic == 0 && System.nanoTime() - deadline < 0) {
            pause.pause(deadline - System.nanoTime());
            magic = memory.getIntAcquire(MAGIC_OFFSET);
        }
        return magic;
    }

    private static IllegalStateException notAQueue(SharedMemory memory, String why) {
        return new IllegalStateException("shared memory '" + memory.name() + "' is not a SharedQueue: " + why);
    }
}
