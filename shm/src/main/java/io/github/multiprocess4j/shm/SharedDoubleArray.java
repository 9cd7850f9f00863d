package io.github.multiprocess4j.shm;

import static java.util.Objects.requireNonNull;

import io.github.multiprocess4j.ipc.MappedSegment;
import java.nio.file.Path;
import java.util.function.DoubleUnaryOperator;

/**
 * A fixed-length array of {@code double}s shared by processes: Python's {@code multiprocessing.Array('d', n)}, with
 * lock-free atomic operations on each element besides its lock.
 *
 * <pre>{@code
 * try (SharedDoubleArray roots = SharedDoubleArray.create(10)) {
 *     Launch.processes(10, i -> roots.addAndGet(i, Math.sqrt(i)));
 *     double[] all = roots.toArray();
 * }
 * }</pre>
 *
 * <h2>Semantics</h2>
 * Each element is read and written with volatile semantics and changed atomically ({@link #compareAndSet},
 * {@link #addAndGet}), across threads and processes. Bulk copies ({@link #toArray()}, {@link #copyTo},
 * {@link #copyFrom}) read or write element by element, each atomically, but not all at once: hold {@link #lock()}
 * around them, in every process that changes the array, for a consistent snapshot. {@link #update(int,
 * DoubleUnaryOperator)} runs under the lock. A process killed in the middle of a bulk copy leaves some elements
 * written and others not, never a torn element; its lock passes to the next waiter (see {@link ProcessLock}).
 *
 * <h2>Names and files</h2>
 * The segment {@code <name>} ({@link ValuesLayout}: element {@code i} at byte {@code 64 + 8 i}, native byte order,
 * Python's {@code struct} format {@code 'd'}) and its lock {@code <name>.lock}. Generated names start with
 * {@code mp4j_doubles_}. Attaching takes only files of this user that are not symbolic links. The array travels to
 * child JVMs by name.
 *
 * <p>Thread-safety: every method may be called from any number of threads; see {@link SharedResource} for the
 * lifetime. Indexes out of range fail with {@link IndexOutOfBoundsException}.
 */
@SuppressWarnings("exports") // its package-private superclass is no client's business
public final class SharedDoubleArray extends SharedNumbers {

    private static final long serialVersionUID = 1L;

    private SharedDoubleArray(Opened opened) {
        super(opened);
    }

    /**
     * Creates an array of {@code length} zeros, with a fresh name.
     *
     * @param length the number of elements, 1 to 2<sup>28</sup>
     * @return a handle on the new array; closing it unlinks the array unless {@link #keep()} is called
     * @throws IllegalArgumentException if {@code length} is out of range
     * @throws java.io.UncheckedIOException if its files cannot be created
     */
    public static SharedDoubleArray create(int length) {
        return create(SegmentFiles.defaultDirectory(), null,
                new double[ValuesLayout.checkLength(ValuesLayout.Type.DOUBLE_ARRAY, length)]);
    }

    /**
     * Creates an array holding a copy of {@code initial}, with a fresh name.
     *
     * @param initial the elements, 1 to 2<sup>28</sup> of them
     * @return a handle on the new array; closing it unlinks the array unless {@link #keep()} is called
     * @throws IllegalArgumentException if {@code initial} is empty or too long
     * @throws NullPointerException if {@code initial} is {@code null}
     * @throws java.io.UncheckedIOException if its files cannot be created
     */
    public static SharedDoubleArray create(double[] initial) {
        return create(SegmentFiles.defaultDirectory(), null, requireNonNull(initial, "initial"));
    }

    /**
     * Creates an array holding a copy of {@code initial}, with the given name.
     *
     * @param name the name: 1 to 188 bytes in UTF-8, no {@code /}, {@code \} or NUL
     * @param initial the elements, 1 to 2<sup>28</sup> of them
     * @return a handle on the new array; closing it unlinks the array unless {@link #keep()} is called
     * @throws IllegalArgumentException if the name is invalid, or {@code initial} is empty or too long
     * @throws NullPointerException if an argument is {@code null}
     * @throws java.io.UncheckedIOException if something of that name exists already, or a file cannot be created
     */
    public static SharedDoubleArray create(String name, double[] initial) {
        return create(SegmentFiles.defaultDirectory(), requireNonNull(name, "name"),
                requireNonNull(initial, "initial"));
    }

    /**
     * Attaches to an existing array by name, from this or any other process.
     *
     * @param name the array's name
     * @return a handle on the array; closing it does not unlink the array
     * @throws SharedMemoryNotFoundException if there is no array of that name
     * @throws UntrustedSegmentException if one of its files is a symbolic link or not a regular file, belongs to
     *     another user, or may be written by group or others
     * @throws IllegalArgumentException if the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalStateException if a segment of that name exists but is not a {@code SharedDoubleArray}
     * @throws java.io.UncheckedIOException if a file cannot be opened
     */
    public static SharedDoubleArray attach(String name) {
        return attach(SegmentFiles.defaultDirectory(), name);
    }

    static SharedDoubleArray create(Path directory, String name, double[] initial) {
        long[] bits = new long[initial.length];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = Double.doubleToRawLongBits(initial[i]);
        }
        return new SharedDoubleArray(create(directory, name, ValuesLayout.Type.DOUBLE_ARRAY, bits));
    }

    static SharedDoubleArray attach(Path directory, String name) {
        return new SharedDoubleArray(attach(directory, name, ValuesLayout.Type.DOUBLE_ARRAY));
    }

    /**
     * The number of elements, fixed at creation.
     *
     * @return the length
     */
    public int length() {
        return elements();
    }

    /**
     * Element {@code index}, read with volatile semantics.
     *
     * @param index the index
     * @return the element
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     * @throws IllegalStateException if this handle is closed
     */
    public double get(int index) {
        return Double.longBitsToDouble(bits(index));
    }

    /**
     * Sets element {@code index} with volatile semantics.
     *
     * @param index the index
     * @param value the new element
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     * @throws IllegalStateException if this handle is closed
     */
    public void set(int index, double value) {
        setBits(index, Double.doubleToRawLongBits(value));
    }

    /**
     * Sets element {@code index} to {@code update} if its bits are those of {@code expected}, atomically: bits are
     * compared, so {@code 0.0} does not match {@code -0.0}, and a NaN matches a NaN of the same bits.
     *
     * @param index the index
     * @param expected the value it must have
     * @param update the new value
     * @return whether it was set
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     * @throws IllegalStateException if this handle is closed
     */
    public boolean compareAndSet(int index, double expected, double update) {
        return compareAndSetBits(index, Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(update));
    }

    /**
     * Adds {@code delta} to element {@code index} atomically (a compare-and-set loop).
     *
     * @param index the index
     * @param delta what to add
     * @return the element after the addition
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     * @throws IllegalStateException if this handle is closed
     */
    public double addAndGet(int index, double delta) {
        return addAndGetDouble(index, delta);
    }

    /**
     * Replaces element {@code index} by {@code function} of it, under the array's {@link #lock()}; stored by
     * compare-and-set, so the function runs again if a lock-free write of another thread came between.
     *
     * @param index the index
     * @param function the change, free of side effects
     * @return the new element
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     * @throws NullPointerException if {@code function} is {@code null}
     * @throws IllegalStateException if this handle is closed
     */
    public double update(int index, DoubleUnaryOperator function) {
        requireNonNull(function, "function");
        return Double.longBitsToDouble(updateBits(index, bits -> Double.doubleToRawLongBits(
                function.applyAsDouble(Double.longBitsToDouble(bits)))));
    }

    /**
     * A copy of all elements, read one by one: Python's {@code arr[:]}.
     *
     * @return a new array of {@link #length()} elements
     * @throws IllegalStateException if this handle is closed
     */
    public double[] toArray() {
        double[] copy = new double[length()];
        copyTo(0, copy, 0, copy.length);
        return copy;
    }

    /**
     * Copies {@code count} elements from {@code from} on into {@code dst} from {@code dstFrom} on.
     *
     * @param from the first element to copy
     * @param dst where to
     * @param dstFrom the first index of {@code dst} to write
     * @param count how many
     * @throws IndexOutOfBoundsException if either range is out of bounds; nothing is copied then
     * @throws NullPointerException if {@code dst} is {@code null}
     * @throws IllegalStateException if this handle is closed
     */
    public void copyTo(int from, double[] dst, int dstFrom, int count) {
        checkBulk(from, requireNonNull(dst, "dst").length, dstFrom, count);
        MappedSegment segment = segment();
        for (int i = 0; i < count; i++) {
            dst[dstFrom + i] = Double.longBitsToDouble(segment.getLongAcquire(ValuesLayout.offset(from + i)));
        }
    }

    /**
     * Copies {@code count} elements of {@code src} from {@code srcFrom} on to the elements from {@code to} on.
     *
     * @param src where from
     * @param srcFrom the first index of {@code src} to read
     * @param to the first element to write
     * @param count how many
     * @throws IndexOutOfBoundsException if either range is out of bounds; nothing is copied then
     * @throws NullPointerException if {@code src} is {@code null}
     * @throws IllegalStateException if this handle is closed
     */
    public void copyFrom(double[] src, int srcFrom, int to, int count) {
        checkBulk(to, requireNonNull(src, "src").length, srcFrom, count);
        MappedSegment segment = segment();
        for (int i = 0; i < count; i++) {
            segment.putLongRelease(ValuesLayout.offset(to + i), Double.doubleToRawLongBits(src[srcFrom + i]));
        }
    }

    @Override
    public SharedDoubleArray keep() {
        keepFiles();
        return this;
    }

    @Override
    public String toString() {
        return "SharedDoubleArray('" + name() + "', length=" + length() + ")";
    }
}
