package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.ipc.Backoff;
import io.github.multiprocess4j.ipc.JvmRegistry;
import io.github.multiprocess4j.ipc.MappedSegment;
import io.github.multiprocess4j.ipc.ProcessSlots;
import io.github.multiprocess4j.ipc.SleeperTable;
import io.github.multiprocess4j.ipc.WaitingRoom;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One synchronizer between processes as this JVM sees it ({@link SyncLayout}'s frame), shared by all of this JVM's
 * handles on it: its segment, this JVM's process slot and token, the guard, and where this JVM's threads wait.
 *
 * <h2>The guard</h2>
 * Every change to a synchronizer's fields and entries that is more than one atomic instruction is made under its
 * guard: a word taken by compare-and-set from 0 to this JVM's token (after a lock that keeps this JVM's other
 * threads out) and given back by a release-store of 0. Critical sections under the guard are a few reads and writes.
 * A thread that finds the guard taken asks now and then whether its holder is alive ({@link ProcessSlots#isDead});
 * if not, it takes the guard over by compare-and-set and lets the kind's {@link Rules#repair} restore its invariants
 * before anything else, since the dead holder may have stopped half-way.
 *
 * <h2>Entries</h2>
 * Each process slot has an entry: what the process in it holds (a count of permits, its presence at a barrier),
 * stamped with its generation. An entry whose process has died, or whose generation is not the slot's current one,
 * is stale: {@link #reapDead()} clears such entries, under the guard, and says how much they held. A semaphore keeps
 * its entries its own way, mostly without the guard ({@link SemaphoreAccounts}).
 *
 * <h2>Waking other processes</h2>
 * This JVM's waiting room marks the process in the synchronizer's {@link SleeperTable} while its poller sleeps, and
 * {@link #wake()}, after every change, wakes the processes marked there: a futex wake, or their doorbells ({@link
 * io.github.multiprocess4j.ipc.Doorbell}).
 *
 * <h2>Leaving</h2>
 * When this JVM closes its last handle, or exits normally, the kind's {@link Rules#leave} runs under the guard, so
 * that what this process held is given back at once instead of when another process notices that it is gone.
 *
 * <p>Thread-safety: every method may be called from any thread; those that say so need the guard.
 */
final class SyncState implements JvmRegistry.Shared {

    /** How long leaving waits for the guard before it leaves the work to the dead-process path. */
    private static final long LEAVE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /** What a kind does where the frame cannot decide for it. */
    interface Rules {
        /**
         * Restores the kind's invariants after the guard was taken over from a dead holder; called under the guard.
         */
        void repair(SyncState state);

        /** This JVM starts using the synchronizer, after any repair; called under the guard. */
        default void arrive(SyncState state) {
        }

        /** This JVM stops using the synchronizer: gives back what it holds; called under the guard. */
        void leave(SyncState state);
    }

    /** The rules of a kind that neither uses the guard nor holds anything in its entries: nothing to do. */
    static final Rules NOTHING_HELD = new Rules() {
        @Override
        public void repair(SyncState state) {
            // the guard is not used
        }

        @Override
        public void leave(SyncState state) {
            // nothing is held
        }
    };

    private static final JvmRegistry<SyncState> STATES = new JvmRegistry<>();
    private static final Set<SyncState> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SyncState::leaveAll, "multiprocess4j-sync-leave"));
    }

    private final String name;
    private final SyncLayout.Kind kind;
    private final Rules rules;
    private final SharedMemory memory;
    private final MappedSegment segment;
    private final ProcessSlots slots;
    private final int slotCount;
    private final long token;
    private final long generation;
    private final Object fileKey;
    private final ReentrantLock localGuard = new ReentrantLock();
    private final SleeperTable sleepers;
    private final WaitingRoom waiting;
    /**
     * What a semaphore's fast path last saw in this process's entry: the value its next compare-and-set expects
     * first, before it reads the entry ({@link SemaphoreAccounts}). A hint, written and read without synchronization
     * by any thread: a wrong one costs a failed compare-and-set.
     */
    long entryHint;
    /** The rooms of threads waiting alone ({@link #awaitAlone}). */
    private final Set<WaitingRoom> ownRooms = ConcurrentHashMap.newKeySet();
    private boolean left;

    private SyncState(String name, SyncLayout.Kind kind, Rules rules, SharedMemory memory, int slotCount,
            ProcessSlots slots, Object fileKey) {
        this.name = name;
        this.kind = kind;
        this.rules = rules;
        this.memory = memory;
        this.segment = memory.segment();
        this.slotCount = slotCount;
        this.slots = slots;
        this.fileKey = fileKey;
        this.generation = slots.generation() & 0xFFFF_FFFFL;
        this.token = SyncLayout.token(generation, slots.slot());
        this.sleepers = new SleeperTable(segment, SyncLayout.SLEEPERS_OFFSET,
                SyncLayout.sleeperTableOffset(kind, slotCount), slotCount, slots.slot());
        this.waiting = new WaitingRoom(sleepers);
    }

    /**
     * Opens (or shares) this JVM's state of the {@code kind} called {@code name} in {@code directory}; its files must
     * be this user's ({@link SharedMemory#attach(String)}'s rules).
     *
     * @throws IllegalStateException if the segment holds something else, or is damaged
     */
    static SyncState open(Path directory, String name, SyncLayout.Kind kind, Rules rules) {
        SyncState state = SlottedSegment.open(STATES, directory, name, kind.nameKind, (memory, key) -> {
            int slotCount = SyncLayout.checkHeader(memory.segment(), kind);
            ProcessSlots slots = SlottedSegment.claimSlot(memory, kind.kind,
                    SyncLayout.generationsOffset(slotCount), slotCount, SyncLayout.GENERATION_BITS);
            SyncState made = new SyncState(name, kind, rules, memory, slotCount, slots, key);
            try {
                made.arrive();
            } catch (RuntimeException e) {
                slots.close();
                throw e;
            }
            OPEN.add(made);
            return made;
        });
        if (state.kind != kind) {
            state.releaseHandle();
            throw new IllegalStateException("shared memory '" + name + "' is not a " + kind.kind + ": this JVM uses it"
                    + " as a " + state.kind.kind);
        }
        return state;
    }

    String name() {
        return name;
    }

    /**
     * Starts using the synchronizer in this process: if a dead process left an entry in the slot this one took, lets
     * the kind repair (give back what it held) before this process writes its own; then lets the kind mark this
     * process present.
     */
    private void arrive() {
        guardedRun(() -> {
            long entry = segment.getLongVolatile(SyncLayout.entryOffset(slots.slot()));
            if (entry != 0 && SyncLayout.entryGenerationOf(entry) != generation) {
                rules.repair(this);
            }
            rules.arrive(this);
        });
    }

    MappedSegment segment() {
        return segment;
    }

    int parameter() {
        return segment.getInt(SyncLayout.PARAMETER_OFFSET);
    }

    int flags() {
        return segment.getInt(SyncLayout.FLAGS_OFFSET);
    }

    /** Where the kind's appended bytes start in the segment. */
    int appendedOffset() {
        return SyncLayout.appendedOffset(slotCount);
    }

    int slot() {
        return slots.slot();
    }

    long token() {
        return token;
    }

    /** This process's generation, as entries keep it (the low 32 bits). */
    long generation() {
        return generation;
    }

    int slotCount() {
        return slotCount;
    }

    /**
     * Whether the process that wrote an entry of {@code generation} (low 32 bits) in {@code slot} has died or left.
     * May take a system call.
     */
    boolean isDeadEntry(int slot, long entryGeneration) {
        return slots.isDead(slot, entryGeneration);
    }

    // ---- fields and entries ----------------------------------------------------------------------------------

    long field(int field) {
        return segment.getLongVolatile(SyncLayout.fieldOffset(field));
    }

    void setField(int field, long value) {
        segment.putLongVolatile(SyncLayout.fieldOffset(field), value);
    }

    boolean compareAndSetField(int field, long expected, long update) {
        return segment.compareAndSetLong(SyncLayout.fieldOffset(field), expected, update);
    }

    /** Sets this process's count; under the guard. */
    void setMyCount(long count) {
        segment.putLongVolatile(SyncLayout.entryOffset(slots.slot()), SyncLayout.entry(generation, count));
    }

    /** Whether the process behind {@code token} (a guard or waiter token) has died or left. May take a system call. */
    boolean isDeadToken(long otherToken) {
        return slots.isDead(SyncLayout.slotOf(otherToken), SyncLayout.generationOf(otherToken));
    }

    /**
     * Clears the entries of processes that have died or left, under the guard.
     *
     * @return the sum of their counts, or -1 if there were none (an entry's count is never 0)
     */
    long reapDead() {
        long reaped = -1;
        for (int slot = 0; slot < slotCount; slot++) {
            int offset = SyncLayout.entryOffset(slot);
            long entry = segment.getLongVolatile(offset);
            if (entry != 0 && slots.isDead(slot, SyncLayout.entryGenerationOf(entry))) {
                segment.putLongVolatile(offset, 0);
                reaped = Math.max(reaped, 0) + SyncLayout.countOf(entry);
            }
        }
        return reaped;
    }

    // ---- the guard -------------------------------------------------------------------------------------------

    /** Runs {@code body} under the guard. */
    <T> T guarded(Supplier<T> body) {
        return guardedWithin(Long.MAX_VALUE, body);
    }

    /** Runs {@code body} under the guard. */
    void guardedRun(Runnable body) {
        guarded(() -> {
            body.run();
            return null;
        });
    }

    /**
     * Runs {@code body} under the guard if it can be had within {@code nanos}.
     *
     * @return what {@code body} returned, or {@code null} if the guard could not be had in time
     */
    private <T> T guardedWithin(long nanos, Supplier<T> body) {
        boolean interrupted = Thread.interrupted();
        try {
            if (!localGuard.tryLock(nanos, TimeUnit.NANOSECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            throw new AssertionError("the interrupt status was cleared", e);
        }
        try {
            Boolean tookOver = acquireGuard(nanos);
            if (tookOver == null) {
                return null;
            }
            try {
                if (tookOver) {
                    rules.repair(this);
                }
                return body.get();
            } finally {
                segment.putLongRelease(SyncLayout.GUARD_OFFSET, 0L);
            }
        } finally {
            localGuard.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Takes the guard word: {@code false} if it was free, {@code true} if taken over, {@code null} if no time. */
    private Boolean acquireGuard(long nanos) {
        if (segment.compareAndSetLong(SyncLayout.GUARD_OFFSET, 0L, token)) {
            return Boolean.FALSE; // the usual case, before reading the clock, which costs as much as the rest
        }
        long deadline = System.nanoTime() + nanos;
        Backoff backoff = null;
        while (true) {
            long word = segment.getLongVolatile(SyncLayout.GUARD_OFFSET);
            if (word == 0) {
                if (segment.compareAndSetLong(SyncLayout.GUARD_OFFSET, 0L, token)) {
                    return Boolean.FALSE;
                }
                continue;
            }
            if (backoff == null) {
                backoff = new Backoff();
            } else if (backoff.probeDue() && isDeadToken(word)
                    && segment.compareAndSetLong(SyncLayout.GUARD_OFFSET, word, token)) {
                return Boolean.TRUE;
            }
            long left = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            backoff.idle(left);
        }
    }

    // ---- waiting ---------------------------------------------------------------------------------------------

    WaitingRoom waiting() {
        return waiting;
    }

    /**
     * Waits as {@link WaitingRoom#await} does, but in a room of this thread's own, for a wait that only this thread's
     * attempt can end (a condition's ticket): in the shared room, it would hold up the waiters behind it. Woken, as
     * the shared room is, by {@link #wake()} in this JVM and by the doorbell from other processes.
     */
    <T> T awaitAlone(WaitingRoom.Attempt<T> attempt, long nanos, boolean interruptible) throws InterruptedException {
        WaitingRoom own = new WaitingRoom(sleepers);
        ownRooms.add(own);
        try {
            return own.await(attempt, nanos, interruptible);
        } finally {
            ownRooms.remove(own);
        }
    }

    /** Whether a waiter of any process sleeps marked on this synchronizer ({@link SleeperTable#anyoneAsleep()}). */
    boolean anyoneAsleep() {
        return sleepers.anyoneAsleep();
    }

    /**
     * Wakes the waiters of every process: something changed. Call it after the change, made by a volatile write or a
     * compare-and-set ({@link SleeperTable}'s protocol); costs one read of shared memory when no other process has a
     * waiter asleep.
     */
    void wake() {
        waiting.wake();
        if (!ownRooms.isEmpty()) {
            ownRooms.forEach(WaitingRoom::wake);
        }
        sleepers.ring();
    }

    // ---- lifetime --------------------------------------------------------------------------------------------

    /** Lets go of one handle's share; the last one leaves and stops using the synchronizer in this JVM. */
    void releaseHandle() {
        STATES.release(fileKey, this, () -> {
        });
    }

    /** Gives back what this JVM holds, once, if the guard can be had soon: otherwise its death will be noticed. */
    private synchronized void leave() {
        if (!left) {
            left = true;
            guardedWithin(LEAVE_WAIT_NANOS, () -> {
                rules.leave(this);
                return Boolean.TRUE;
            });
            wake();
        }
    }

    private static void leaveAll() {
        for (SyncState state : OPEN) {
            try {
                state.leave();
            } catch (RuntimeException e) {
                // the JVM is exiting: the others will see this process gone
            }
        }
    }

    /** Stops using the synchronizer in this JVM: gives back what it holds, frees the slot and the mapping. */
    @Override
    public void close() {
        OPEN.remove(this);
        SegmentFiles.runEach(this::leave, slots::close, memory::close);
    }

    @Override
    public String toString() {
        return "SyncState{" + kind.kind + " " + name + ", slot " + slots.slot() + '}';
    }
}
