package io.github.multiprocess4j.shm;


/**
 * What this JVM holds of one shared queue, shared by all its handles here: the ring, the rooms where local threads
 * wait, and for a queue in shared memory the mapping and this process's slot ({@link AttachedQueues} counts the
 * handles and closes it with the last).
 */
final class QueueState {

    final String name;
    final Ring ring;
    final WaitingRoom getters = new WaitingRoom();
    final WaitingRoom putters = new WaitingRoom();
    final WaitingRoom joiners = new WaitingRoom();
    /** The segment, or {@code null} for a ring in heap memory (tests). */
    final SharedMemory memory;
    /** This process's slot, or {@code null} for a ring in heap memory (tests). */
    final ProcessSlots slots;
    /** The key of this state in {@link AttachedQueues}, or {@code null}. */
    final Object fileKey;
    /** Handles open on this state; guarded by {@link AttachedQueues}. */
    int references;
    private volatile boolean closed;

    QueueState(String name, Ring ring, SharedMemory memory, ProcessSlots slots, Object fileKey) {
        this.name = name;
        this.ring = ring;
        this.memory = memory;
        this.slots = slots;
        this.fileKey = fileKey;
    }

    /** A queue whose ring lives in this JVM's heap only, for tests of the protocol. */
    static QueueState inHeap(String name, Ring ring) {
        return new QueueState(name, ring, null, null, null);
    }

    /**
     * @throws IllegalStateException if this JVM has stopped using the queue
     */
    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("SharedQueue '" + name + "' is closed");
        }
    }

    /** Wakes the local pollers of every room, to look at a change that concerns all of them. */
    void wakeAll() {
        getters.wake();
        putters.wake();
        joiners.wake();
    }

    /** Stops using the queue in this JVM: waiting threads fail, the slot and the mapping are given up. */
    void close() {
        closed = true;
        wakeAll();
        if (slots != null) {
            slots.close();
        }
        if (memory != null) {
            memory.close();
        }
    }
}
