package io.github.multiprocess4j.shm;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.function.LongUnaryOperator;

/**
 * One {@code long} shared by processes: Python's {@code multiprocessing.Value('q')}, with lock-free atomic operations
 * besides its lock.
 *
 * <pre>{@code
 * try (SharedLong counter = SharedLong.create(0)) {
 *     Launch.processes(8, i -> {
 *         for (int k = 0; k < 100_000; k++) {
 *             counter.addAndGet(1);          // atomic: no lock needed, unlike Python's "value += 1"
 *         }
 *         return null;
 *     });
 *     long total = counter.get();            // 800000
 * }
 * }</pre>
 *
 * <h2>Semantics</h2>
 * {@link #get()}, {@link #set(long)}, {@link #compareAndSet(long, long)}, {@link #addAndGet(long)} and
 * {@link #getAndAdd(long)} are single atomic operations on the shared memory, with volatile semantics, across threads
 * and processes: they cannot be half-done, even by a process killed in the middle. {@link #update(LongUnaryOperator)}
 * runs its function under the value's {@link #lock()} (so two {@code update}s, in any processes, never interleave)
 * and stores the result by compare-and-set. If the process holding the lock dies, the next waiter takes the lock over
 * (see {@link ProcessLock}); the value is whatever the last completed operation left, never a torn one.
 *
 * <h2>Names and files</h2>
 * A value is the segment {@code <name>} ({@link ValuesLayout}: the element at byte 64, native byte order, which Python
 * reads as {@code struct.unpack_from('q', SharedMemory(name).buf, 64)}) and its lock {@code <name>.lock} with the
 * lock's owners file. Generated names start with {@code mp4j_long_}. Attaching takes only files of this user that are
 * not symbolic links, as {@link ProcessLock#attach(String)} does. The value travels to child JVMs by name.
 *
 * <p>Thread-safety: every method may be called from any number of threads; see {@link SharedResource} for the
 * lifetime.
 */
@SuppressWarnings("exports") // its package-private superclass is no client's business
public final class SharedLong extends SharedNumbers {

    private static final long serialVersionUID = 1L;

    private SharedLong(Opened opened) {
        super(opened);
    }

    /**
     * Creates a value holding {@code initial}, with a fresh name.
     *
     * @param initial the value
     * @return a handle on the new value; closing it unlinks the value unless {@link #keep()} is called
     * @throws java.io.UncheckedIOException if its files cannot be created
     */
    public static SharedLong create(long initial) {
        return create(SegmentFiles.defaultDirectory(), null, initial);
    }

    /**
     * Creates a value holding {@code initial}, with the given name.
     *
     * @param name the name: 1 to 188 bytes in UTF-8 (its lock's files add {@code .lock} and {@code .lock.owners}),
     *     no {@code /}, {@code \} or NUL
     * @param initial the value
     * @return a handle on the new value; closing it unlinks the value unless {@link #keep()} is called
     * @throws IllegalArgumentException if the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws java.io.UncheckedIOException if something of that name exists already, or a file cannot be created
     */
    public static SharedLong create(String name, long initial) {
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
     * @throws IllegalStateException if a segment of that name exists but is not a {@code SharedLong}
     * @throws java.io.UncheckedIOException if a file cannot be opened
     */
    public static SharedLong attach(String name) {
        return attach(SegmentFiles.defaultDirectory(), name);
    }

    static SharedLong create(Path directory, String name, long initial) {
        return new SharedLong(create(directory, name, ValuesLayout.Type.LONG, new long[] {initial}));
    }

    static SharedLong attach(Path directory, String name) {
        return new SharedLong(attach(directory, name, ValuesLayout.Type.LONG));
    }

    /**
     * The value, read with volatile semantics: Python's {@code v.value}.
     *
     * @return the value
     * @throws IllegalStateException if this handle is closed
     */
    public long get() {
        return bits(0);
    }

    /**
     * Sets the value with volatile semantics.
     *
     * @param value the new value
     * @throws IllegalStateException if this handle is closed
     */
    public void set(long value) {
        setBits(0, value);
    }

    /**
     * Sets the value to {@code update} if it is {@code expected}, atomically.
     *
     * @param expected the value it must have
     * @param update the new value
     * @return whether it was set
     * @throws IllegalStateException if this handle is closed
     */
    public boolean compareAndSet(long expected, long update) {
        return compareAndSetBits(0, expected, update);
    }

    /**
     * Adds {@code delta} atomically.
     *
     * @param delta what to add; the sum wraps around on overflow, as with {@link java.util.concurrent.atomic.AtomicLong}
     * @return the value after the addition
     * @throws IllegalStateException if this handle is closed
     */
    public long addAndGet(long delta) {
        return getAndAddLong(0, delta) + delta;
    }

    /**
     * Adds {@code delta} atomically.
     *
     * @param delta what to add
     * @return the value before the addition
     * @throws IllegalStateException if this handle is closed
     */
    public long getAndAdd(long delta) {
        return getAndAddLong(0, delta);
    }

    /**
     * Adds one atomically.
     *
     * @return the value after the addition
     * @throws IllegalStateException if this handle is closed
     */
    public long incrementAndGet() {
        return addAndGet(1);
    }

    /**
     * Replaces the value by {@code function} of it, under the value's {@link #lock()}: Python's
     * {@code with v.get_lock(): v.value = f(v.value)}. The result is stored by compare-and-set, so that a lock-free
     * {@code set} or {@code addAndGet} by another thread in between is not lost: the function then runs again on the
     * new value. Keep it free of side effects.
     *
     * @param function the change
     * @return the new value
     * @throws NullPointerException if {@code function} is {@code null}
     * @throws IllegalStateException if this handle is closed
     */
    public long update(LongUnaryOperator function) {
        return updateBits(0, function);
    }

    @Override
    public SharedLong keep() {
        keepFiles();
        return this;
    }

    @Override
    public String toString() {
        return isClosed() ? "SharedLong('" + name() + "', closed)" : "SharedLong('" + name() + "', " + get() + ")";
    }
}
