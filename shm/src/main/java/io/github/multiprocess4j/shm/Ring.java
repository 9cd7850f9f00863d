package io.github.multiprocess4j.shm;

import static io.github.multiprocess4j.shm.RingLayout.DONE;
import static io.github.multiprocess4j.shm.RingLayout.HEAD;
import static io.github.multiprocess4j.shm.RingLayout.TAIL;

/**
 * The lock-free protocol of a {@link SharedQueue}: a bounded ring of cells, one element per cell, shared by any
 * number of producers and consumers in any number of processes. Every method here makes one attempt and never
 * waits for a condition; waiting is {@link SharedQueue}'s business. A bounded multi-producer, multi-consumer queue
 * in the manner of Dmitry Vyukov's, where each cell's {@linkplain CellStamp stamp} also records who is working on
 * it, so that the claims of a dead process can be recognised and cleared.
 *
 * <h2>Counters</h2>
 * <ul>
 *   <li>{@code TAIL}: the next position to claim. Its top bit says the queue is shut down (the tail never moves
 *       again), the next one that an immediate shutdown was asked for.</li>
 *   <li>{@code HEAD}: the next position to take. Its {@code DROPPED} bit, set by an immediate shutdown, freezes it:
 *       every element from there to the tail is dropped at once.</li>
 *   <li>{@code DONE}: tasks marked done. The unfinished tasks are the tail's position minus {@code DONE}, or after
 *       an immediate shutdown the frozen head's position minus {@code DONE} (Python's rule: each dropped element
 *       lowers the count unless it is zero), never below zero.</li>
 * </ul>
 *
 * <h2>A put</h2>
 * Reads the tail {@code t}; if {@code t}'s cell is free for {@code t}, claims it with a compare-and-set to
 * {@code writing(t, me)}, then moves the tail to {@code t + 1} (any producer that finds a claimed cell at the tail
 * does that for its owner, so a producer that dies here stops no one). The element counts from that move on: it is
 * the put's linearization point. Then the element is written and published with a release store of
 * {@code ready(t, length)}. If the tail was frozen by a shutdown before it moved, the claim is given back.
 *
 * <h2>A get</h2>
 * Reads the head {@code h}; if {@code h}'s cell is ready, takes it with a compare-and-set to {@code reading(h, me)},
 * then moves the head (helped likewise; the move is the get's linearization point), copies the element out and
 * frees the cell for the next lap with a release store of {@code free(h + capacity)}.
 *
 * <h2>Batches</h2>
 * {@link #offerAll} claims a run of cells from the tail: the first as a put does, then each next one that is free for
 * its position, with a compare-and-set each, stopping at the first that is not; then it moves the tail past the whole
 * run at once. A producer that finds a cell of the run claimed at the tail moves the tail past it, as for any claim,
 * so the run is never in anyone's way. If a shutdown froze the tail inside the run, the claims past it are given
 * back. {@link #pollAll} likewise takes a run of ready cells from the head, moves the head past the run at once, then
 * copies each element out and frees its cell; the part of a run that an immediate shutdown dropped is freed unread.
 * Anything else found at the head or the tail (nothing there, a cell in flight, damage) is left to the one-element
 * attempt, so a batch never decides more than a put or a get would.
 *
 * <h2>A full ring</h2>
 * A producer that found the ring full and waits for room can ask {@link #roomForARun()} before each attempt: whether
 * a run of cells from the tail on is free, a quarter of the ring and at most {@link #MAX_RUN} cells. Taking each cell
 * the moment a consumer frees it keeps the producer on the consumer's heels: both then work on the same few cells,
 * and each compare-and-set waits for a cache line the other core has just written. A producer that waits for a run
 * fills cells the consumers left long ago, while they take the rest, each on lines of its own.
 *
 * <h2>Dead processes</h2>
 * A cell stuck in {@code writing} at the head, or in {@code reading} where a producer needs it, is reported as
 * {@link #IN_FLIGHT}; the caller retries, and now and then asks for a probe: if the owner's process is gone, a
 * writing cell becomes a tombstone (which consumers skip, counting its task done) and a reading cell is freed
 * (its element is lost with the dead consumer, and its task counted done). Both are compare-and-sets, so a claim is
 * cleared once.
 */
final class Ring {

    /** The attempt succeeded. */
    static final int OK = 0;
    /** Nothing to take. */
    static final int EMPTY = 1;
    /** No room. */
    static final int FULL = 2;
    /** The queue is shut down: no put succeeds, and no get, once nothing is left. */
    static final int SHUT_DOWN = 3;
    /** The cell needed is being written or read by another thread: try again soon. */
    static final int IN_FLIGHT = 4;

    static final long SHUT = 1L << 63;
    static final long DROP_REQUESTED = 1L << 62;
    static final long DROPPED = 1L << 62;
    static final long POSITION = (1L << 62) - 1;
    /** The longest run of free cells that {@link #roomForARun()} looks for. */
    static final int MAX_RUN = 1024;

    /** Writes an element into a cell. */
    interface ElementWriter {
        /** The element's length in bytes, at least 1. */
        int length();

        void writeTo(RingMemory memory, int offset);
    }

    /** Copies an element out of a cell. */
    interface ElementReader {
        void readFrom(RingMemory memory, int offset, int length);
    }

    /** The elements of a batch, in order. */
    interface BatchWriter {
        ElementWriter element(int index);
    }

    private final String name;
    private final RingMemory memory;
    private final RingLayout layout;
    private final Liveness liveness;
    private final int capacity;
    /** {@code capacity - 1} if the capacity is a power of two, else -1. */
    private final long indexMask;
    /** The run of free cells that {@link #roomForARun()} looks for. */
    private final int run;

    /**
     * @param name the queue's name, for the messages that say it is damaged
     */
    Ring(String name, RingMemory memory, RingLayout layout, Liveness liveness) {
        this.name = name;
        this.memory = memory;
        this.layout = layout;
        this.liveness = liveness;
        this.capacity = layout.capacity;
        this.indexMask = Integer.bitCount(capacity) == 1 ? capacity - 1 : -1;
        this.run = Math.max(1, Math.min(capacity / 4, MAX_RUN));
    }

    int capacity() {
        return capacity;
    }

    int maxElementBytes() {
        return layout.maxElementBytes();
    }

    int slotCount() {
        return layout.slotCount;
    }

    // ---- puts

    /**
     * One attempt to put {@code element}.
     *
     * @param probe whether to ask if the owner of a cell in the way is dead (a system call)
     * @return {@link #OK}, {@link #FULL}, {@link #SHUT_DOWN}, or {@link #IN_FLIGHT} if a consumer is still copying
     *     out the element of the previous lap
     */
    int offer(ElementWriter element, boolean probe) {
        while (true) {
            long tail = memory.getVolatile(TAIL);
            if ((tail & SHUT) != 0) {
                return SHUT_DOWN;
            }
            if ((tail & DROP_REQUESTED) != 0) {
                throw damaged("its tail asks for an immediate shutdown without saying it is shut down");
            }
            int cell = cellOf(tail);
            long stamp = memory.getAcquire(cell);
            long ahead = CellStamp.distance(stamp, tail);
            if (ahead == 0) {
                if (CellStamp.state(stamp) != CellStamp.FREE) {
                    memory.compareAndSet(TAIL, tail, tail + 1); // its producer has not moved the tail yet
                } else if (memory.compareAndSet(cell, stamp, CellStamp.writing(tail, liveness.self()))) {
                    if (!moveTailPast(tail)) {
                        memory.setRelease(cell, stamp);
                        return SHUT_DOWN;
                    }
                    publish(element, cell, tail);
                    return OK;
                }
            } else if (ahead < 0 && memory.getVolatile(TAIL) == tail) {
                if (CellStamp.state(stamp) != CellStamp.READING) {
                    return FULL;
                }
                if (!probe || !clearDeadReader(cell, stamp, tail - capacity)) {
                    return IN_FLIGHT;
                }
            } else if (ahead > 0 && memory.getVolatile(TAIL) == tail) {
                // a cell ahead of the tail was claimed at a later position, which the tail must have passed
                throw damaged("its tail " + tail + " points to a cell of position " + (tail + ahead));
            }
        }
    }

    /**
     * Whether a producer that found the ring full should try a put now (see the class comment): the cells from the
     * tail on are free for a run of a quarter of the ring, at most {@link #MAX_RUN} cells, or the run's last cell was
     * claimed already, or the ring is shut down; the put then says what it finds.
     */
    boolean roomForARun() {
        long tail = memory.getVolatile(TAIL);
        if ((tail & (SHUT | DROP_REQUESTED)) != 0) {
            return true;
        }
        long last = (tail & POSITION) + run - 1;
        return CellStamp.distance(memory.getAcquire(cellOf(last)), last) >= 0;
    }

    /** Moves the tail past a claimed position; {@code false} if a shutdown froze it there first. */
    private boolean moveTailPast(long position) {
        return memory.compareAndSet(TAIL, position, position + 1)
                || (memory.getVolatile(TAIL) & POSITION) > position;
    }

    private void publish(ElementWriter element, int cell, long position) {
        int length = 0;
        try {
            element.writeTo(memory, cell + CellStamp.BYTES);
            length = element.length();
        } finally {
            memory.setRelease(cell, CellStamp.ready(position, length)); // length 0 if it failed: a tombstone
        }
    }

    /**
     * One attempt to put a run of the elements {@code from} to {@code from + count - 1} of {@code elements}, claimed
     * at once (see the class comment); it puts at least one unless it fails as {@link #offer} would.
     *
     * @param count how many to try, at least 1
     * @return how many were put, at least 1; or minus {@link #FULL}, {@link #SHUT_DOWN} or {@link #IN_FLIGHT}
     */
    int offerAll(BatchWriter elements, int from, int count, boolean probe) {
        while (true) {
            long tail = memory.getVolatile(TAIL);
            if ((tail & (SHUT | DROP_REQUESTED)) != 0) {
                // the one-element attempt says which, and checks for damage
                int outcome = offer(elements.element(from), probe);
                return outcome == OK ? 1 : -outcome;
            }
            int claimed = claimRun(tail, count);
            if (claimed == 0) {
                int outcome = offer(elements.element(from), probe);
                return outcome == OK ? 1 : -outcome;
            }
            int counted = moveCounterPastRun(TAIL, SHUT, tail, claimed);
            for (int i = counted; i < claimed; i++) { // a shutdown froze the tail inside the run
                memory.setRelease(cellOf(tail + i), CellStamp.free(tail + i));
            }
            if (counted == 0) {
                return -SHUT_DOWN;
            }
            publishRun(elements, from, tail, counted);
            return counted;
        }
    }

    /** Claims the cells of positions {@code tail}, {@code tail + 1}... while they are free for them; how many. */
    private int claimRun(long tail, int count) {
        int owner = liveness.self();
        int claimed = 0;
        while (claimed < count) {
            long position = tail + claimed;
            int cell = cellOf(position);
            long stamp = memory.getAcquire(cell);
            if (stamp != CellStamp.free(position)
                    || !memory.compareAndSet(cell, stamp, CellStamp.writing(position, owner))) {
                return claimed;
            }
            claimed++;
        }
        return claimed;
    }

    /**
     * Moves a counter ({@code TAIL} or {@code HEAD}) past the run of {@code claimed} positions from {@code first} on,
     * which this thread claimed; others may have moved it part or all of the way already.
     *
     * @param frozen the counter's bit that freezes it: {@link #SHUT} for the tail, {@link #DROPPED} for the head
     * @return how many of the run's positions count: all, unless a shutdown froze the counter inside the run first
     */
    private int moveCounterPastRun(int counter, long frozen, long first, int claimed) {
        long end = first + claimed;
        while (true) {
            long word = memory.getVolatile(counter);
            long position = word & POSITION;
            if (position >= end) {
                return claimed;
            }
            if ((word & frozen) != 0) {
                return (int) Math.max(0, position - first);
            }
            if (memory.compareAndSet(counter, word, end)) {
                return claimed;
            }
        }
    }

    /** Publishes the claimed run; if writing one element fails, it and the rest become tombstones. */
    private void publishRun(BatchWriter elements, int from, long first, int count) {
        int published = 0;
        try {
            for (; published < count; published++) {
                long position = first + published;
                int cell = cellOf(position);
                ElementWriter element = elements.element(from + published);
                element.writeTo(memory, cell + CellStamp.BYTES);
                memory.setRelease(cell, CellStamp.ready(position, element.length()));
            }
        } finally {
            for (int i = published; i < count; i++) {
                memory.setRelease(cellOf(first + i), CellStamp.ready(first + i, 0));
            }
        }
    }

    // ---- gets

    /**
     * One attempt to take the element at the head; a tombstone found there is skipped.
     *
     * @param reader what copies the element out, while the cell is this thread's
     * @param probe whether to ask if the owner of a cell in the way is dead (a system call)
     * @return {@link #OK} once {@code reader} has the element, {@link #EMPTY}, {@link #SHUT_DOWN} if it is shut
     *     down and empty or an immediate shutdown dropped what was left, or {@link #IN_FLIGHT} if the element at the
     *     head is still being written
     */
    int poll(ElementReader reader, boolean probe) {
        while (true) {
            long head = memory.getVolatile(HEAD);
            if (head < 0) {
                throw damaged("its head " + head + " has its top bit set, which no put or get sets");
            }
            if ((head & DROPPED) != 0) {
                if ((memory.getVolatile(TAIL) & DROP_REQUESTED) == 0) {
                    // only an immediate shutdown drops, and it marks the tail first
                    throw damaged("its head says that an immediate shutdown dropped its elements, its tail that"
                            + " none was asked for");
                }
                return SHUT_DOWN;
            }
            int cell = cellOf(head);
            long stamp = memory.getAcquire(cell);
            long ahead = CellStamp.distance(stamp, head);
            int state = CellStamp.state(stamp);
            if (ahead == 0 && state == CellStamp.READY) {
                if (memory.compareAndSet(cell, stamp, CellStamp.reading(head, liveness.self()))) {
                    int outcome = takeOut(reader, cell, stamp, head);
                    if (outcome != IN_FLIGHT) {
                        return outcome;
                    }
                }
            } else if (ahead > 0 || ahead == 0 && state == CellStamp.READING) {
                // the head's position was claimed, so the tail is past it; its consumer has not moved the head yet
                if ((memory.getVolatile(TAIL) & POSITION) <= head) {
                    throw damaged("its head " + head + " is not behind its tail "
                            + (memory.getVolatile(TAIL) & POSITION) + ", yet its cell was claimed");
                }
                memory.compareAndSet(HEAD, head, head + 1);
            } else {
                long tail = memory.getVolatile(TAIL);
                if ((tail & POSITION) == head) {
                    return (tail & SHUT) != 0 ? SHUT_DOWN : EMPTY;
                }
                if (ahead == 0 && state == CellStamp.WRITING) {
                    if (!probe || !tombstoneIfOwnerDead(cell, stamp)) {
                        return IN_FLIGHT;
                    }
                } else if ((tail & POSITION) < head
                        || memory.getAcquire(cell) == stamp && memory.getVolatile(HEAD) == head) {
                    // the tail passes a position only once its cell is claimed, and the head never passes the tail
                    throw damaged("its head " + head + " and tail " + (tail & POSITION)
                            + " disagree with the cell at the head, of position " + (head + ahead));
                }
            }
        }
    }

    /**
     * One attempt to take a run of at most {@code max} elements from the head, claimed at once (see the class
     * comment); it takes at least one unless it fails as {@link #poll} would. {@code reader} copies each out while
     * its cell is this thread's; tombstones are skipped, their tasks counted done.
     *
     * @param max how many to take at most, at least 1
     * @param lengths where to keep the lengths of the run's elements, at least {@code max} long
     * @return how many {@code reader} was given, at least 1, or 0 if the run held tombstones only; or minus
     *     {@link #EMPTY}, {@link #SHUT_DOWN} or {@link #IN_FLIGHT}
     */
    int pollAll(ElementReader reader, int max, int[] lengths, boolean probe) {
        long head = memory.getVolatile(HEAD);
        int claimed = head < 0 || (head & DROPPED) != 0 ? 0 : claimReadyRun(head, Math.min(max, capacity), lengths);
        if (claimed == 0) {
            int outcome = poll(reader, probe); // checks the head and everything else
            return outcome == OK ? 1 : -outcome;
        }
        int taken = moveCounterPastRun(HEAD, DROPPED, head, claimed);
        int given = 0;
        int index = 0;
        try {
            for (; index < claimed; index++) {
                long position = head + index;
                int cell = cellOf(position);
                int length = lengths[index];
                try {
                    if (index < taken && length > 0) {
                        reader.readFrom(memory, cell + CellStamp.BYTES, length);
                        given++;
                    }
                } finally {
                    memory.setRelease(cell, CellStamp.free(position + capacity));
                }
                if (index < taken && length == 0) {
                    countDone(); // a tombstone's task: its put was counted, its element never came
                }
            }
        } finally {
            for (int i = index + 1; i < claimed; i++) { // the reader failed: the rest are lost
                long position = head + i;
                memory.setRelease(cellOf(position), CellStamp.free(position + capacity));
                if (i < taken) {
                    countDone();
                }
            }
        }
        return taken == 0 ? -SHUT_DOWN : given;
    }

    /**
     * Marks the cells of positions {@code head}, {@code head + 1}... as being read while they are ready for them
     * with a length that fits, at most {@code max} of them, and keeps their lengths; how many.
     */
    private int claimReadyRun(long head, int max, int[] lengths) {
        int owner = liveness.self();
        int claimed = 0;
        while (claimed < max) {
            long position = head + claimed;
            int cell = cellOf(position);
            long stamp = memory.getAcquire(cell);
            if (CellStamp.distance(stamp, position) != 0 || CellStamp.state(stamp) != CellStamp.READY
                    || CellStamp.detail(stamp) > layout.maxElementBytes()
                    || !memory.compareAndSet(cell, stamp, CellStamp.reading(position, owner))) {
                return claimed;
            }
            lengths[claimed++] = CellStamp.detail(stamp);
        }
        return claimed;
    }

    /**
     * Finishes taking the cell this thread just marked as reading: moves the head, copies the element out, frees the
     * cell. Returns {@link #IN_FLIGHT} for a tombstone, to go on to the next cell. A length larger than a cell (which
     * only damage writes) is checked before anything is copied or allocated: the cell is freed, the element dropped
     * and counted done, and the failure thrown, so that the next get takes the next element.
     */
    private int takeOut(ElementReader reader, int cell, long stamp, long position) {
        boolean taken = moveHeadPast(position);
        int length = CellStamp.detail(stamp);
        boolean fits = length <= layout.maxElementBytes();
        try {
            if (taken && length > 0 && fits) {
                reader.readFrom(memory, cell + CellStamp.BYTES, length);
            }
        } finally {
            memory.setRelease(cell, CellStamp.free(position + capacity));
        }
        if (taken && !fits) {
            countDone(); // its task, as for any element that cannot be read: nobody will process it
            throw damaged("the element at position " + position + " claims " + length + " bytes, but a cell holds at"
                    + " most " + layout.maxElementBytes() + "; it was dropped, and its task counted done");
        }
        if (!taken) {
            return SHUT_DOWN;
        }
        if (length > 0) {
            return OK;
        }
        countDone(); // the tombstone's task: its put was counted, its element never came
        return IN_FLIGHT;
    }

    /** Moves the head past a taken position; {@code false} if an immediate shutdown dropped it first. */
    private boolean moveHeadPast(long position) {
        return memory.compareAndSet(HEAD, position, position + 1)
                || (memory.getVolatile(HEAD) & POSITION) > position;
    }

    // ---- dead owners

    private boolean tombstoneIfOwnerDead(int cell, long stamp) {
        if (!liveness.isDead(CellStamp.detail(stamp))) {
            return false;
        }
        memory.compareAndSet(cell, stamp, CellStamp.tombstone(stamp));
        return true;
    }

    /**
     * Frees a cell whose consumer died while copying its element out, and counts that element's task done (unless an
     * immediate shutdown dropped it): nobody will process it.
     *
     * @return whether the cell's owner was dead
     */
    private boolean clearDeadReader(int cell, long stamp, long position) {
        if (!liveness.isDead(CellStamp.detail(stamp))) {
            return false;
        }
        memory.compareAndSet(HEAD, position, position + 1); // it may have died before moving the head
        if (memory.compareAndSet(cell, stamp, CellStamp.free(position + capacity))) {
            long head = memory.getVolatile(HEAD);
            if ((head & DROPPED) == 0 || (head & POSITION) > position) {
                countDone();
            }
        }
        return true;
    }

    /**
     * Clears the cells of consumers that died while taking an element, wherever they are: their tasks would keep
     * {@code join()} waiting. Reads every cell; for the rare waits that last.
     */
    void clearDeadReaders() {
        long head = memory.getVolatile(HEAD) & POSITION;
        for (int index = 0; index < capacity; index++) {
            int cell = layout.cellOffset(index);
            long stamp = memory.getAcquire(cell);
            long position = head + CellStamp.distance(stamp, head);
            if (CellStamp.state(stamp) == CellStamp.READING && position <= head) {
                clearDeadReader(cell, stamp, position);
            }
        }
    }

    // ---- tasks

    /**
     * Counts one task done, unless no task is unfinished.
     *
     * @return whether it was counted
     */
    boolean countDone() {
        while (true) {
            long done = memory.getVolatile(DONE);
            if (done >= doneLimit()) {
                return false;
            }
            if (memory.compareAndSet(DONE, done, done + 1)) {
                return true;
            }
        }
    }

    /** How many tasks are unfinished now. */
    long unfinished() {
        while (true) {
            long done = memory.getVolatile(DONE);
            long limit = doneLimit();
            if (memory.getVolatile(DONE) == done) {
                return Math.max(0, limit - done);
            }
        }
    }

    /** What {@code DONE} may reach: the puts counted, less those an immediate shutdown dropped. */
    private long doneLimit() {
        long tail = memory.getVolatile(TAIL);
        return (tail & DROP_REQUESTED) != 0 ? completeDrop() & POSITION : tail & POSITION;
    }

    // ---- size and shutdown

    /** How many elements are in the queue now (tombstones of dead producers included). */
    int size() {
        while (true) {
            long head = memory.getVolatile(HEAD);
            long tail = memory.getVolatile(TAIL);
            if ((tail & DROP_REQUESTED) != 0 || (head & DROPPED) != 0) {
                completeDrop();
                return 0;
            }
            if (memory.getVolatile(HEAD) == head) {
                return (int) Math.max(0, (tail & POSITION) - head);
            }
        }
    }

    boolean isShutDown() {
        long tail = memory.getVolatile(TAIL);
        if ((tail & DROP_REQUESTED) != 0) {
            completeDrop();
        }
        return (tail & SHUT) != 0;
    }

    /**
     * Shuts the queue down: freezes the tail, and for an immediate shutdown also the head, which drops every element
     * between them.
     */
    void shutDown(boolean immediate) {
        memory.getAndBitwiseOr(TAIL, immediate ? SHUT | DROP_REQUESTED : SHUT);
        if (immediate) {
            completeDrop();
        }
    }

    /**
     * Makes sure that a shutdown this thread has seen is complete before the thread acts on it: an immediate one is
     * complete once the head is frozen, and any thread that sees it asked for finishes it.
     */
    void completeShutdown() {
        if ((memory.getVolatile(TAIL) & DROP_REQUESTED) != 0) {
            completeDrop();
        }
    }

    /** Freezes the head, if it is not yet; returns the head word, with its {@link #DROPPED} bit. */
    private long completeDrop() {
        while (true) {
            long head = memory.getVolatile(HEAD);
            if ((head & DROPPED) != 0 || memory.compareAndSet(HEAD, head, head | DROPPED)) {
                return head | DROPPED;
            }
        }
    }

    /**
     * The failure of an attempt that finds the counters and the cells in a state that no sequence of puts and gets
     * leaves, whoever died when: the segment was damaged. Failing beats spinning forever.
     */
    private IllegalStateException damaged(String why) {
        return new IllegalStateException("SharedQueue '" + name + "' is damaged: " + why);
    }

    private int cellOf(long position) {
        long index = indexMask >= 0 ? position & indexMask : position % capacity;
        return layout.cellOffset((int) index);
    }
}
