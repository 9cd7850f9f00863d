package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.ipc.MappedSegment;
import io.github.multiprocess4j.ipc.ProcessSlots;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongUnaryOperator;

/**
 * What the four typed shared values have in common ({@link SharedLong}, {@link SharedDouble},
 * {@link SharedLongArray}, {@link SharedDoubleArray}): a segment of 8-byte elements laid out as
 * {@link ValuesLayout} says, the {@link ProcessLock} {@code <name>.lock} that guards {@code update}s and that callers
 * hold to group several operations (Python's {@code get_lock()}), their lifetime and their travel by name.
 *
 * <p>Elements are read and written as {@code long} bits with volatile semantics and changed atomically by
 * compare-and-set or get-and-add, across threads and processes; a {@code double} is its IEEE 754 bits.
 *
 * <p>Thread-safety: every method may be called from any number of threads.
 */
abstract class SharedNumbers implements SharedResource, Serializable {

    private static final long serialVersionUID = 1L;

    /** The suffix of the lock's name. */
    static final String LOCK_SUFFIX = ".lock";
    /** The longest suffix of the files: that of the lock's owners file. */
    static final String LONGEST_SUFFIX = LOCK_SUFFIX + ProcessSlots.OWNERS_SUFFIX;

    private final transient ValuesLayout.Type type;
    private final transient SharedMemory memory;
    private final transient ProcessLock lock;
    private final transient int length;

    /** A segment and its lock, created or attached to, checked. */
    static final class Opened {
        final ValuesLayout.Type type;
        final SharedMemory memory;
        final ProcessLock lock;
        final int length;

        private Opened(ValuesLayout.Type type, SharedMemory memory, ProcessLock lock, int length) {
            this.type = type;
            this.memory = memory;
            this.lock = lock;
            this.length = length;
        }
    }

    SharedNumbers(Opened opened) {
        this.type = opened.type;
        this.memory = opened.memory;
        this.lock = opened.lock;
        this.length = opened.length;
    }

    /**
     * Creates the segment ({@code name}, or a fresh one if {@code null}) holding {@code initialBits}, and its lock;
     * publishes it last. If anything fails, nothing is left behind.
     */
    static Opened create(Path directory, String name, ValuesLayout.Type type, long[] initialBits) {
        if (name != null) {
            SegmentFiles.checkName(name, type.kind, LONGEST_SUFFIX);
        }
        int length = ValuesLayout.checkLength(type, initialBits.length);
        SharedMemory memory = SharedMemory.create(directory, name, type.namePrefix, ValuesLayout.segmentSize(length));
        ProcessLock lock = null;
        try {
            MappedSegment segment = memory.segment();
            ValuesLayout.initialize(segment, type, length);
            for (int i = 0; i < length; i++) {
                segment.putLong(ValuesLayout.offset(i), initialBits[i]);
            }
            lock = ProcessLock.create(directory, memory.name() + LOCK_SUFFIX);
            ValuesLayout.publish(segment);
            return new Opened(type, memory, lock, length);
        } catch (RuntimeException e) {
            throw SharedObject.closedAfter(e, lock, memory);
        }
    }

    /** Attaches to the segment {@code name} and its lock, if they are this user's and hold a {@code type}. */
    static Opened attach(Path directory, String name, ValuesLayout.Type type) {
        SegmentFiles.checkName(Objects.requireNonNull(name, "name"), type.kind, LONGEST_SUFFIX);
        SharedMemory memory = SharedMemory.attach(directory, name);
        try {
            int length = ValuesLayout.checkHeader(memory.segment(), type);
            return new Opened(type, memory, ProcessLock.attach(directory, name + LOCK_SUFFIX), length);
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
    }

    // ---- elements, as bits -----------------------------------------------------------------------------------

    /** The number of elements. */
    final int elements() {
        return length;
    }

    /** The offset of element {@code index}, checked. */
    final int offsetOf(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " is out of bounds for " + type.kind + " '"
                    + name() + "' of " + length + (length == 1 ? " element" : " elements"));
        }
        return ValuesLayout.offset(index);
    }

    /** The mapping. @throws IllegalStateException if the handle is closed */
    final MappedSegment segment() {
        return memory.segment();
    }

    final long bits(int index) {
        return segment().getLongVolatile(offsetOf(index));
    }

    final void setBits(int index, long bits) {
        segment().putLongVolatile(offsetOf(index), bits);
    }

    final boolean compareAndSetBits(int index, long expected, long update) {
        return segment().compareAndSetLong(offsetOf(index), expected, update);
    }

    final long getAndAddLong(int index, long delta) {
        return segment().getAndAddLong(offsetOf(index), delta);
    }

    /** Adds to a double element by compare-and-set; returns the sum. */
    final double addAndGetDouble(int index, double delta) {
        MappedSegment segment = segment();
        int offset = offsetOf(index);
        while (true) {
            long bits = segment.getLongVolatile(offset);
            double sum = Double.longBitsToDouble(bits) + delta;
            if (segment.compareAndSetLong(offset, bits, Double.doubleToRawLongBits(sum))) {
                return sum;
            }
        }
    }

    /**
     * Applies {@code function} to an element's bits under the lock, and stores its result by compare-and-set: if a
     * lock-free write of another thread came between, the function runs again on the new bits.
     *
     * @return the new bits
     */
    final long updateBits(int index, LongUnaryOperator function) {
        Objects.requireNonNull(function, "function");
        MappedSegment segment = segment();
        int offset = offsetOf(index);
        boolean locked = !lock.isHeldByCurrentThread();
        if (locked) {
            lock.lock();
        }
        try {
            while (true) {
                long bits = segment.getLongVolatile(offset);
                long updated = function.applyAsLong(bits);
                if (segment.compareAndSetLong(offset, bits, updated)) {
                    return updated;
                }
            }
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    /** Checks a bulk copy's range of elements and of the caller's array, of {@code arrayLength} elements. */
    final void checkBulk(int from, int arrayLength, int arrayFrom, int count) {
        if (count < 0 || from < 0 || from > length - count) {
            throw new IndexOutOfBoundsException("elements [" + from + ", " + from + " + " + count + ") are out of"
                    + " bounds for " + type.kind + " '" + name() + "' of " + length + " elements");
        }
        if (arrayFrom < 0 || arrayFrom > arrayLength - count) {
            throw new IndexOutOfBoundsException("range [" + arrayFrom + ", " + arrayFrom + " + " + count
                    + ") is out of bounds for an array of " + arrayLength + " elements");
        }
    }

    // ---- the lock, identity and lifetime ---------------------------------------------------------------------

    /**
     * The lock that guards {@code update}s, Python's {@code get_lock()}: hold it to group several operations into one
     * step that other holders of the lock do not interleave with. Operations that do not take the lock (all but
     * {@code update}) are atomic on their own but not excluded by it. The {@code update}s of a thread that holds it
     * run inside that hold. Its holder's death releases it, as for any {@link ProcessLock}.
     *
     * <pre>{@code
     * try (ProcessLock.Held held = value.lock().hold()) {
     *     if (value.get() < limit) {
     *         value.update(v -> v + 1);
     *     }
     * }
     * }</pre>
     *
     * @return the lock, open as long as this handle is
     */
    public final ProcessLock lock() {
        return lock;
    }

    /**
     * The name to attach to from another process; the segment's name, which Python's {@code SharedMemory(name=...)}
     * also opens.
     *
     * @return the name
     */
    @Override
    public final String name() {
        return memory.name();
    }

    /**
     * Removes the segment's name and its lock's: no process can attach any more. Handles already attached keep
     * working. Every file is removed even if another cannot be.
     *
     * @throws UncheckedIOException if a file cannot be deleted (the first failure, with any other suppressed)
     */
    @Override
    public final void unlink() {
        SegmentFiles.runEach(memory::unlink, lock::unlink);
    }

    @Override
    public final boolean isClosed() {
        return memory.isClosed();
    }

    /** Keeps both the segment and the lock, for the subclass's {@code keep()}, which returns itself. */
    final void keepFiles() {
        memory.keep();
        lock.keep();
    }

    /**
     * Closes this handle: its segment and its lock handle. If this handle created the value and {@code keep()} was
     * not called, the value is also {@linkplain #unlink() unlinked}. Closing twice does nothing.
     *
     * @throws IllegalStateException if this is the last handle on the lock in this JVM and a thread of this JVM
     *     holds it; nothing is closed then
     * @throws UncheckedIOException if the value should be unlinked but a file cannot be removed; the handle is closed
     *     all the same
     */
    @Override
    public final void close() {
        SharedObject.closeBoth(lock, memory);
    }

    // ---- serialization by name -------------------------------------------------------------------------------

    /** Replaces this handle by its name in a serialized stream. */
    final Object writeReplace() {
        SerializedByName.Kind kind;
        switch (type) {
            case LONG:
                kind = SerializedByName.Kind.SHARED_LONG;
                break;
            case DOUBLE:
                kind = SerializedByName.Kind.SHARED_DOUBLE;
                break;
            case LONG_ARRAY:
                kind = SerializedByName.Kind.SHARED_LONG_ARRAY;
                break;
            default:
                kind = SerializedByName.Kind.SHARED_DOUBLE_ARRAY;
                break;
        }
        return new SerializedByName(kind, name(), memory.file().getParent());
    }

    /**
     * Refuses a stream that holds a handle's fields rather than its name.
     *
     * @param in the stream
     * @throws InvalidObjectException always
     */
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a " + getClass().getSimpleName() + " travels by name only");
    }
}
