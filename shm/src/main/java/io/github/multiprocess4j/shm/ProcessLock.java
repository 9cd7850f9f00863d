package io.github.multiprocess4j.shm;

import static java.util.Objects.requireNonNull;

import io.github.multiprocess4j.ipc.ProcessSlots;
import io.github.multiprocess4j.ipc.Timeouts;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/**
 * A lock that excludes threads of this JVM and of other JVMs alike: Python's {@code multiprocessing.Lock}, with
 * the difference that it is released when the process holding it dies.
 *
 * <pre>{@code
 * try (ProcessLock lock = ProcessLock.create()) {
 *     Launch.processes(10, i -> {
 *         try (ProcessLock.Held held = lock.hold()) {      // Python's "with lock:"
 *             appendLine(file, i);
 *         }
 *         return null;
 *     });
 * }
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li><b>Not reentrant</b> when made by {@link #create()}, like Python's {@code Lock}: a thread that asks again for
 *       a lock it holds gets an {@link IllegalStateException} from {@link #lock()}, {@link #lockInterruptibly()} and
 *       {@link #tryLock(long, TimeUnit)} instead of a deadlock, and {@code false} from {@link #tryLock()}.</li>
 *   <li><b>Reentrant</b> when made by {@link #createReentrant()}, like Python's {@code RLock}: the thread that holds
 *       it may take it again, and must unlock it as many times as it took it before any other thread, of this or
 *       another process, gets it ({@link #getHoldCount()}). Whether a lock is reentrant is written in it by its
 *       creator: every process that attaches to it, and every copy of a task that captures it, sees the same.</li>
 *   <li><b>Owned by a thread</b>: only the thread that took the lock may {@link #unlock()} it; any other gets an
 *       {@link IllegalMonitorStateException}.</li>
 *   <li><b>Not fair</b>: a thread that comes when the lock is free takes it, even if others have been waiting, as
 *       with Python's {@code Lock} and {@link java.util.concurrent.locks.ReentrantLock}'s default. Threads of this
 *       JVM are woken at once by a release in this JVM; a waiter in another process that has waited long sleeps, and
 *       the release wakes it by a futex or rings its JVM's doorbell (see {@link ProcessEvent}; a release racing with
 *       its falling asleep is noticed at its next look, tens of microseconds later). Meant for short critical
 *       sections.</li>
 *   <li><b>Released when its holder dies</b>: if the process holding the lock exits or is killed (even by
 *       SIGKILL), the next waiter takes it over within about 10 ms (its next look). The data it guarded may then be
 *       half-written; {@link SharedObject} publishes its values atomically for that reason. A thread that ends
 *       while holding the lock, in a process that lives on, does not release it.</li>
 *   <li>A reentrant lock that its holder dies with is taken over at one hold, however many times the dead
 *       thread held it: the count died with its process.</li>
 *   <li>{@link #newCondition()} makes a {@link ProcessCondition}, Python's {@code Condition(lock)}, which
 *       threads of every process may wait for and signal.</li>
 * </ul>
 *
 * <h2>Names and files</h2>
 * A lock is a small segment {@code <name>} (the lock word) plus an empty file {@code <name>.owners} whose file
 * locks tell which processes using the lock are alive, both in the shared-memory directory ({@code /dev/shm} on
 * Linux). {@link #create()} names it {@code mp4j_lock_} followed by 8 hex digits. The handle that created a lock
 * unlinks both files when it is closed, unless {@link #keep()} was called; a shutdown hook unlinks what this JVM
 * created and did not close or keep.
 *
 * <h2>Across processes</h2>
 * A {@code ProcessLock} is {@link Serializable} by name: a task that captures one attaches to the same lock in its
 * child JVM, as Python passes {@code lock} in {@code args=(...)}.
 *
 * <p>Thread-safety: all methods may be called from any number of threads. All handles on one lock in one JVM
 * share its state. Do not close the last handle of a lock in this JVM while one of its threads holds or waits for
 * the lock: {@link #close()} refuses while it is held.
 */
@SuppressWarnings("exports") // its package-private superclass names its state, which no client sees
public final class ProcessLock extends Handle<LockState> implements Lock, Serializable {

    private static final long serialVersionUID = 1L;

    /** The prefix of generated names. */
    static final String NAME_PREFIX = "mp4j_lock_";

    private final transient String name;
    private final transient Path directory;
    private final transient Held held = this::unlock;

    private ProcessLock(String name, Path directory, boolean creator, LockState state) {
        super(state, new HandleFiles(creator, ProcessSlots.ownersFile(directory.resolve(name)),
                directory.resolve(name)));
        this.name = name;
        this.directory = directory;
    }

    /**
     * What {@link #hold()} returns: closing it unlocks, so that try-with-resources reads like Python's
     * {@code with lock:}.
     */
    @FunctionalInterface
    public interface Held extends AutoCloseable {

        /**
         * Unlocks the lock.
         *
         * @throws IllegalMonitorStateException if the current thread does not hold it
         */
        @Override
        void close();
    }

    // ---- creating and attaching --------------------------------------------------------------------------------

    /**
     * Creates a new lock, unlocked, with a fresh name ({@code mp4j_lock_} followed by 8 hex digits).
     *
     * @return a handle on the new lock; closing it unlinks the lock unless {@link #keep()} is called
     * @throws UncheckedIOException if its files cannot be created
     */
    public static ProcessLock create() {
        return create(SegmentFiles.defaultDirectory(), null);
    }

    /**
     * Creates a new lock, unlocked, with the given name.
     *
     * @param name the name: 1 to 193 bytes in UTF-8 (its owners file adds {@code .owners} to it), no {@code /},
     *     {@code \} or NUL
     * @return a handle on the new lock; closing it unlinks the lock unless {@link #keep()} is called
     * @throws IllegalArgumentException if the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws UncheckedIOException if a lock or segment of that name exists already (the cause is a
     *     {@link java.nio.file.FileAlreadyExistsException}), or its files cannot be created
     */
    public static ProcessLock create(String name) {
        return create(SegmentFiles.defaultDirectory(), requireNonNull(name, "name"));
    }

    /**
     * Attaches to an existing lock by name, in this or any other process. Its two files must be this user's, as
     * {@link SharedMemory#attach(String)} requires of a segment: a lock that another user could have planted or can
     * write would let that user hold it forever or fake its state.
     *
     * @param name the lock's name
     * @return a handle on the lock; closing it does not unlink the lock
     * @throws SharedMemoryNotFoundException if there is no lock of that name
     * @throws UntrustedSegmentException if one of its files is a symbolic link or not a regular file, belongs to
     *     another user, or may be written by group or others
     * @throws IllegalArgumentException if the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalStateException if a segment of that name exists but is not a lock
     * @throws UncheckedIOException if its files cannot be opened
     */
    public static ProcessLock attach(String name) {
        return attach(SegmentFiles.defaultDirectory(), requireNonNull(name, "name"));
    }

    /**
     * Creates a new reentrant lock, unlocked, with a fresh name: Python's {@code multiprocessing.RLock}. The thread
     * that holds it may take it again; it is free for others once that thread has unlocked it as many times as it
     * took it.
     *
     * @return a handle on the new lock; closing it unlinks the lock unless {@link #keep()} is called
     * @throws UncheckedIOException if its files cannot be created
     */
    public static ProcessLock createReentrant() {
        return create(SegmentFiles.defaultDirectory(), null, LockLayout.REENTRANT);
    }

    /**
     * Creates a new reentrant lock, unlocked, with the given name; see {@link #createReentrant()}.
     *
     * @param name the name, as for {@link #create(String)}
     * @return a handle on the new lock; closing it unlinks the lock unless {@link #keep()} is called
     * @throws IllegalArgumentException if the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws UncheckedIOException if a lock or segment of that name exists already, or its files cannot be created
     */
    public static ProcessLock createReentrant(String name) {
        return create(SegmentFiles.defaultDirectory(), requireNonNull(name, "name"), LockLayout.REENTRANT);
    }

    static ProcessLock create(Path directory, String name) {
        return create(directory, name, 0);
    }

    private static ProcessLock create(Path directory, String name, int flags) {
        return SlottedSegment.create(directory, name, LockLayout.NAME_KIND, NAME_PREFIX,
                LockLayout.segmentSize(LockLayout.DEFAULT_SLOT_COUNT),
                segment -> LockLayout.initialize(segment, LockLayout.DEFAULT_SLOT_COUNT, flags),
                made -> new ProcessLock(made, directory, true, LockState.open(directory, made)));
    }

    static ProcessLock attach(Path directory, String name) {
        return new ProcessLock(name, directory, false, LockState.open(directory, name));
    }

    // ---- the lock --------------------------------------------------------------------------------------------

    /**
     * Takes the lock, waiting as long as it takes. An interrupt does not end the wait; the thread's interrupt
     * status is kept.
     *
     * @throws IllegalStateException if the current thread holds the lock already and it is not reentrant, or this
     *     handle is closed
     */
    @Override
    public void lock() {
        LockState current = state();
        if (!current.tryAcquireFast()) {
            try {
                current.acquire(-1, false);
            } catch (InterruptedException e) {
                throw new AssertionError("an uninterruptible wait was interrupted", e);
            }
        }
    }

    /**
     * Takes the lock, waiting until it is free or the thread is interrupted.
     *
     * @throws InterruptedException if the thread is interrupted before or while waiting
     * @throws IllegalStateException if the current thread holds the lock already and it is not reentrant, or this
     *     handle is closed
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
        LockState current = state();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!current.tryAcquireFast()) {
            current.acquire(-1, true);
        }
    }

    /**
     * Takes the lock if it is free, or if the process holding it has died; never waits.
     *
     * @return whether the lock was taken
     * @throws IllegalStateException if this handle is closed
     */
    @Override
    public boolean tryLock() {
        return state().tryAcquireNow();
    }

    /**
     * Takes the lock if it becomes free within the given time.
     *
     * @param time how long to wait at most; zero or less means not at all
     * @param unit the unit of {@code time}
     * @return whether the lock was taken
     * @throws InterruptedException if the thread is interrupted before or while waiting
     * @throws IllegalStateException if the current thread holds the lock already and it is not reentrant, or this
     *     handle is closed
     * @throws NullPointerException if {@code unit} is {@code null}
     */
    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        LockState current = state();
        long nanos = Math.max(0, unit.toNanos(time));
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return current.tryAcquireFast() || current.acquire(nanos, true);
    }

    /**
     * Takes the lock if it becomes free within {@code timeout}: Python's {@code lock.acquire(timeout=...)}. As in
     * Python, a negative timeout is an error (Python's {@code -1}, "no limit", is {@link #lock()} here); an enormous
     * one waits as long as it takes.
     *
     * @param timeout how long to wait at most, not negative; {@link Duration#ZERO} does not wait
     * @return whether the lock was taken
     * @throws InterruptedException if the thread is interrupted before or while waiting
     * @throws IllegalStateException if the current thread holds the lock already and it is not reentrant, or this
     *     handle is closed
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean tryLock(Duration timeout) throws InterruptedException {
        return tryLock(Timeouts.toNanos(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * Releases the lock.
     *
     * @throws IllegalMonitorStateException if the current thread does not hold it
     * @throws IllegalStateException if this handle is closed
     */
    @Override
    public void unlock() {
        state().release();
    }

    /**
     * Takes the lock, as {@link #lock()}, and returns what releases it on close: Python's {@code with lock:}.
     *
     * <pre>{@code
     * try (ProcessLock.Held held = lock.hold()) {
     *     // one thread of one process at a time
     * }
     * }</pre>
     *
     * @return closing it unlocks
     * @throws IllegalStateException if the current thread holds the lock already and it is not reentrant, or this
     *     handle is closed
     */
    public Held hold() {
        lock();
        return held;
    }

    /**
     * Creates a new condition of this lock, for threads of every process: {@link ProcessCondition#create(ProcessLock)}.
     * The condition is a resource of its own, with a fresh name: close it when done (its creator's close unlinks it).
     *
     * @return a new {@link ProcessCondition} tied to this lock
     * @throws IllegalStateException if this handle is closed
     * @throws UncheckedIOException if the condition's files cannot be created
     */
    @Override
    public ProcessCondition newCondition() {
        return ProcessCondition.create(this);
    }

    /**
     * Whether a thread that holds this lock may take it again: whether it was made by {@link #createReentrant()}.
     *
     * @return {@code true} for Python's {@code RLock}, {@code false} for its {@code Lock}
     * @throws IllegalStateException if this handle is closed
     */
    public boolean isReentrant() {
        return state().isReentrant();
    }

    /**
     * How many times the current thread holds the lock, as {@link java.util.concurrent.locks.ReentrantLock}'s method
     * of that name: 0 if it does not hold it, at most 1 unless the lock is reentrant.
     *
     * @return the number of unlocks that would free the lock for others
     * @throws IllegalStateException if this handle is closed
     */
    public int getHoldCount() {
        return state().holdCount();
    }

    /**
     * Whether the current thread's hold began by taking the lock over from a process that died holding it. The data
     * the lock guards may then be half-written: the new holder can check or repair it before it goes on. A hold taken
     * again by the same thread of a reentrant lock answers as its first hold does; the next thread to take the lock
     * from a live holder, or a free lock, gets {@code false}.
     *
     * @return {@code true} if this hold took over from a dead holder
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     * @throws IllegalStateException if this handle is closed
     */
    public boolean previousOwnerDied() {
        return state().previousOwnerDied();
    }

    /**
     * Whether the current thread holds the lock.
     *
     * @return {@code true} if it does
     * @throws IllegalStateException if this handle is closed
     */
    public boolean isHeldByCurrentThread() {
        return state().isHeldByCurrentThread();
    }

    /**
     * Whether any thread of any process holds the lock now (or held it when it died). For monitoring, not for
     * deciding what to do: the answer may be stale when it arrives.
     *
     * @return {@code true} if the lock is taken
     * @throws IllegalStateException if this handle is closed
     */
    public boolean isLocked() {
        return state().isLocked();
    }

    /**
     * The lock's name: pass it to {@link #attach(String)} in another process.
     *
     * @return the name
     */
    @Override
    public String name() {
        return name;
    }

    // ---- lifetime --------------------------------------------------------------------------------------------

    @Override
    public ProcessLock keep() {
        keepFiles();
        return this;
    }

    /**
     * Lets go of this JVM's state of the lock; the last handle in this JVM stops using the lock, and other processes
     * then regard this JVM as gone.
     *
     * @throws IllegalStateException if this is the last handle in this JVM and a thread of this JVM holds the lock
     */
    @Override
    void release(LockState current) {
        current.releaseHandle();
    }

    @Override
    public String toString() {
        return "ProcessLock('" + name + "')";
    }

    /** This JVM's state of the lock. @throws IllegalStateException if this handle is closed */
    LockState state() {
        return current();
    }

    /** The directory of the lock's files. */
    Path directory() {
        return directory;
    }

    // ---- serialization by name -------------------------------------------------------------------------------

    /**
     * Replaces this handle by its name in a serialized stream.
     *
     * @return the form that travels: the lock's name and directory
     */
    private Object writeReplace() {
        return new SerializedByName(SerializedByName.Kind.PROCESS_LOCK, name, directory);
    }

    /**
     * Refuses a stream that holds a handle's fields rather than its name.
     *
     * @param in the stream
     * @throws InvalidObjectException always
     */
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a ProcessLock travels by name only");
    }
}
