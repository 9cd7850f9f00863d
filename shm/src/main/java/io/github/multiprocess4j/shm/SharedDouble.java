package io.github.multiprocess4j.shm;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.function.DoubleUnaryOperator;

/**
 * One {@code double} shared by processes: Python's {@code multiprocessing.Value('d')}, with lock-free atomic
 * operations besides its lock.
 *
 * <h2>Semantics</h2>
 * {@link #get()}, {@link #set(double)} and {@link #compareAndSet(double, double)} are single atomic operations on the
 * value's IEEE 754 bits, with volatile semantics, across threads and processes; {@link #addAndGet(double)} is a
 * compare-and-set loop, equally atomic. None can be half-done, even by a process killed in the middle.
 * {@code compareAndSet} compares bits, as {@link java.lang.invoke.VarHandle} does: {@code 0.0} does not match
 * {@code -0.0}, and a NaN matches a NaN with the same bits. {@link #update(DoubleUnaryOperator)} runs under the value's
 * {@link #lock()} and stores by compare-and-set. The holder's death releases the lock (see {@link ProcessLock}); the
 * value is whatever the last completed operation left.
 *
 * <h2>Names and files</h2>
 * The segment {@code <name>} ({@link ValuesLayout}: the element at byte 64, native byte order, Python's
 * {@code struct} format {@code 'd'}) and its lock {@code <name>.lock}. Generated names start with
 * {@code mp4j_double_}. Attaching takes only files of this user that are not symbolic links. The value travels to
 * child JVMs by name.
 *
 * <p>Thread-safety: every method may be called from any number of threads; see {@link SharedResource} for the
 * lifetime.
 */
@SuppressWarnings("exports") // its package-private superclass is no client's business
public final class SharedDouble extends SharedNumbers {

    private static final long serialVersionUID = 1L;

    private SharedDouble(Opened opened) {
        super(opened);
    }

    /**
     * Creates a value holding {@code initial}, with a fresh name.
     *
     * @param initial the value
     * @return a handle on the new value; closing it unlinks the value unless {@link #keep()} is called
     * @throws java.io.UncheckedIOException if its files cannot be created
     */
    public static SharedDouble create(double initial) {
        return create(SegmentFiles.defaultDirectory(), null, initial);
    }

    /**
     * Creates a value holding {@code initial}, with the given name.
     *
     * @param name the name: 1 to 188 bytes in UTF-8, no {@code /}, {@code \} or NUL
     * @param initial the value
     * @return a handle on the new value; closing it unlinks the value unless {@link #keep()} is called
     * @throws IllegalArgumentException if the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws java.io.UncheckedIOException if something of that name exists already, or a file cannot be created
     */
    public static SharedDouble create(String name, double initial) {
        return create(SegmentFiles.defaultDirectory(), requireNonNull(name, "name"), initial);
    }

    /**
     * Attaches to an existing value by name, from this or any other process.
     *
     * @param name the value's name
     * @return a handle on the value; closing it does not unlink the value
     * @throws SharedMemoryNotFoundException if there is no value of that name
     * @throws UntrustedSegmentException if one of its files is a symbolic link or not a regular file, belongs to
     *     another user, or may be written by group or others
     * @throws IllegalArgumentException if the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalStateException if a segment of that name exists but is not a {@code SharedDouble}
     * @throws java.io.UncheckedIOException if a file cannot be opened
     */
    public static SharedDouble attach(String name) {
        return attach(SegmentFiles.defaultDirectory(), name);
    }

    static SharedDouble create(Path directory, String name, double initial) {
        return new SharedDouble(create(directory, name, ValuesLayout.Type.DOUBLE,
                new long[] {Double.doubleToRawLongBits(initial)}));
    }

    static SharedDouble attach(Path directory, String name) {
        return new SharedDouble(attach(directory, name, ValuesLayout.Type.DOUBLE));
    }

    /**
     * The value, read with volatile semantics: Python's {@code v.value}.
     *
     * @return the value
     * @throws IllegalStateException if this handle is closed
     */
    public double get() {
        return Double.longBitsToDouble(bits(0));
    }

    /**
     * Sets the value with volatile semantics.
     *
     * @param value the new value
     * @throws IllegalStateException if this handle is closed
     */
    public void set(double value) {
        setBits(0, Double.doubleToRawLongBits(value));
    }

    /**
     * Sets the value to {@code update} if its bits are those of {@code expected}, atomically.
     *
     * @param expected the value it must have
     * @param update the new value
     * @return whether it was set
     * @throws IllegalStateException if this handle is closed
     */
    public boolean compareAndSet(double expected, double update) {
        return compareAndSetBits(0, Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(update));
    }

    /**
     * Adds {@code delta} atomically (a compare-and-set loop).
     *
     * @param delta what to add
     * @return the value after the addition
     * @throws IllegalStateException if this handle is closed
     */
    public double addAndGet(double delta) {
        return addAndGetDouble(0, delta);
    }

    /**
     * Replaces the value by {@code function} of it, under the value's {@link #lock()}; stored by compare-and-set, so
     * the function runs again if a lock-free write of another thread came between. Keep it free of side effects.
     *
     * @param function the change
     * @return the new value
     * @throws NullPointerException if {@code function} is {@code null}
     * @throws IllegalStateException if this handle is closed
     */
    public double update(DoubleUnaryOperator function) {
        requireNonNull(function, "function");
        return Double.longBitsToDouble(updateBits(0, bits -> Double.doubleToRawLongBits(
                function.applyAsDouble(Double.longBitsToDouble(bits)))));
    }

    @Override
    public SharedDouble keep() {
        keepFiles();
        return this;
    }

    @Override
    public String toString() {
        return isClosed() ? "SharedDouble('" + name() + "', closed)" : "SharedDouble('" + name() + "', " + get() + ")";
    }
}
