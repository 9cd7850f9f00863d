package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.ipc.JvmRegistry;
import io.github.multiprocess4j.ipc.MappedSegment;
import io.github.multiprocess4j.ipc.ProcessSlots;
import io.github.multiprocess4j.ipc.SegmentHeader;
import io.github.multiprocess4j.ipc.SleeperTable;
import io.github.multiprocess4j.ipc.WaitingRoom;
import java.nio.file.Path;

/**
 * What this JVM holds of one shared queue, shared by all its handles here: the ring, the rooms where local threads
 * wait, and for a queue in shared memory the mapping and this process's slot. A registry counts the handles on each
 * queue this JVM uses and closes its state with the last.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
final class QueueState implements JvmRegistry.Shared {

    /** The state of each queue this JVM uses, so that all its handles share one mapping and one process slot. */
    private static final JvmRegistry<QueueState> STATES = new JvmRegistry<>();

    final String name;
    final Ring ring;
    final WaitingRoom getters;
    final WaitingRoom putters;
    final WaitingRoom joiners;
    /** The processes whose getters sleep, or {@code null} for a ring in heap memory; likewise the next two. */
    private final SleeperTable getterSleepers;
    private final SleeperTable putterSleepers;
    private final SleeperTable joinerSleepers;
    /** The segment, or {@code null} for a ring in heap memory (tests). */
    final SharedMemory memory;
    /** This process's slot, or {@code null} for a ring in heap memory (tests). */
    private final ProcessSlots slots;
    /** This process's tokens in the ring's claims, or {@code null} for a ring in heap memory (tests). */
    final QueueOwners owners;
    /** The key of this state in the registry, or {@code null} for a ring in heap memory. */
    private final Object fileKey;
    private volatile boolean closed;

    private QueueState(String name, Ring ring, SharedMemory memory, ProcessSlots slots, QueueOwners owners,
            Object fileKey) {
        this.name = name;
        this.ring = ring;
        this.memory = memory;
        this.slots = slots;
        this.owners = owners;
        this.fileKey = fileKey;
        this.getterSleepers = sleepers(RingLayout.GETTERS_ASLEEP);
        this.putterSleepers = sleepers(RingLayout.PUTTERS_ASLEEP);
        this.joinerSleepers = sleepers(RingLayout.JOINERS_ASLEEP);
        this.getters = new WaitingRoom(getterSleepers);
        this.putters = new WaitingRoom(putterSleepers);
        this.joiners = new WaitingRoom(joinerSleepers);
    }

    private SleeperTable sleepers(int asleepOffset) {
        if (memory == null) {
            return null;
        }
        int slotCount = ring.slotCount();
        return new SleeperTable(memory.segment(), asleepOffset, RingLayout.sleeperTableOffset(slotCount, asleepOffset),
                slotCount, slots.slot());
    }

    /** A queue whose ring lives in this JVM's heap only, for tests of the protocol. */
    static QueueState inHeap(String name, Ring ring) {
        return new QueueState(name, ring, null, null, null, null);
    }

    /** Creates a queue in a new segment and its owners file ({@code name} {@code null} for a fresh random name). */
    static QueueState create(Path directory, String name, RingLayout layout) {
        return SlottedSegment.create(directory, name, RingLayout.NAME_KIND, SharedMemory.NAME_PREFIX,
                (int) layout.segmentSize(), segment -> {
                    layout.initialize(new MappedRingMemory(segment));
                    SegmentHeader.publish(segment, RingLayout.MAGIC);
                }, made -> open(directory, made));
    }

    /**
     * Opens (or shares) this JVM's state of the queue {@code name} in {@code directory}. A new state attaches to the
     * queue's two files only if they are this user's ({@link SharedMemory#attach(String)}'s rules).
     */
    static QueueState open(Path directory, String name) {
        return SlottedSegment.open(STATES, directory, name, RingLayout.NAME_KIND, (memory, key) -> {
            MappedSegment segment = memory.segment();
            RingLayout layout = RingLayout.read(segment);
            ProcessSlots slots = SlottedSegment.claimSlot(memory, RingLayout.KIND, RingLayout.GENERATIONS,
                    layout.slotCount, QueueOwners.GENERATION_BITS);
            QueueOwners owners = new QueueOwners(slots);
            Ring ring = new Ring(name, new MappedRingMemory(segment), layout, owners);
            return new QueueState(name, ring, memory, slots, owners, key);
        });
    }

    /**
     * @throws IllegalStateException if this JVM has stopped using the queue
     */
    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("SharedQueue '" + name + "' is closed");
        }
    }

    /**
     * Waits in {@code room} until {@code attempt} succeeds, the time runs out or the thread is interrupted, checking
     * before each attempt that this JVM still uses the queue.
     *
     * @return the result, or {@code null} if the time ran out first
     */
    <T> T await(WaitingRoom room, WaitingRoom.Attempt<T> attempt, long nanos) throws InterruptedException {
        return room.await(probe -> {
            checkOpen();
            return attempt.attempt(probe);
        }, nanos, true);
    }

    /**
     * Wakes the getters of every process: elements were put. Call it after the put ({@link SleeperTable}'s protocol);
     * costs one read of shared memory when no getter of another process sleeps.
     */
    void wakeGetters() {
        getters.wake();
        ring(getterSleepers);
    }

    /** Wakes the putters of every process, as {@link #wakeGetters()} does the getters: cells were freed. */
    void wakePutters() {
        putters.wake();
        ring(putterSleepers);
    }

    /**
     * Wakes the joiners of this process, and those of other processes once no task is unfinished: tasks were counted
     * done. A {@code join()} waits for that count alone, so the others are not rung for each task.
     */
    void wakeJoiners() {
        joiners.wake();
        if (joinerSleepers != null && joinerSleepers.anyoneAsleep() && ring.unfinished() == 0) {
            joinerSleepers.ring();
        }
    }

    /** Wakes every waiter of every process: the queue was shut down. */
    void wakeEverywhere() {
        wakeAll();
        ring(getterSleepers);
        ring(putterSleepers);
        ring(joinerSleepers);
    }

    private static void ring(SleeperTable sleepers) {
        if (sleepers != null) {
            sleepers.ring();
        }
    }

    /** Wakes the local pollers of every room, to look at a change that concerns all of them. */
    private void wakeAll() {
        getters.wake();
        putters.wake();
        joiners.wake();
    }

    /** Lets go of one handle's share; the last one stops using the queue in this JVM. */
    void releaseHandle() {
        if (fileKey != null) {
            STATES.release(fileKey, this, () -> { });
        }
    }

    /** Stops using the queue in this JVM: waiting threads fail, the slot and the mapping are given up. */
    @Override
    public void close() {
        closed = true;
        wakeAll();
        SegmentFiles.runEach(slots::close, memory::close);
    }
}
