package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.ipc.JvmRegistry;
import io.github.multiprocess4j.ipc.MappedSegment;
import io.github.multiprocess4j.ipc.ProcessSlots;
import io.github.multiprocess4j.ipc.SleeperTable;
import io.github.multiprocess4j.ipc.Timeouts;
import io.github.multiprocess4j.ipc.WaitingRoom;
import java.nio.file.Path;

/**
 * One process lock as this JVM sees it, shared by all of this JVM's {@link ProcessLock} handles on it.
 *
 * <p>The segment's layout, and the token that says who holds the lock, are in {@link LockLayout}.
 *
 * <h2>Protocol</h2>
 * A JVM that starts using the lock takes a slot in the lock's owners file ({@link ProcessSlots}); slot and generation
 * make its token. Acquiring is one compare-and-set of the lock word from 0 to the token; releasing is a release-store
 * of 0. Within the JVM, the owning thread is kept in a field. A waiter that finds the word taken asks, at most every
 * {@link io.github.multiprocess4j.ipc.Backoff#PROBE_INTERVAL_NANOS}, whether the owner is alive; if it is dead, the
 * waiter replaces the dead token with its own by compare-and-set.
 *
 * <h2>Reentrant locks</h2>
 * A lock whose header has the {@link LockLayout#REENTRANT} flag lets its owning thread take it again: the word stays
 * as it is and {@link #reentries} counts the extra holds in this JVM; a release first counts them down, and only the
 * release of the first hold clears the word. A dead holder's reentries die with its JVM, so a takeover starts at one
 * hold, as for a lock that is not reentrant.
 *
 * <h2>Waiting</h2>
 * A thread spins briefly on the word; then it queues in a {@link WaitingRoom}, so that only one thread per JVM polls
 * the word. A release in this JVM wakes that thread at once. A poller that has waited long marks its process in the
 * lock's {@link SleeperTable} and sleeps; a release in another process reads the sleeper count after freeing the word
 * and wakes the marked processes (a futex wake, or their doorbells). The release is a plain release-store, so that
 * the uncontended path costs a single compare-and-set and one read of the count on the same cache line; the price is
 * that a release racing with a poller just about to sleep may be noticed only at that poller's next look, after its
 * first short sleep ({@link io.github.multiprocess4j.ipc.Backoff#ringable}). A sleeping poller asks whether
 * the owner is alive at those looks too, so a dead owner's lock is taken over within about that long.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
final class LockState implements JvmRegistry.Shared {

    /** How often a thread reads the word before it queues in the waiting room: critical sections are short. */
    static final int SPINS = 100;

    /** The state of each lock this JVM uses, so that all its handles share one slot and one owners channel. */
    private static final JvmRegistry<LockState> STATES = new JvmRegistry<>();

    private final String name;
    private final SharedMemory memory;
    private final MappedSegment segment;
    private final ProcessSlots slots;
    private final long token;
    private final Object fileKey;
    private final SleeperTable sleepers;
    private final WaitingRoom waiting;
    private final boolean reentrant;

    /** The thread of this JVM that holds the lock; only that thread writes its own identity here. */
    private Thread owner;
    /** How many times the owner took the lock again beyond its first hold; always 0 unless reentrant. */
    private int reentries;
    /** Whether the owner's hold began by taking the lock over from a dead process; written by the taker. */
    private boolean tookOver;

    private LockState(String name, SharedMemory memory, ProcessSlots slots, int slotCount, Object fileKey,
            boolean reentrant) {
        this.name = name;
        this.reentrant = reentrant;
        this.memory = memory;
        this.segment = memory.segment();
        this.slots = slots;
        this.fileKey = fileKey;
        this.token = LockLayout.token(slots.generation(), slots.slot());
        this.sleepers = new SleeperTable(segment, LockLayout.SLEEPERS_OFFSET, LockLayout.sleeperTableOffset(slotCount),
                slotCount, slots.slot());
        this.waiting = new WaitingRoom(sleepers);
    }

    /**
     * Opens (or shares) this JVM's state of the lock {@code name} in {@code directory}. A new state attaches to the
     * lock's two files only if they are this user's ({@link SharedMemory#attach(String)}'s rules).
     */
    static LockState open(Path directory, String name) {
        return SlottedSegment.open(STATES, directory, name, LockLayout.NAME_KIND, (memory, key) -> {
            int slotCount = LockLayout.checkHeader(memory.segment());
            boolean reentrant = (LockLayout.checkFlags(memory.segment()) & LockLayout.REENTRANT) != 0;
            ProcessSlots slots = SlottedSegment.claimSlot(memory, LockLayout.KIND, LockLayout.GENERATIONS_OFFSET,
                    slotCount, LockLayout.GENERATION_BITS);
            return new LockState(name, memory, slots, slotCount, key, reentrant);
        });
    }

    String name() {
        return name;
    }

    MappedSegment segment() {
        return segment;
    }

    boolean isReentrant() {
        return reentrant;
    }

    // ---- acquiring and releasing -----------------------------------------------------------------------------

    /** Takes the lock if the word is free right now. */
    boolean tryAcquireFast() {
        if (segment.compareAndSetLong(LockLayout.WORD_OFFSET, 0L, token)) {
            owner = Thread.currentThread();
            tookOver = false;
            return true;
        }
        return false;
    }

    /** Takes the lock if it is free or its owner is dead, or again if it is reentrant and held by this thread. */
    boolean tryAcquireNow() {
        return tryAcquireFast() || reenter() || takeOverIfDead(word());
    }

    /** Counts one more hold if the lock is reentrant and this thread holds it. */
    private boolean reenter() {
        if (!reentrant || owner != Thread.currentThread()) {
            return false;
        }
        if (reentries == Integer.MAX_VALUE - 1) {
            throw new IllegalStateException("ProcessLock '" + name + "' is held " + Integer.MAX_VALUE
                    + " times by the current thread already: the most it counts");
        }
        reentries++;
        return true;
    }

    /**
     * Waits for the lock.
     *
     * @param timeoutNanos how long to wait, or a negative number for as long as it takes
     * @param interruptible whether an interrupt ends the wait with {@link InterruptedException}; if not, the
     *     interrupt status is kept for the caller
     * @return whether the lock was taken, {@code false} only when the time ran out
     */
    boolean acquire(long timeoutNanos, boolean interruptible) throws InterruptedException {
        if (reenter()) {
            return true;
        }
        if (owner == Thread.currentThread()) {
            throw new IllegalStateException("the current thread holds ProcessLock '" + name
                    + "' already; it is not reentrant");
        }
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        for (int i = 0; i < SPINS; i++) {
            if (word() == 0 && tryAcquireFast()) {
                return true;
            }
            Thread.onSpinWait();
        }
        long nanos = timeoutNanos < 0 ? Timeouts.FOREVER : timeoutNanos;
        return waiting.await(probe -> {
            long word = word();
            boolean taken = word == 0 ? tryAcquireFast() : probe && takeOverIfDead(word);
            return taken ? Boolean.TRUE : null;
        }, nanos, interruptible) != null;
    }

    /** Gives the lock up; only the owning thread may. */
    void release() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException("the current thread does not hold ProcessLock '" + name + "'");
        }
        if (reentries > 0) {
            reentries--;
            return;
        }
        owner = null;
        segment.putLongRelease(LockLayout.WORD_OFFSET, 0L);
        waiting.wake();
        sleepers.ring();
    }

    /** How many times the current thread holds the lock: 0 if it does not. */
    int holdCount() {
        return owner == Thread.currentThread() ? reentries + 1 : 0;
    }

    /**
     * Gives up every hold of the current thread at once, for a condition's wait.
     *
     * @return how many holds it had, for {@link #restoreHolds}
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     */
    int releaseAll() {
        int holds = holdCount();
        if (holds == 0) {
            throw new IllegalMonitorStateException("the current thread does not hold ProcessLock '" + name + "'");
        }
        reentries = 0;
        release();
        return holds;
    }

    /** After this thread took the lock again, gives it back the holds {@link #releaseAll} counted. */
    void restoreHolds(int holds) {
        reentries = holds - 1;
    }

    /**
     * Whether the current thread's hold began by taking the lock over from a dead process.
     *
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     */
    boolean previousOwnerDied() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException("the current thread does not hold ProcessLock '" + name + "'");
        }
        return tookOver;
    }

    boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }

    boolean isLocked() {
        return word() != 0;
    }

    private long word() {
        return segment.getLongVolatile(LockLayout.WORD_OFFSET);
    }

    /** Replaces {@code word}, if it is the token of a process that has died, with this JVM's token. */
    private boolean takeOverIfDead(long word) {
        if (word == 0 || !slots.isDead(LockLayout.slotOf(word), LockLayout.generationOf(word))
                || !segment.compareAndSetLong(LockLayout.WORD_OFFSET, word, token)) {
            return false;
        }
        owner = Thread.currentThread();
        tookOver = true;
        return true;
    }

    // ---- lifetime --------------------------------------------------------------------------------------------

    /**
     * Lets go of one handle's share; the last one stops using the lock in this JVM.
     *
     * @throws IllegalStateException if it is the last and a thread of this JVM holds the lock; nothing changes then
     */
    void releaseHandle() {
        STATES.release(fileKey, this, () -> {
            if (owner != null) {
                throw new IllegalStateException("cannot close the last handle on ProcessLock '" + name
                        + "' in this JVM while one of its threads holds the lock: unlock it first");
            }
        });
    }

    /** Stops using the lock in this JVM: frees the slot and the mapping. */
    @Override
    public void close() {
        SegmentFiles.runEach(slots::close, memory::close);
    }

    @Override
    public String toString() {
        return "LockState{" + name + ", slot " + slots.slot() + ", token 0x" + Long.toHexString(token) + '}';
    }
}
