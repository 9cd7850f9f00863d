package io.github.multiprocess4j.ipc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Which processes have a thread asleep on a structure in shared memory, and the {@link Doorbell} that wakes each:
 * what a process that changes the structure reads to know whom to ring. Part of the structure's segment, at offsets
 * its layout gives:
 *
 * <pre>
 *  sleeper count and wake sequence (native byte order)
 *  +---------------------------------------------------------------+
 *  |   sleepers (long): how many entries below are not 0           |  count offset
 *  +---------------------------------------------------------------+
 *  |   wake sequence (int): raised by every wake of a futex        |  count offset + 8
 *  |   sleeper; the word such sleepers sleep on ({@link Futex})    |
 *  +---------------------------------------------------------------+
 *
 *  sleeper table, one entry per process slot ({@link ProcessSlots})
 *  +---------------------------------------------------------------+
 *  |   doorbell id of slot 0's sleeping process, or 0 (long)       |  table offset + 0
 *  |   ...                                                         |
 *  |   doorbell id of slot n - 1's sleeping process, or 0 (long)   |  table offset + 8 (n - 1)
 *  +---------------------------------------------------------------+
 *
 *  entry       = doorbell id | FUTEX_SLEEPER if the process's waiters sleep on the wake sequence
 *  doorbell id = pid &lt;&lt; 32 | low 32 bits of the process's start time in ms  (never 0, bit 63 clear)
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
 * <h2>Futex sleepers</h2>
 * In a JVM that can use {@linkplain Futex futexes}, the sleeper marks its entry with {@link #FUTEX_SLEEPER}, reads the
 * wake sequence before each look, and sleeps in the kernel while the sequence still holds what it read. A waker that
 * finds such an entry raises the sequence (an atomic add, so ordered after its change) and, if it can use futexes
 * itself, wakes every futex sleeper of every process with one system call; a sleeper that read the sequence before the
 * raise does not sleep or is woken, and one that read it after looks after the change. A waker that cannot use futexes
 * (Java 17, or no native access) rings the sleeper's doorbell instead, which a thread of the sleeping JVM listens on
 * for that purpose and turns into a wake. A futex wake that finds nobody asleep in the kernel may mean a dead sleeper's
 * entry: then, at most once per {@link Backoff#DOORBELL_PARK_NANOS}, the waker rings the futex sleepers' doorbells
 * too, and clears the entries of those that fail.
 *
 * <p>A waker whose change is a release write ({@code ProcessLock}'s unlock: one atomic instruction per lock and
 * unlock instead of two; a {@code SharedQueue}'s publication of a cell) has no such order: its read of the count may
 * come before its write is seen elsewhere, and the sleeper's last look may miss the write. That window lasts as long
 * as the write takes to reach the other cores, well under a microsecond; a sleeper's first sleeps are short
 * ({@link Backoff#ringable}), so its next look, tens of microseconds later, finds the change. A ring is lost there
 * only for a sleeper that marked itself in that window.
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

    /** The bit of an entry that says its process's waiters sleep on the wake sequence. */
    static final long FUTEX_SLEEPER = 1L << 63;
    /** What a visit of an entry did ({@link EntryVisit}): rang a doorbell. */
    private static final int RANG = 1;
    /** What a visit of an entry did: found a futex sleeper of another JVM. */
    private static final int FUTEX_FOUND = 2;
    private static final VarHandle DEAD_PROBE;

    static {
        try {
            DEAD_PROBE = MethodHandles.lookup().findVarHandle(SleeperTable.class, "nextDeadProbe", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MappedSegment segment;
    private final int countOffset;
    private final int sequenceOffset;
    /** The wake sequence's address in this process, or 0 if this JVM cannot use futexes. */
    private final long sequenceAddress;
    /** When a futex wake that woke nobody may next ring the futex sleepers' doorbells to find dead ones. */
    private volatile long nextDeadProbe = System.nanoTime();
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
     * @param countOffset where the count is, a multiple of 8; the wake sequence follows it
     * @param tableOffset where the table starts, a multiple of 8
     * @param slotCount how many slots the table has, from the structure's checked header
     * @param slot this process's slot
     */
    public SleeperTable(MappedSegment segment, int countOffset, int tableOffset, int slotCount, int slot) {
        this.entryOffset = tableOffset + Long.BYTES * slot;
        this.segment = segment;
        this.countOffset = countOffset;
        this.sequenceOffset = countOffset + Long.BYTES;
        this.tableOffset = tableOffset;
        this.slotCount = slotCount;
        this.sequenceAddress = Futex.available() ? Futex.address(segment, sequenceOffset) : 0;
    }

    /** How many bytes a table of {@code slotCount} entries takes. */
    public static int tableSize(int slotCount) {
        return Long.BYTES * slotCount;
    }

    /** Whether this JVM's waiters sleep on the wake sequence, a futex, rather than on the doorbell. */
    boolean futexSleeps() {
        return sequenceAddress != 0;
    }

    /** The wake sequence: read before each look by a futex sleeper, then passed to {@link #sleep}. */
    int wakeSequence() {
        return segment.getIntVolatile(sequenceOffset);
    }

    /** Sleeps in the kernel for up to {@code nanos} while the wake sequence is {@code sequence}; see {@link Futex}. */
    void sleep(int sequence, long nanos) {
        Futex.await(sequenceAddress, sequence, nanos);
    }

    /**
     * Raises the wake sequence and wakes every futex sleeper on it, in every process.
     *
     * @return how many were asleep in the kernel
     */
    int wakeFutexSleepers() {
        segment.getAndAddInt(sequenceOffset, 1);
        return Futex.wake(sequenceAddress);
    }

    /**
     * Marks this process as sleeping, with doorbell {@code id} (tagged {@link #FUTEX_SLEEPER} if {@link #futexSleeps}
     * says so); counted per waiting room of this JVM.
     */
    synchronized void mark(long doorbellId) {
        if (localSleepers++ > 0) {
            return;
        }
        long id = futexSleeps() ? doorbellId | FUTEX_SLEEPER : doorbellId;
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
        int done = forEachEntry(count, (offset, entry) -> {
            if (Doorbell.isOwn(entry & ~FUTEX_SLEEPER)) {
                return 0; // this JVM's sleepers were woken by the local wake that comes with every change
            }
            if ((entry & FUTEX_SLEEPER) == 0) {
                return ringDoorbell(offset, entry) ? RANG : 0;
            }
            return futexSleeps() ? FUTEX_FOUND : FUTEX_FOUND | (ringDoorbell(offset, entry) ? RANG : 0);
        });
        boolean rang = (done & RANG) != 0;
        if ((done & FUTEX_FOUND) != 0) {
            rang |= wakeOnSequence(count);
        }
        if (rang) {
            // Linux may queue the woken thread on this CPU (a socket write is a "sync" wake-up, expecting this thread
            // to sleep soon; a futex wake was measured to do the same); if this thread runs on instead, the woken one
            // waits for its time slice (milliseconds). Yielding once lets it run now.
            Thread.yield();
        }
    }

    /** A look at one entry that is set: what it did, {@link #RANG} and {@link #FUTEX_FOUND} or-ed together. */
    @FunctionalInterface
    private interface EntryVisit {
        int visit(int offset, long entry);
    }

    /** Visits each entry that is set, up to {@code count} of them: what the visits did, or-ed together. */
    private int forEachEntry(long count, EntryVisit visit) {
        int done = 0;
        long found = 0;
        for (int offset = tableOffset, end = tableOffset + Long.BYTES * slotCount; offset < end && found != count;
                offset += Long.BYTES) {
            long entry = segment.getLongVolatile(offset);
            if (entry != 0) {
                found++;
                done |= visit.visit(offset, entry);
            }
        }
        return done;
    }

    /** Rings the doorbell of the process of {@code entry}, unless it is this one: whether it rang. */
    private boolean ringDoorbell(int offset, long entry) {
        long id = entry & ~FUTEX_SLEEPER;
        if (Doorbell.isOwn(id)) {
            return false;
        }
        if (Doorbell.ring(id)) {
            return true;
        }
        clear(offset, entry);
        return false;
    }

    /**
     * Raises the wake sequence, and wakes its sleepers if this JVM can; if nobody slept in the kernel, rings the futex
     * sleepers' doorbells now and then, to clear the entries of dead ones.
     *
     * @return whether a thread was woken or a doorbell rung
     */
    private boolean wakeOnSequence(long count) {
        if (!futexSleeps()) {
            segment.getAndAddInt(sequenceOffset, 1); // their doorbells rang: this makes their next look count
            return false;
        }
        if (wakeFutexSleepers() > 0) {
            return true;
        }
        long now = System.nanoTime();
        long due = nextDeadProbe;
        if (now - due < 0 || !DEAD_PROBE.compareAndSet(this, due, now + Backoff.DOORBELL_PARK_NANOS)) {
            return false;
        }
        return (forEachEntry(count, (offset, entry) ->
                (entry & FUTEX_SLEEPER) != 0 && ringDoorbell(offset, entry) ? RANG : 0) & RANG) != 0;
    }
}
