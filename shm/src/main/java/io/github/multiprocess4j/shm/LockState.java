package io.github.multiprocess4j.shm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One process lock as this JVM sees it, shared by all of this JVM's {@link ProcessLock} handles on it.
 *
 * <h2>Layout of the lock's segment</h2>
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   magic 'MP4L' (0x4C34504D)                   |   0  written last by the creator
 *  +---------------------------------------------------------------+
 *  |                        layout version (1)                     |   4
 *  +---------------------------------------------------------------+
 *  |                     slot count (n, 1..65535)                  |   8
 *  +---------------------------------------------------------------+
 *  |                          reserved (0)                         |  12 .. 63
 *  +---------------------------------------------------------------+
 *  |                        lock word (long)                       |  64  0 = free, else the owner's token
 *  +---------------------------------------------------------------+
 *  |                          reserved (0)                         |  72 .. 127, own cache line
 *  +---------------------------------------------------------------+
 *  |                 generation of slot 0 (long)                   | 128
 *  |                              ...                              |
 *  |               generation of slot n - 1 (long)                 | 128 + 8 (n - 1)
 *  +---------------------------------------------------------------+
 *
 *  token (long) = generation &lt;&lt; 16 | slot      (generation 1..2^48 - 1, so a token is never 0)
 * </pre>
 * All numbers are in native byte order.
 *
 * <h2>Protocol</h2>
 * A JVM that starts using the lock claims a slot in the owners file ({@link OwnerSlots}) and increments that
 * slot's generation; slot and generation make its token. Acquiring is one compare-and-set of the lock word from
 * 0 to the token; releasing is a release-store of 0. Within the JVM, the owning thread is kept in a field.
 * A waiter that finds the word taken checks, at most every {@link #PROBE_INTERVAL_NANOS}, whether the owner is
 * alive: the owner is dead if its slot has a newer generation (another process took the slot after it died) or if
 * nobody holds the slot's file lock; then the waiter replaces the dead token with its own by compare-and-set.
 *
 * <h2>Waiting</h2>
 * A thread spins briefly on the word; then it queues on a JVM-local gate, so that only one thread per JVM polls
 * the word. That thread backs off from spinning to parking ({@link Backoff}); a release in this JVM unparks it at
 * once, a release in another process is noticed at the next poll (at most {@link Backoff#MAX_PARK_NANOS} later).
 * The release is a plain release-store, so that the uncontended path costs a single compare-and-set; the price is
 * that a release racing with a poller just about to park may be noticed only at that poller's next poll.
 */
final class LockState {

    static final String KIND = "ProcessLock";
    static final int MAGIC = 0x4C34504D;
    static final int VERSION = 1;
    static final int SLOT_COUNT_OFFSET = 8;
    static final int WORD_OFFSET = 64;
    static final int GENERATIONS_OFFSET = 128;
    static final int DEFAULT_SLOT_COUNT = 1024;
    static final int MAX_SLOT_COUNT = 0xFFFF;
    static final long PROBE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** The largest generation a token holds: 48 bits, above the slot's 16. */
    static final long MAX_GENERATION = (1L << 48) - 1;

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class,
            ByteOrder.nativeOrder());

    private final String name;
    private final SharedMemory memory;
    private final ByteBuffer mapping;
    private final OwnerSlots slots;
    private final int slotCount;
    private final int slot;
    private final long token;
    private final Object fileKey;
    /** Lets one thread of this JVM at a time wait on the word; the others park here, woken in turn. */
    private final ReentrantLock gate = new ReentrantLock();

    /** The thread of this JVM that holds the lock; only that thread writes its own identity here. */
    private Thread owner;
    /** The thread that polls the word, so that a release in this JVM can wake it. */
    private volatile Thread poller;
    /** Handles open on this state in this JVM; guarded by {@link LockRegistry}. */
    int references;

    LockState(String name, SharedMemory memory, OwnerSlots slots, Object fileKey) {
        this.name = name;
        this.memory = memory;
        this.mapping = memory.mapping();
        this.slots = slots;
        this.fileKey = fileKey;
        this.slotCount = checkHeader(memory);
        this.slot = slots.claim(slotCount);
        long generation = memory.getAndAddLong(generationOffset(slot), 1) + 1;
        this.token = checkGeneration(memory, slot, generation) << 16 | slot;
    }

    /**
     * A generation outside {@code 1..}{@link #MAX_GENERATION} can only come from a damaged segment, and would make a
     * token that other processes misread: 0 for slot 0, which is the free word, so that the lock would not exclude.
     */
    private static long checkGeneration(SharedMemory memory, int slot, long generation) {
        if (generation < 1 || generation > MAX_GENERATION) {
            throw SegmentHeaders.notA(memory, KIND, "the generation of its slot " + slot + " is " + generation
                    + ", outside 1.." + MAX_GENERATION + ": its segment is damaged");
        }
        return generation;
    }

    /** The size of a lock segment with {@code slotCount} slots. */
    static int segmentSize(int slotCount) {
        return GENERATIONS_OFFSET + Long.BYTES * slotCount;
    }

    /** Writes the header of a new lock segment, the magic number last. */
    static void initialize(SharedMemory memory, int slotCount) {
        memory.putInt(SegmentHeaders.VERSION_OFFSET, VERSION);
        memory.putInt(SLOT_COUNT_OFFSET, slotCount);
        SegmentHeaders.publish(memory, MAGIC);
    }

    private static int checkHeader(SharedMemory memory) {
        SegmentHeaders.check(memory, KIND, GENERATIONS_OFFSET, MAGIC, VERSION);
        int slotCount = memory.getInt(SLOT_COUNT_OFFSET);
        if (slotCount < 1 || slotCount > MAX_SLOT_COUNT || segmentSize(slotCount) > memory.size()) {
            throw SegmentHeaders.notA(memory, KIND, "its slot count " + slotCount + " does not fit its "
                    + memory.size() + " bytes");
        }
        return slotCount;
    }

    private static int generationOffset(int slot) {
        return GENERATIONS_OFFSET + Long.BYTES * slot;
    }

    String name() {
        return name;
    }

    Object fileKey() {
        return fileKey;
    }

    Path file() {
        return memory.file();
    }

    // ---- acquiring and releasing -----------------------------------------------------------------------------

    /** Takes the lock if the word is free right now. */
    boolean tryAcquireFast() {
        if (LONGS.compareAndSet(mapping, WORD_OFFSET, 0L, token)) {
            owner = Thread.currentThread();
            return true;
        }
        return false;
    }

    /** Takes the lock if it is free or its owner is dead; never waits. */
    boolean tryAcquireNow() {
        if (tryAcquireFast()) {
            return true;
        }
        long word = word();
        return word != 0 && ownerIsDead(word) && steal(word);
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
        Thread current = Thread.currentThread();
        if (owner == current) {
            throw new IllegalStateException("the current thread holds ProcessLock '" + name
                    + "' already; it is not reentrant");
        }
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        boolean timed = timeoutNanos >= 0;
        long deadline = System.nanoTime() + timeoutNanos;
        for (int i = 0; i < Backoff.SPINS; i++) {
            if (word() == 0 && tryAcquireFast()) {
                return true;
            }
            Thread.onSpinWait();
        }
        boolean wasInterrupted = false;
        if (!timed && !interruptible) {
            gate.lock();
        } else if (!gate.tryLock(timed ? remaining(deadline) : Long.MAX_VALUE, TimeUnit.NANOSECONDS)) {
            return false;
        }
        try {
            poller = current;
            Backoff backoff = new Backoff();
            long nextProbe = System.nanoTime();
            while (true) {
                long word = word();
                if (word == 0) {
                    if (tryAcquireFast()) {
                        return true;
                    }
                    continue;
                }
                if (backoff.parking() && System.nanoTime() - nextProbe >= 0) {
                    nextProbe = System.nanoTime() + PROBE_INTERVAL_NANOS;
                    if (ownerIsDead(word) && steal(word)) {
                        return true;
                    }
                }
                if (timed && remaining(deadline) <= 0) {
                    return false;
                }
                if (Thread.interrupted()) {
                    if (interruptible) {
                        throw new InterruptedException();
                    }
                    wasInterrupted = true;
                }
                backoff.idle(timed ? remaining(deadline) : Backoff.MAX_PARK_NANOS);
            }
        } finally {
            poller = null;
            gate.unlock();
            if (wasInterrupted) {
                current.interrupt();
            }
        }
    }

    /** Gives the lock up; only the owning thread may. */
    void release() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException("the current thread does not hold ProcessLock '" + name + "'");
        }
        owner = null;
        LONGS.setRelease(mapping, WORD_OFFSET, 0L);
        Thread waiting = poller;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }

    boolean isHeldInThisJvm() {
        return owner != null;
    }

    boolean isLocked() {
        return word() != 0;
    }

    private long word() {
        return (long) LONGS.getVolatile(mapping, WORD_OFFSET);
    }

    private boolean steal(long deadToken) {
        if (LONGS.compareAndSet(mapping, WORD_OFFSET, deadToken, token)) {
            owner = Thread.currentThread();
            return true;
        }
        return false;
    }

    /** Whether the process whose token is {@code word} has died (or stopped using the lock). */
    private boolean ownerIsDead(long word) {
        int ownerSlot = (int) (word & 0xFFFF);
        long generation = word >>> 16;
        if (ownerSlot == slot) {
            return word != token;
        }
        if (ownerSlot >= slotCount) {
            return true;
        }
        return (long) LONGS.getVolatile(mapping, generationOffset(ownerSlot)) != generation
                || slots.isFree(ownerSlot);
    }

    private static long remaining(long deadline) {
        return deadline - System.nanoTime();
    }

    /** Stops using the lock in this JVM: frees the slot and the mapping. */
    void close() {
        slots.close();
        memory.close();
    }

    @Override
    public String toString() {
        return "LockState{" + name + ", slot " + slot + ", token 0x" + Long.toHexString(token) + '}';
    }
}
