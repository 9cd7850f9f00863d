package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.ipc.MappedSegment;
import java.util.concurrent.TimeUnit;

/**
 * How a {@link ProcessSemaphore} counts its permits ({@link SemaphoreLayout}): acquire and release without the guard,
 * and the recovery that gives a dead process's permits back.
 *
 * <h2>Through {@code available}: three atomic instructions</h2>
 * Each process's entry holds how many permits it holds and how many of its operations are in flight. An acquire
 * raises the in-flight count, takes a permit from {@code available} by compare-and-set, then turns its in-flight
 * operation into a held permit (or, if none was free, takes the in-flight count back down). A release turns a held
 * permit into an in-flight operation, gives the permit to {@code available}, then lowers the in-flight count. So at
 * every instant a process's entry, in-flight operations included, covers every permit it may have taken or given, and
 * a process that dies anywhere in between leaves an entry whose in-flight count says that its last step is unknown.
 *
 * <h2>The reserved permit: one atomic instruction</h2>
 * A process's release keeps the permit in its entry, marked reserved ({@link #RESERVED}), if none is reserved yet and
 * no process sleeps on the semaphore; its next acquire takes it back by one compare-and-set of its own entry, a cache
 * line no other process writes in the meantime. A reserved permit is still free for others: a process that finds
 * {@code available} empty takes one from another entry ({@link #takeReservedOfAnother}) as an acquire takes one from
 * {@code available}, with its own in-flight count raised around the move. The releaser reads the sleeper count after
 * reserving (sequentially consistent, as a sleeper marks itself before its last look): if a process sleeps, it takes
 * the permit back out of its entry and releases it to {@code available}, which rings the sleepers. A reserved permit
 * counts as held, so a process that dies with one gives it back like any other.
 *
 * <h2>Recovery, under the guard</h2>
 * Only for a death (or damage): the recoverer sets {@link #RECOVERING} in {@code available}, which makes every fast
 * operation that has not yet changed {@code available} or another entry back out (an acquire gives up its in-flight
 * count; a release turns it back into a held permit and tries again under the guard). It then waits until no live
 * process has an operation in flight (those past their compare-and-set finish in a few instructions) and clears the
 * entries of dead processes without looking at what they held; only then, with every held count settled (taking a
 * reserved permit of another entry moves one between two entries), it sets {@code available} to all permits less those
 * the live processes hold, which also clears {@link #RECOVERING}. Reserving and taking back one's own reserved permit
 * change no held count and go on meanwhile. Dead processes' in-flight operations need no answer: their
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
    /** The bit of an entry that says one of its held permits is reserved. */
    static final long RESERVED = 1L << HELD_BITS;
    /** One operation in flight, in an entry. */
    static final long PENDING_ONE = RESERVED << 1;
    /** The most operations of one process in flight at once before the rest take the guarded path. */
    static final long MAX_PENDING = 1024;
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
        return (entry >>> (HELD_BITS + 1)) & 0x7FF;
    }

    /** How many of an entry's held permits are in use: not reserved. */
    static long inUse(long entry) {
        return held(entry) - ((entry & RESERVED) >>> HELD_BITS);
    }

    /** This process's entry with no permits held: its generation stamp alone. */
    static long emptyEntry(SyncState state) {
        return state.generation() << 32;
    }

    /** How many permits this process holds, its reserved one aside. */
    static long heldByMe(SyncState state) {
        long entry = state.segment().getLongVolatile(SyncLayout.entryOffset(state.slot()));
        return entry >>> 32 == state.generation() ? inUse(entry) : 0;
    }

    /** The permits no process uses: those available, without the recovery flag, and those reserved. */
    static long available(SyncState state) {
        MappedSegment segment = state.segment();
        long free = segment.getLongVolatile(AVAILABLE) & (RECOVERING - 1);
        for (int slot = 0; slot < state.slotCount(); slot++) {
            free += (segment.getLongVolatile(SyncLayout.entryOffset(slot)) & RESERVED) >>> HELD_BITS;
        }
        return free;
    }

    /**
     * Takes a permit if one is free now, without the guard: this process's reserved one, one from {@code available},
     * or another process's reserved one.
     *
     * @return {@code false} if none is, a recovery is under way, or this process's entry is not its own (damage: the
     *     guarded path repairs it)
     */
    static boolean tryTake(SyncState state) {
        return takeOwnReserved(state) || takeAvailable(state) || takeReservedOfAnother(state);
    }

    /** Takes this process's reserved permit back, if it has one: one compare-and-set of its own entry. */
    private static boolean takeOwnReserved(SyncState state) {
        MappedSegment segment = state.segment();
        int entry = SyncLayout.entryOffset(state.slot());
        long before = state.entryHint;
        if ((before & RESERVED) == 0 || !segment.compareAndSetLong(entry, before, before & ~RESERVED)) {
            do {
                before = segment.getLongVolatile(entry);
                if ((before & RESERVED) == 0 || before >>> 32 != state.generation()) {
                    return false;
                }
            } while (!segment.compareAndSetLong(entry, before, before & ~RESERVED));
        }
        state.entryHint = before & ~RESERVED;
        return true;
    }

    /**
     * Keeps a permit this process releases in its entry, reserved for its next acquire, if it has none reserved and
     * no process sleeps on the semaphore (see the class comment); the caller releases it the usual way otherwise.
     *
     * @return whether the permit is released: reserved, or taken by another process at once
     */
    static boolean reserve(SyncState state) {
        MappedSegment segment = state.segment();
        int entry = SyncLayout.entryOffset(state.slot());
        long before = state.entryHint;
        if (!mayReserve(state, before) || !segment.compareAndSetLong(entry, before, before | RESERVED)) {
            before = segment.getLongVolatile(entry);
            if (!mayReserve(state, before) || !segment.compareAndSetLong(entry, before, before | RESERVED)) {
                return false;
            }
        }
        state.entryHint = before | RESERVED;
        if (!state.anyoneAsleep()) {
            return true;
        }
        return !takeOwnReserved(state); // a process sleeps: release it to available, which rings; unless taken
    }

    private static boolean mayReserve(SyncState state, long entry) {
        return (entry & RESERVED) == 0 && held(entry) != 0 && entry >>> 32 == state.generation();
    }

    /**
     * Takes another process's reserved permit, if one has one: the permit moves from that entry to this one, with
     * this process's in-flight count raised around the move, as {@link #takeAvailable} does.
     */
    private static boolean takeReservedOfAnother(SyncState state) {
        MappedSegment segment = state.segment();
        int own = SyncLayout.entryOffset(state.slot());
        for (int slot = 0; slot < state.slotCount(); slot++) {
            int offset = SyncLayout.entryOffset(slot);
            long other = segment.getLongVolatile(offset);
            if ((other & RESERVED) == 0 || offset == own) {
                continue;
            }
            if (!beginOperation(state, own)) {
                return false;
            }
            if ((segment.getLongVolatile(AVAILABLE) & RECOVERING) != 0) {
                segment.getAndAddLong(own, -PENDING_ONE);
                return false;
            }
            if (segment.compareAndSetLong(offset, other, other - RESERVED - 1)) {
                segment.getAndAddLong(own, 1 - PENDING_ONE);
                return true;
            }
            segment.getAndAddLong(own, -PENDING_ONE); // taken or changed meanwhile: look at the next
        }
        return false;
    }

    /**
     * Raises this process's in-flight count for an acquire, or backs out if its entry is not its own or is full.
     *
     * @return whether the operation may go on
     */
    private static boolean beginOperation(SyncState state, int entry) {
        MappedSegment segment = state.segment();
        long before = segment.getAndAddLong(entry, PENDING_ONE);
        if (before >>> 32 != state.generation() || held(before) >= MAX_HELD || pending(before) >= MAX_PENDING) {
            segment.getAndAddLong(entry, -PENDING_ONE);
            return false;
        }
        return true;
    }

    /** Takes a permit from {@code available}, if one is there. */
    private static boolean takeAvailable(SyncState state) {
        MappedSegment segment = state.segment();
        int entry = SyncLayout.entryOffset(state.slot());
        if (!beginOperation(state, entry)) {
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
            if (before >>> 32 != state.generation() || inUse(before) == 0) {
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
        for (int slot = 0; slot < state.slotCount(); slot++) {
            settle(state, slot);
        }
        long held = 0;
        for (int slot = 0; slot < state.slotCount(); slot++) {
            held += held(segment.getLongVolatile(SyncLayout.entryOffset(slot)));
        }
        int mine = SyncLayout.entryOffset(state.slot());
        if (stamp && segment.getLongVolatile(mine) >>> 32 != state.generation()) {
            segment.putLongVolatile(mine, emptyEntry(state));
        }
        long permits = segment.getLongVolatile(PERMITS);
        segment.putLongVolatile(AVAILABLE, Math.max(0, Math.min(permits, ProcessSemaphore.MAX_PERMITS) - held));
    }

    /** Waits until none of a slot's process's operations is in flight; clears its entry if it is dead. */
    @SuppressWarnings("ThreadPriorityCheck") // a yield while another process finishes a few instructions
    private static void settle(SyncState state, int slot) {
        MappedSegment segment = state.segment();
        int offset = SyncLayout.entryOffset(slot);
        long deadline = System.nanoTime() + IN_FLIGHT_WAIT_NANOS;
        while (true) {
            long entry = segment.getLongVolatile(offset);
            if (entry == 0) {
                return;
            }
            if (state.isDeadEntry(slot, entry >>> 32)) {
                segment.compareAndSetLong(offset, entry, 0);
                continue; // cleared, or changed meanwhile: look again
            }
            if (pending(entry) == 0 || System.nanoTime() - deadline > 0) {
                return;
            }
            Thread.yield();
        }
    }
}
