package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.ipc.MappedSegment;
import java.util.concurrent.TimeUnit;

/**
 * How a {@link ProcessSemaphore} counts its permits ({@link SemaphoreLayout}): acquire and release without the guard,
 * and the recovery that gives a dead process's permits back.
 *
 * <h2>The common path: three atomic instructions</h2>
 * Each process's entry holds how many permits it holds and how many of its operations are in flight. An acquire
 * raises the in-flight count, takes a permit from {@code available} by compare-and-set, then turns its in-flight
 * operation into a held permit (or, if none was free, takes the in-flight count back down). A release turns a held
 * permit into an in-flight operation, gives the permit to {@code available}, then lowers the in-flight count. So at
 * every instant a process's entry, in-flight operations included, covers every permit it may have taken or given, and
 * a process that dies anywhere in between leaves an entry whose in-flight count says that its last step is unknown.
 *
 * <h2>Recovery, under the guard</h2>
 * Only for a death (or damage): the recoverer sets {@link #RECOVERING} in {@code available}, which makes every fast
 * operation that has not yet changed {@code available} back out (an acquire gives up its in-flight count; a release
 * turns it back into a held permit and tries again under the guard). It then waits until no live process has an
 * operation in flight (those past their compare-and-set finish in a few instructions), clears the entries of dead
 * processes without looking at what they held, and sets {@code available} to all permits less those the live
 * processes hold, which also clears {@link #RECOVERING}. Dead processes' in-flight operations need no answer: their
 * permits come back whatever their last step was. An operation that raised its in-flight count just after the
 * recoverer looked at it sees {@link #RECOVERING} (both sides use sequentially consistent accesses: set, then look)
 * and backs out without changing what it holds.
 *
 * <p>Thread-safety: static methods; those that say so need the guard.
 */
final class SemaphoreAccounts {

    /** The bits of an entry that count held permits. */
    static final int HELD_BITS = 20;
    /** The most permits one process holds at once. */
    static final long MAX_HELD = (1L << HELD_BITS) - 1;
    /** One operation in flight, in an entry. */
    static final long PENDING_ONE = 1L << HELD_BITS;
    /** The most operations of one process in flight at once before the rest take the guarded path. */
    static final long MAX_PENDING = 2048;
    /** In {@code available}: a recovery is under way, fast operations back out. */
    static final long RECOVERING = 1L << 62;

    /** What {@link #giveBack} did. */
    enum Given { GIVEN, HOLDS_NONE, RECOVERING }

    /** How long a recovery waits for a live process's operation in flight before it takes the entry as damaged. */
    private static final long IN_FLIGHT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final int AVAILABLE = SyncLayout.fieldOffset(SemaphoreLayout.AVAILABLE);
    private static final int PERMITS = SyncLayout.fieldOffset(SemaphoreLayout.PERMITS);

    private SemaphoreAccounts() {
    }

    static long held(long entry) {
        return entry & MAX_HELD;
    }

    static long pending(long entry) {
        return (entry >>> HELD_BITS) & 0xFFF;
    }

    /** This process's entry with no permits held: its generation stamp alone. */
    static long emptyEntry(SyncState state) {
        return state.generation() << 32;
    }

    /** How many permits this process holds. */
    static long heldByMe(SyncState state) {
        long entry = state.segment().getLongVolatile(SyncLayout.entryOffset(state.slot()));
        return entry >>> 32 == state.generation() ? held(entry) : 0;
    }

    /** The available permits, without the recovery flag. */
    static long available(SyncState state) {
        return state.segment().getLongVolatile(AVAILABLE) & (RECOVERING - 1);
    }

    /**
     * Takes a permit if one is free now, without the guard.
     *
     * @return {@code false} if none is, a recovery is under way, or this process's entry is not its own (damage: the
     *     guarded path repairs it)
     */
    static boolean tryTake(SyncState state) {
        MappedSegment segment = state.segment();
        int entry = SyncLayout.entryOffset(state.slot());
        long before = segment.getAndAddLong(entry, PENDING_ONE);
        if (before >>> 32 != state.generation() || held(before) >= MAX_HELD || pending(before) >= MAX_PENDING) {
            segment.getAndAddLong(entry, -PENDING_ONE);
            return false;
        }
        while (true) {
            long available = segment.getLongVolatile(AVAILABLE);
            if ((available & RECOVERING) != 0 || available <= 0) {
                segment.getAndAddLong(entry, -PENDING_ONE);
                return false;
            }
            if (segment.compareAndSetLong(AVAILABLE, available, available - 1)) {
                segment.getAndAddLong(entry, 1 - PENDING_ONE);
                return true;
            }
        }
    }

    /** Gives back a permit this process holds, without the guard. */
    static Given giveBack(SyncState state) {
        MappedSegment segment = state.segment();
        int entry = SyncLayout.entryOffset(state.slot());
        long before;
        do {
            before = segment.getLongVolatile(entry);
            if (before >>> 32 != state.generation() || held(before) == 0) {
                return Given.HOLDS_NONE;
            }
            if (pending(before) >= MAX_PENDING) {
                return Given.RECOVERING; // so many in flight: the guarded path, in turn
            }
        } while (!segment.compareAndSetLong(entry, before, before - 1 + PENDING_ONE));
        while (true) {
            long available = segment.getLongVolatile(AVAILABLE);
            if ((available & RECOVERING) != 0) {
                segment.getAndAddLong(entry, 1 - PENDING_ONE);
                return Given.RECOVERING;
            }
            if (segment.compareAndSetLong(AVAILABLE, available, available + 1)) {
                segment.getAndAddLong(entry, -PENDING_ONE);
                return Given.GIVEN;
            }
        }
    }

    /** Adds {@code permits} to {@code available}; under the guard (no recovery is under way then). */
    static void addAvailable(SyncState state, long permits) {
        MappedSegment segment = state.segment();
        long available;
        do {
            available = segment.getLongVolatile(AVAILABLE);
        } while (!segment.compareAndSetLong(AVAILABLE, available, available + permits));
    }

    /**
     * Whether a process that holds permits or has an operation in flight has died (or this process's entry is not
     * its own): a recovery is due. Under the guard; a system call per such live process.
     */
    static boolean recoveryDue(SyncState state) {
        MappedSegment segment = state.segment();
        for (int slot = 0; slot < state.slotCount(); slot++) {
            long entry = segment.getLongVolatile(SyncLayout.entryOffset(slot));
            boolean mine = slot == state.slot();
            if (mine ? entry >>> 32 != state.generation()
                    : (entry & 0xFFFF_FFFFL) != 0 && state.isDeadEntry(slot, entry >>> 32)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Recounts {@code available} from the live processes' entries, forgetting the dead ones' (see the class comment),
     * and, if {@code stamp}, stamps this process's entry if it is not its own (not when leaving). Under the guard.
     */
    static void recover(SyncState state, boolean stamp) {
        MappedSegment segment = state.segment();
        long available;
        do {
            available = segment.getLongVolatile(AVAILABLE);
        } while ((available & RECOVERING) == 0 && !segment.compareAndSetLong(AVAILABLE, available,
                available | RECOVERING));
        long held = 0;
        for (int slot = 0; slot < state.slotCount(); slot++) {
            held += settledHeld(state, slot);
        }
        int mine = SyncLayout.entryOffset(state.slot());
        if (stamp && segment.getLongVolatile(mine) >>> 32 != state.generation()) {
            segment.putLongVolatile(mine, emptyEntry(state));
        }
        long permits = segment.getLongVolatile(PERMITS);
        segment.putLongVolatile(AVAILABLE, Math.max(0, Math.min(permits, ProcessSemaphore.MAX_PERMITS) - held));
    }

    /** What a slot's process holds once none of its operations is in flight; 0, and its entry cleared, if dead. */
    @SuppressWarnings("ThreadPriorityCheck") // a yield while another process finishes a few instructions
    private static long settledHeld(SyncState state, int slot) {
        MappedSegment segment = state.segment();
        int offset = SyncLayout.entryOffset(slot);
        long deadline = System.nanoTime() + IN_FLIGHT_WAIT_NANOS;
        while (true) {
            long entry = segment.getLongVolatile(offset);
            if (entry == 0) {
                return 0;
            }
            if (state.isDeadEntry(slot, entry >>> 32)) {
                segment.compareAndSetLong(offset, entry, 0);
                continue; // cleared, or changed meanwhile: look again
            }
            if (pending(entry) == 0 || System.nanoTime() - deadline > 0) {
                return held(entry);
            }
            Thread.yield();
        }
    }
}
