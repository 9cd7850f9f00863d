package io.github.multiprocess4j.shm;

import static java.util.Objects.requireNonNull;

import io.github.multiprocess4j.ipc.Timeouts;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A flag that processes wait for: Python's {@code multiprocessing.Event}. One process {@link #set()}s it, every
 * thread of every process waiting in {@link #await()} wakes; {@link #clear()} lowers it again.
 *
 * <pre>{@code
 * try (ProcessEvent stop = ProcessEvent.create()) {
 *     Worker<Object> worker = Launch.process(() -> {
 *         while (!stop.await(Duration.ofMillis(100))) {
 *             doSomeWork();
 *         }
 *         return null;
 *     });
 *     ...
 *     stop.set();                     // the worker sees it within its next wait
 *     worker.join();
 * }
 * }</pre>
 *
 * <h2>Semantics</h2>
 * Setting and clearing are single atomic operations on the shared memory; nothing is half-done by a process killed at
 * any instant, and no process's death changes the flag. A waiter returns {@code true} if the event was set when it
 * looked or was set at any moment during its wait, even if it was cleared again before the waiter woke (as Python's
 * {@code wait()} does). Threads of this JVM wake at once on a {@code set()} here. In other processes, one thread per
 * JVM waits for the shared memory; once it sleeps, a {@code set()} wakes it through the kernel: on JDK 22 and later
 * with native access enabled for the library, by a futex wake, else by a byte on its JVM's doorbell (a Unix-domain
 * socket private to this user); tens to a few hundred microseconds on a busy machine. Without either it looks every
 * millisecond.
 *
 * <h2>Names and files</h2>
 * An event is a small segment {@code <name>} ({@link SyncLayout}, {@link EventLayout}) and its owners file
 * {@code <name>.owners}, which attach only if they are this user's and not symbolic links, as
 * {@link ProcessLock#attach(String)} requires. Generated names start with {@code mp4j_event_}. An event travels to child
 * JVMs by name.
 *
 * <p>Thread-safety: every method may be called from any number of threads; see {@link SharedResource} for the
 * lifetime.
 */
@SuppressWarnings("exports") // its package-private superclass names its state, which no client sees
public final class ProcessEvent extends Synchronizer {

    private static final long serialVersionUID = 1L;

    private ProcessEvent(String name, Path directory, boolean creator) {
        super(name, directory, creator,
                SyncState.open(directory, name, SyncLayout.Kind.EVENT, SyncState.NOTHING_HELD),
                SyncLayout.Kind.EVENT);
    }

    /**
     * Creates a new event, not set, with a fresh name.
     *
     * @return a handle on the new event; closing it unlinks the event unless {@link #keep()} is called
     * @throws java.io.UncheckedIOException if its files cannot be created
     */
    public static ProcessEvent create() {
        return create(SegmentFiles.defaultDirectory(), null);
    }

    /**
     * Creates a new event, not set, with the given name.
     *
     * @param name the name: 1 to 193 bytes in UTF-8, no {@code /}, {@code \} or NUL
     * @return a handle on the new event; closing it unlinks the event unless {@link #keep()} is called
     * @throws IllegalArgumentException if the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws java.io.UncheckedIOException if something of that name exists already, or a file cannot be created
     */
    public static ProcessEvent create(String name) {
        return create(SegmentFiles.defaultDirectory(), requireNonNull(name, "name"));
    }

    /**
     * Attaches to an existing event by name, from this or any other process.
     *
     * @param name the event's name
     * @return a handle on the event; closing it does not unlink the event
     * @throws SharedMemoryNotFoundException if there is no event of that name
     * @throws UntrustedSegmentException if one of its files is a symbolic link or not a regular file, belongs to
     *     another user, or may be written by group or others
     * @throws IllegalArgumentException if the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalStateException if a segment of that name exists but is not an event
     * @throws java.io.UncheckedIOException if a file cannot be opened
     */
    public static ProcessEvent attach(String name) {
        return attach(SegmentFiles.defaultDirectory(), requireNonNull(name, "name"));
    }

    static ProcessEvent create(Path directory, String name) {
        return create(directory, name, SyncLayout.Kind.EVENT, 0, 0, segment -> {
        }, made -> new ProcessEvent(made, directory, true));
    }

    static ProcessEvent attach(Path directory, String name) {
        return new ProcessEvent(name, directory, false);
    }

    /**
     * Sets the flag and wakes every waiter, in every process. Setting a set event does nothing.
     *
     * @throws IllegalStateException if this handle is closed
     */
    public void set() {
        SyncState state = state();
        while (true) {
            long word = state.field(EventLayout.STATE);
            if ((word & EventLayout.FLAG) != 0) {
                return;
            }
            if (state.compareAndSetField(EventLayout.STATE, word, (word | EventLayout.FLAG) + 2)) {
                state.wake();
                return;
            }
        }
    }

    /**
     * Lowers the flag: later waits wait until the next {@link #set()}.
     *
     * @throws IllegalStateException if this handle is closed
     */
    public void clear() {
        SyncState state = state();
        while (true) {
            long word = state.field(EventLayout.STATE);
            if ((word & EventLayout.FLAG) == 0
                    || state.compareAndSetField(EventLayout.STATE, word, word & ~EventLayout.FLAG)) {
                return;
            }
        }
    }

    /**
     * Whether the flag is set: Python's {@code is_set()}.
     *
     * @return {@code true} if it is
     * @throws IllegalStateException if this handle is closed
     */
    public boolean isSet() {
        return (state().field(EventLayout.STATE) & EventLayout.FLAG) != 0;
    }

    /**
     * Waits until the flag is set: Python's {@code wait()}. Returns at once if it is set.
     *
     * @throws InterruptedException if the thread is interrupted before or while waiting
     * @throws IllegalStateException if this handle is closed
     */
    public void await() throws InterruptedException {
        await(Timeouts.FOREVER);
    }

    /**
     * Waits until the flag is set or {@code timeout} has passed: Python's {@code wait(timeout)}.
     *
     * @param timeout how long to wait at most, not negative; {@link Duration#ZERO} only looks
     * @return {@code true} if the flag was set before the time ran out (even if cleared since), {@code false} if not
     * @throws InterruptedException if the thread is interrupted before or while waiting
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalStateException if this handle is closed
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return await(Timeouts.toNanos(timeout));
    }

    private boolean await(long nanos) throws InterruptedException {
        SyncState state = state();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long first = state.field(EventLayout.STATE);
        if ((first & EventLayout.FLAG) != 0) {
            return true;
        }
        if (nanos <= 0) {
            return false;
        }
        Boolean set = state.waiting().await(probe -> {
            long word = state.field(EventLayout.STATE);
            return (word & EventLayout.FLAG) != 0 || word >>> 1 != first >>> 1 ? Boolean.TRUE : null;
        }, nanos, true);
        return set != null;
    }

    @Override
    public ProcessEvent keep() {
        keepFiles();
        return this;
    }
}
