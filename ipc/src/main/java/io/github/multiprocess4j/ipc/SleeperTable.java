package io.github.multiprocess4j.ipc;

/**
 * Which processes have a thread asleep on a structure in shared memory, and the {@link Doorbell} that wakes each:
 * what a process that changes the structure reads to know whom to ring. Part of the structure's segment, at offsets
 * its layout gives:
 *
 * <pre>
 *  sleeper count, one word (native byte order)
 *  +---------------------------------------------------------------+
 *  |   sleepers (long): how many entries below are not 0           |  count offset
 *  +---------------------------------------------------------------+
 *
 *  sleeper table, one entry per process slot ({@link ProcessSlots})
 *  +---------------------------------------------------------------+
 *  |   doorbell id of slot 0's sleeping process, or 0 (long)       |  table offset + 0
 *  |   ...                                                         |
 *  |   doorbell id of slot n - 1's sleeping process, or 0 (long)   |  table offset + 8 (n - 1)
 *  +---------------------------------------------------------------+
 *
 *  doorbell id = pid &lt;&lt; 32 | low 32 bits of the process's start time in ms  (never 0)
 * </pre>
 *
 * <h2>The protocol (Dekker's, with sequentially consistent accesses)</h2>
 * <ul>
 *   <li><b>A sleeper</b> (the one poller of a JVM, about to park long): writes its doorbell id into its slot's entry
 *       by compare-and-set and raises the count by an atomic add (both volatile, so ordered before what follows),
 *       <em>then</em> looks at the structure once more, and only then parks. When its wait ends it clears the entry and
 *       lowers the count.</li>
 *   <li><b>A waker</b>: changes the structure by a volatile write or compare-and-set, <em>then</em> reads the count
 *       ({@link #ring()}, volatile). 0: nobody sleeps, and that costs one read, no system call. Otherwise it rings the
 *       doorbell of each entry that is set.</li>
 * </ul>
 * Volatile accesses are totally ordered: either the waker's read of the count comes after the sleeper's raise (the
 * sleeper is rung), or the sleeper's last look comes after the waker's change (it sees the change and does not
 * sleep). Entries are set before the count is raised, so a waker that sees the count sees the entry.
 *
 * <p>A waker whose change is a release write ({@code ProcessLock}'s unlock: one atomic instruction per lock and
 * unlock instead of two) has no such order: its read of the count may come before its write is seen elsewhere, and
 * the sleeper's last look may miss the write. That window lasts as long as the write takes to reach the other cores,
 * well under a microsecond; a sleeper's first sleeps are short ({@link Backoff#ringable}), so its next look, tens of
 * microseconds later, finds the change. A ring is lost there only for a sleeper that marked itself in that window.
 *
 * <h2>Damage and death</h2>
 * Nothing here is trusted for more than whom to ring: an id names only a socket file in this user's private
 * directory, so a damaged or stale one reaches nothing or a process that looks once more for nothing. A ring that
 * fails (the process died while marked) makes the waker clear that entry and lower the count. A process that takes
 * a slot whose entry a dead process left overwrites it without raising the count. A process killed between setting
 * its entry and raising the count, or between clearing it and lowering it, leaves the count one off: too low, and
 * that slot's sleepers are found by their periodic look ({@link Backoff#DOORBELL_PARK_NANOS}) instead of a ring; too
 * high, and wakers read the table in vain (memory reads, no system call). Neither hangs anyone.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public final class SleeperTable {

    private final MappedSegment segment;
    private final int countOffset;
    private final int tableOffset;
    private final int slotCount;
    private final int entryOffset;
    /** How many of this JVM's waiting rooms on the structure sleep: the entry is set while it is above 0. */
    private int localSleepers;
    private long markedId;

    /**
     * A view of a structure's sleeper table.
     *
     * @param segment the structure's segment
     * @param countOffset where the count is, a multiple of 8
     * @param tableOffset where the table starts, a multiple of 8
     * @param slotCount how many slots the table has, from the structure's checked header
     * @param slot this process's slot
     */
    public SleeperTable(MappedSegment segment, int countOffset, int tableOffset, int slotCount, int slot) {
        this.entryOffset = tableOffset + Long.BYTES * slot;
        this.segment = segment;
        this.countOffset = countOffset;
        this.tableOffset = tableOffset;
        this.slotCount = slotCount;
    }

    /** How many bytes a table of {@code slotCount} entries takes. */
    public static int tableSize(int slotCount) {
        return Long.BYTES * slotCount;
    }

    /** Marks this process as sleeping, with doorbell {@code id}; counted per waiting room of this JVM. */
    synchronized void mark(long id) {
        if (localSleepers++ > 0) {
            return;
        }
        markedId = id;
        while (true) {
            long entry = segment.getLongVolatile(entryOffset);
            if (entry == id) {
                return;
            }
            if (entry == 0) {
                if (segment.compareAndSetLong(entryOffset, 0, id)) {
                    segment.getAndAddLong(countOffset, 1);
                    return;
                }
            } else if (segment.compareAndSetLong(entryOffset, entry, id)) {
                return; // a dead process's entry, counted already
            }
        }
    }

    /** Undoes one {@link #mark}. */
    synchronized void unmark() {
        if (localSleepers == 0 || --localSleepers > 0) {
            return;
        }
        clear(entryOffset, markedId);
    }

    private void clear(int offset, long id) {
        if (segment.compareAndSetLong(offset, id, 0)) {
            segment.getAndAddLong(countOffset, -1);
        }
    }

    /**
     * Rings the doorbell of every process marked as sleeping but this one; call it after changing the structure by
     * a volatile write or compare-and-set. Costs one volatile read when nobody sleeps.
     */
    public void ring() {
        long count = segment.getLongVolatile(countOffset);
        if (count != 0) {
            ringEach(count);
        }
    }

    /**
     * Whether any process, this one included, is marked as sleeping: one volatile read of the count, ordered as
     * {@link #ring()}'s is (after the caller's change), for a waker that would rather not change the structure in a
     * way that needs a ring.
     *
     * @return {@code true} if the count is not 0
     */
    public boolean anyoneAsleep() {
        return segment.getLongVolatile(countOffset) != 0;
    }

    @SuppressWarnings("ThreadPriorityCheck") // the yield is the point: see below
    private void ringEach(long count) {
        long found = 0;
        boolean rang = false;
        for (int offset = tableOffset, end = tableOffset + Long.BYTES * slotCount; offset < end && found != count;
                offset += Long.BYTES) {
            long id = segment.getLongVolatile(offset);
            if (id == 0) {
                continue;
            }
            found++;
            if (!Doorbell.isOwn(id)) {
                if (Doorbell.ring(id)) {
                    rang = true;
                } else {
                    clear(offset, id);
                }
            }
        }
        if (rang) {
            // A socket write wakes its reader as a "sync" wake-up: Linux may queue the woken thread on this CPU,
            // expecting this thread to sleep soon; if this thread runs on instead, the woken one waits for its time
            // slice (milliseconds). Yielding once lets it run now.
            Thread.yield();
        }
    }
}
