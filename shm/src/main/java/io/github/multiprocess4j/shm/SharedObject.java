package io.github.multiprocess4j.shm;

import static java.util.Objects.requireNonNull;

import io.github.multiprocess4j.ipc.ProcessSlots;
import io.github.multiprocess4j.shm.internal.KryoCodec;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One object shared by processes: serialized (with Kryo) into a {@link SharedMemory} segment and guarded by a
 * {@link ProcessLock}, so that a read-modify-write by one thread of one process at a time is atomic. The tour's
 * {@code shared-objects} section, "append a random number to a shared list under a process lock", without Python's
 * length prefix and pickling by hand:
 *
 * <pre>{@code
 * try (SharedObject<List<Integer>> numbers = SharedObject.create(1 << 20, new ArrayList<>())) {
 *     Launch.processes(10, i -> numbers.update(list -> list.add(ThreadLocalRandom.current().nextInt(100))));
 *     System.out.println(numbers.read());                  // 10 numbers
 * }
 * }</pre>
 *
 * <h2>Values</h2>
 * Any object graph Kryo can serialize: no registration, references and cycles kept, classes without a
 * no-argument constructor allowed, serializable lambdas too. Every read deserializes a new copy, so changing what
 * {@link #read()} returned changes nothing shared; use {@link #update(Consumer)} or {@link #write(Object)}. The
 * segment keeps two copies (the committed value and room for the next), so a value's serialized form may take up
 * to {@link #capacity()} bytes, a little under half of {@link #size()}. A value too large fails with an
 * {@link IllegalArgumentException} naming both sizes and leaves the stored value as it was.
 *
 * <h2>Which classes, how deep</h2>
 * By default any class goes, as values are the application's own. The system property
 * {@code multiprocess4j.kryo.allow} turns on an allow-list: patterns separated by {@code ;} in the spirit of the
 * JDK's serial filter ({@code com.example.Point}, {@code com.example.*} for a package, {@code com.example.**} with its
 * subpackages, {@code Prefix*}, {@code *}, each perhaps after {@code !} to refuse; the first that matches decides, and
 * a class none matches is refused), for example {@code -Dmultiprocess4j.kryo.allow=com.example.**;java.util.*}. A
 * class outside the list is refused by name, when writing and when reading, before it is loaded: its static
 * initialiser never runs. {@code String}, the primitives and their boxes always go. Values nest at most
 * {@code multiprocess4j.kryo.maxDepth} levels deep (1000 by default, which a thread's default stack of 1 MiB holds).
 * Both properties are read once per JVM, when Kryo is first used, and children started by {@code Launch} or a
 * {@code ProcessPool} get the parent's; a malformed one makes every use of Kryo fail with an
 * {@link IllegalStateException} that names it.
 *
 * <h2>Failures</h2>
 * A new value is written beside the committed one and published with one atomic store, so a process killed at
 * any instant, even in the middle of a write, leaves the last committed value readable; its lock is passed on to
 * the next waiter (see {@link ProcessLock}). If {@code update}'s function throws, nothing is written. A value that
 * cannot be serialized (a class the allow-list refuses, nesting too deep) fails with an
 * {@link IllegalArgumentException} and leaves the stored value as it was. Stored bytes that cannot be read (damaged,
 * or written by a process with other classes) fail {@link #read()} and the updates with an
 * {@link IllegalStateException}, never with an {@link Error}: every length in them is checked against the bytes that
 * remain before anything is allocated, and the lock is released as always.
 *
 * <h2>Whose objects are attached</h2>
 * Its bytes are deserialized in every process that attaches, so {@link #attach(String)} takes only an object whose
 * files belong to this process's user and cannot be written by group or others, never through a symbolic link (see
 * {@link SharedMemory}); there is no opt-in for other users' objects.
 *
 * <h2>Names and files</h2>
 * The value lives in the segment {@code <name>} ({@link #create(int, Object)} names it {@code psm_} followed by 8
 * hex digits) and the lock is the {@link ProcessLock} {@code <name>.lock}. The handle that created the object
 * unlinks all of its files when it is closed, unless {@link #keep()} was called; a shutdown hook unlinks what this
 * JVM created and did not close or keep. A {@code SharedObject} is {@link Serializable} by name: a task that
 * captures one attaches to the same object in its child JVM.
 *
 * <p>Thread-safety: all methods may be called from any number of threads of any number of processes. Each of
 * {@code read}, {@code write}, {@code update} and {@code updateAndGet} holds the lock for its whole duration; a
 * thread that holds {@link #lock()} already (to group several operations) runs them inside its hold.
 *
 * @param <T> the type of the value
 */
public final class SharedObject<T> implements SharedResource, Serializable {

    private static final long serialVersionUID = 1L;

    /** The suffix of the lock's name. */
    static final String LOCK_SUFFIX = ".lock";
    /** The longest suffix of the object's files: that of its lock's owners file. */
    static final String LONGEST_SUFFIX = LOCK_SUFFIX + ProcessSlots.OWNERS_SUFFIX;

    private final transient SharedMemory memory;
    private final transient ProcessLock lock;
    private final transient ObjectAreas areas;

    private SharedObject(SharedMemory memory, ProcessLock lock, ObjectAreas areas) {
        this.memory = memory;
        this.lock = lock;
        this.areas = areas;
    }

    // ---- creating and attaching ------------------------------------------------------------------------------

    /**
     * Creates a shared object in a new segment of {@code size} bytes with a fresh name, holding {@code initial}.
     *
     * @param <T> the type of the value
     * @param size the segment's size in bytes; a serialized value may take a little under half of it
     * @param initial the first value, which may be {@code null}
     * @return a handle on the new object; closing it unlinks the object unless {@link #keep()} is called
     * @throws IllegalArgumentException if {@code size} is less than 96, or {@code initial} does not fit or cannot
     *     be serialized
     * @throws UncheckedIOException if a file cannot be created
     */
    public static <T> SharedObject<T> create(int size, T initial) {
        return create(SegmentFiles.defaultDirectory(), null, size, initial);
    }

    /**
     * Creates a shared object with the given name in a new segment of {@code size} bytes, holding {@code initial}.
     *
     * @param <T> the type of the value
     * @param name the name: 1 to 188 bytes in UTF-8 (its lock's files add {@code .lock} and
     *     {@code .lock.owners} to it), no {@code /}, {@code \} or NUL
     * @param size the segment's size in bytes; a serialized value may take a little under half of it
     * @param initial the first value, which may be {@code null}
     * @return a handle on the new object; closing it unlinks the object unless {@link #keep()} is called
     * @throws IllegalArgumentException if {@code size} is less than 96, {@code initial} does not fit or cannot be
     *     serialized, or the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws UncheckedIOException if something of that name exists already, or a file cannot be created
     */
    public static <T> SharedObject<T> create(String name, int size, T initial) {
        return create(SegmentFiles.defaultDirectory(), requireNonNull(name, "name"), size, initial);
    }

    /**
     * Attaches to an existing shared object by name, from this or any other process. The type parameter is not
     * checked here: a value of another type fails with {@link ClassCastException} where it is used.
     *
     * @param <T> the type of the value
     * @param name the object's name
     * @return a handle on the object; closing it does not unlink the object
     * @throws SharedMemoryNotFoundException if there is no object of that name
     * @throws UntrustedSegmentException if one of its files (its segment, its lock's two) is a symbolic link or not
     *     a regular file, belongs to another user, or may be written by group or others: such an object is never
     *     attached to, as its bytes would be deserialized here
     * @throws IllegalArgumentException if the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalStateException if a segment of that name exists but is not a shared object
     * @throws UncheckedIOException if a file cannot be opened
     */
    public static <T> SharedObject<T> attach(String name) {
        return attach(SegmentFiles.defaultDirectory(), requireNonNull(name, "name"));
    }

    static <T> SharedObject<T> create(Path directory, String name, int size, T initial) {
        if (name != null) {
            SegmentFiles.checkName(name, "SharedObject", LONGEST_SUFFIX);
        }
        if (size < ObjectAreas.MIN_SEGMENT_SIZE) {
            throw new IllegalArgumentException("a SharedObject needs at least " + ObjectAreas.MIN_SEGMENT_SIZE
                    + " bytes, got " + size);
        }
        SharedMemory memory = SharedMemory.create(directory, name, size);
        ProcessLock lock = null;
        try {
            lock = ProcessLock.create(directory, memory.name() + LOCK_SUFFIX);
            SharedObject<T> object = new SharedObject<>(memory, lock, ObjectAreas.initialize(memory));
            object.write(initial);
            object.areas.publishMagic();
            return object;
        } catch (RuntimeException e) {
            throw closedAfter(e, lock, memory);
        }
    }

    /**
     * Closes (and so, as their creator's, unlinks) a lock, if one was made, and a segment made for something whose
     * creation failed with {@code e}.
     *
     * @return {@code e}, with what the clean-up threw suppressed in it
     */
    static RuntimeException closedAfter(RuntimeException e, ProcessLock lock, SharedMemory memory) {
        try {
            SegmentFiles.runEach(() -> {
                if (lock != null) {
                    lock.close();
                }
            }, memory::close);
        } catch (RuntimeException cleanUp) {
            e.addSuppressed(cleanUp);
        }
        return e;
    }

    static <T> SharedObject<T> attach(Path directory, String name) {
        SegmentFiles.checkName(name, "SharedObject", LONGEST_SUFFIX);
        SharedMemory memory = SharedMemory.attach(directory, name);
        try {
            ObjectAreas areas = ObjectAreas.attach(memory);
            return new SharedObject<>(memory, ProcessLock.attach(directory, name + LOCK_SUFFIX), areas);
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
    }

    // ---- the value -------------------------------------------------------------------------------------------

    /**
     * Reads the committed value: a new copy, which the caller may change freely.
     *
     * @return the value
     * @throws IllegalStateException if this handle is closed, or the stored bytes are corrupt, nest deeper than the
     *     limit, or name a class this JVM cannot load or the allow-list refuses; the lock is released
     */
    @SuppressWarnings("unchecked")
    public T read() {
        boolean locked = lockUnlessHeld();
        try {
            return (T) areas.readCommitted(KryoCodec.get());
        } finally {
            unlockIf(locked);
        }
    }

    /**
     * Replaces the value.
     *
     * @param value the new value, which may be {@code null}
     * @throws IllegalArgumentException if its serialized form is larger than {@link #capacity()}, or it cannot be
     *     serialized (a class the allow-list refuses, nesting deeper than the limit); the stored value stays as it
     *     was
     * @throws IllegalStateException if this handle is closed
     */
    public void write(T value) {
        boolean locked = lockUnlessHeld();
        try {
            store(value);
        } finally {
            unlockIf(locked);
        }
    }

    /**
     * Changes the value in place, atomically across threads and processes: reads it, lets {@code mutation}
     * change it, and writes it back, all under the lock. Python's {@code do_append_random} in the tour:
     * {@code update(list -> list.add(x))}.
     *
     * @param mutation what to do to the value; if it throws, nothing is written and the exception propagates
     * @return the value as written back
     * @throws IllegalArgumentException if the changed value's serialized form is larger than {@link #capacity()},
     *     or it cannot be serialized; the stored value stays as it was
     * @throws IllegalStateException if this handle is closed, or the stored bytes cannot be read (as for
     *     {@link #read()}); nothing is written and the lock is released
     * @throws NullPointerException if {@code mutation} is {@code null}
     */
    public T update(Consumer<? super T> mutation) {
        requireNonNull(mutation, "mutation");
        return updateAndGet(value -> {
            mutation.accept(value);
            return value;
        });
    }

    /**
     * Replaces the value by a function of it, atomically across threads and processes: for immutable values, such
     * as {@code updateAndGet(n -> n + 1)}.
     *
     * @param function computes the new value from the current one; if it throws, nothing is written and the
     *     exception propagates
     * @return the new value
     * @throws IllegalArgumentException if the new value's serialized form is larger than {@link #capacity()}, or it
     *     cannot be serialized; the stored value stays as it was
     * @throws IllegalStateException if this handle is closed, or the stored bytes cannot be read (as for
     *     {@link #read()}); nothing is written and the lock is released
     * @throws NullPointerException if {@code function} is {@code null}
     */
    @SuppressWarnings("unchecked")
    public T updateAndGet(UnaryOperator<T> function) {
        requireNonNull(function, "function");
        boolean locked = lockUnlessHeld();
        try {
            T updated = function.apply((T) areas.readCommitted(KryoCodec.get()));
            store(updated);
            return updated;
        } finally {
            unlockIf(locked);
        }
    }

    private void store(T value) {
        KryoCodec codec = KryoCodec.get();
        byte[] bytes = codec.serialize(value);
        int length = codec.serializedLength();
        if (length > areas.maxPayload()) {
            throw new IllegalArgumentException("the value takes " + length + " bytes serialized, but SharedObject '"
                    + name() + "' holds at most " + areas.maxPayload() + " (its segment of " + size()
                    + " bytes keeps two copies); the stored value is unchanged");
        }
        areas.commit(bytes, length);
    }

    private boolean lockUnlessHeld() {
        if (lock.isHeldByCurrentThread()) {
            return false;
        }
        lock.lock();
        return true;
    }

    private void unlockIf(boolean locked) {
        if (locked) {
            lock.unlock();
        }
        KryoCodec.get().shrink();
    }

    // ---- identity --------------------------------------------------------------------------------------------

    /**
     * The object's name: pass it to {@link #attach(String)} in another process.
     *
     * @return the name of its segment
     */
    @Override
    public String name() {
        return memory.name();
    }

    /**
     * The size of the object's segment in bytes.
     *
     * @return the size
     */
    public int size() {
        return memory.size();
    }

    /**
     * The most bytes a value's serialized form may take.
     *
     * @return the capacity, a little under half of {@link #size()}
     */
    public int capacity() {
        return areas.maxPayload();
    }

    /**
     * The lock that guards the value, to group several operations into one atomic step. The operations of this
     * object called by a thread holding it run inside that hold.
     *
     * <pre>{@code
     * try (ProcessLock.Held held = counter.lock().hold()) {
     *     if (counter.read() < 10) {
     *         counter.updateAndGet(n -> n + 1);
     *     }
     * }
     * }</pre>
     *
     * @return the lock, open as long as this handle is
     */
    public ProcessLock lock() {
        return lock;
    }

    // ---- lifetime --------------------------------------------------------------------------------------------

    /**
     * Stops this JVM from unlinking the object: neither {@link #close()} nor the exit hook will.
     *
     * @return this handle
     */
    @Override
    public SharedObject<T> keep() {
        memory.keep();
        lock.keep();
        return this;
    }

    /**
     * Removes the object's name and its lock's: no process can attach any more. Handles already attached keep
     * working. Every file is removed even if another cannot be.
     *
     * @throws UncheckedIOException if a file cannot be deleted (the first failure, with any other suppressed)
     */
    @Override
    public void unlink() {
        SegmentFiles.runEach(memory::unlink, lock::unlink);
    }

    @Override
    public boolean isClosed() {
        return memory.isClosed();
    }

    /**
     * Closes this handle: its segment and its lock handle. If this handle created the object and {@link #keep()}
     * was not called, the object is also {@linkplain #unlink() unlinked}. Closing twice does nothing.
     *
     * @throws IllegalStateException if this is the last handle on the lock in this JVM and a thread of this JVM
     *     holds it; nothing is closed then
     * @throws UncheckedIOException if the object should be unlinked but a file cannot be removed; the handle is
     *     closed all the same, and every other file removed (the first failure is thrown, with any other suppressed)
     */
    @Override
    public void close() {
        closeBoth(lock, memory);
    }

    /**
     * Closes a lock handle, then a segment's even if the lock's close failed to remove a file: the first failure is
     * thrown, with the other suppressed. A lock that refuses to close (held in this JVM) leaves both open.
     */
    static void closeBoth(ProcessLock lock, SharedMemory memory) {
        try {
            lock.close();
        } catch (UncheckedIOException e) {
            // the lock handle is closed, one of its files stays: the segment goes all the same
            try {
                memory.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        memory.close();
    }

    @Override
    public String toString() {
        return "SharedObject('" + name() + "', size=" + size() + ")";
    }

    // ---- serialization by name -------------------------------------------------------------------------------

    /**
     * Replaces this handle by its name in a serialized stream.
     *
     * @return the form that travels: the object's name and directory
     */
    private Object writeReplace() {
        return new SerializedByName(SerializedByName.Kind.SHARED_OBJECT, name(), memory.file().getParent());
    }

    /**
     * Refuses a stream that holds a handle's fields rather than its name.
     *
     * @param in the stream
     * @throws InvalidObjectException always
     */
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a SharedObject travels by name only");
    }
}
