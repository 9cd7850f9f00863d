package io.github.multiprocess4j.shm;

import static java.util.Objects.requireNonNull;

import io.github.multiprocess4j.ipc.Timeouts;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A counting semaphore between processes: Python's {@code multiprocessing.Semaphore}, and with
 * {@link #createBounded(int)} its {@code BoundedSemaphore}; with the difference that <b>permits held by a process that
 * dies come back</b>.
 *
 * <pre>{@code
 * try (ProcessSemaphore gpus = ProcessSemaphore.create(3)) {
 *     Launch.processes(20, i -> {
 *         try (ProcessSemaphore.Held held = gpus.hold()) {   // Python's "with sem:"
 *             return train(i);                               // at most 3 at once, in all processes
 *         }
 *     });
 * }
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li><b>Permits belong to processes.</b> A permit is held by the process whose thread acquired it, and any thread
 *       of that process may release it. The semaphore counts, per process, how many it holds.</li>
 *   <li><b>A process that dies gives its permits back.</b> Whether it exits, closes its last handle on the semaphore
 *       or is killed (even by SIGKILL, at any instant), the permits it held become available again: at once if it
 *       closes or exits normally, within about ten milliseconds of its death otherwise (a waiter notices). No permit
 *       is ever lost or duplicated by a death: each process's count says which of its operations were under way, and
 *       whoever notices a death recounts the available permits from the counts of the live processes (see
 *       {@link SemaphoreLayout}). An uncontended acquire and release take three atomic instructions each, no lock.</li>
 *   <li><b>Release</b> by a process that holds permits gives one of them back. A release by a process that holds none
 *       adds a new permit to an ordinary semaphore (Python's behaviour: a {@code Semaphore(0)} used as a signal), and
 *       is refused by a bounded one with an {@link IllegalStateException}, as Python's {@code BoundedSemaphore} raises
 *       {@code ValueError} when the count would go above its initial value. Mind that a permit acquired to consume
 *       such a signal is held, and comes back when its process ends: for signals between processes,
 *       {@link ProcessEvent} or a {@link SharedQueue} says what is meant.</li>
 *   <li><b>Not fair</b>, like Python's: a waiter that comes when a permit is free takes it. Threads of this JVM wake
 *       at once on a release here; waiters asleep in other processes are woken by a futex or a doorbell (see
 *       {@link ProcessEvent}) as soon as the kernel schedules them.</li>
 *   <li><b>Limits</b>: one process holds at most {@value SemaphoreAccounts#MAX_HELD} permits at once; an acquire
 *       beyond that waits until the process releases one.</li>
 * </ul>
 *
 * <h2>Names and files</h2>
 * A segment {@code <name>} ({@link SyncLayout}, {@link SemaphoreLayout}) and its owners file {@code <name>.owners},
 * attached only if they are this user's and not symbolic links, as {@link ProcessLock#attach(String)} requires.
 * Generated names start with {@code mp4j_sem_}. A semaphore travels to child JVMs by name.
 *
 * <p>Thread-safety: every method may be called from any number of threads; see {@link SharedResource} for the
 * lifetime.
 */
@SuppressWarnings("exports") // its package-private superclass names its state, which no client sees
public final class ProcessSemaphore extends Synchronizer {

    private static final long serialVersionUID = 1L;

    /** The most permits a semaphore holds. */
    public static final int MAX_PERMITS = Integer.MAX_VALUE;

    private static final SyncState.Rules RULES = new SyncState.Rules() {
        @Override
        public void repair(SyncState state) {
            SemaphoreAccounts.recover(state, true);
        }

        @Override
        public void arrive(SyncState state) {
            state.segment().putLongVolatile(SyncLayout.entryOffset(state.slot()),
                    SemaphoreAccounts.emptyEntry(state));
        }

        @Override
        public void leave(SyncState state) {
            state.segment().putLongVolatile(SyncLayout.entryOffset(state.slot()), 0);
            SemaphoreAccounts.recover(state, false);
        }
    };

    private final transient Held held = this::release;

    /**
     * What {@link #hold()} returns: closing it releases the permit, so that try-with-resources reads like Python's
     * {@code with sem:}.
     */
    @FunctionalInterface
    public interface Held extends AutoCloseable {
        /** Releases the permit. */
        @Override
        void close();
    }

    private ProcessSemaphore(String name, Path directory, boolean creator) {
        super(name, directory, creator, SyncState.open(directory, name, SyncLayout.Kind.SEMAPHORE, RULES),
                SyncLayout.Kind.SEMAPHORE);
    }

    /**
     * Creates a semaphore with {@code permits} permits and a fresh name: Python's {@code Semaphore(permits)}.
     *
     * @param permits how many processes (or threads) may hold it at once, 0 or more
     * @return a handle on the new semaphore; closing it unlinks it unless {@link #keep()} is called
     * @throws IllegalArgumentException if {@code permits} is negative
     * @throws java.io.UncheckedIOException if its files cannot be created
     */
    public static ProcessSemaphore create(int permits) {
        return create(SegmentFiles.defaultDirectory(), null, permits, false);
    }

    /**
     * Creates a semaphore with {@code permits} permits and the given name.
     *
     * @param name the name: 1 to 193 bytes in UTF-8, no {@code /}, {@code \} or NUL
     * @param permits how many may hold it at once, 0 or more
     * @return a handle on the new semaphore; closing it unlinks it unless {@link #keep()} is called
     * @throws IllegalArgumentException if {@code permits} is negative or the name invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws java.io.UncheckedIOException if something of that name exists already, or a file cannot be created
     */
    public static ProcessSemaphore create(String name, int permits) {
        return create(SegmentFiles.defaultDirectory(), requireNonNull(name, "name"), permits, false);
    }

    /**
     * Creates a bounded semaphore, Python's {@code BoundedSemaphore(permits)}: a release that would raise the count
     * of available permits above {@code permits} is refused.
     *
     * @param permits how many may hold it at once, 0 or more
     * @return a handle on the new semaphore; closing it unlinks it unless {@link #keep()} is called
     * @throws IllegalArgumentException if {@code permits} is negative
     * @throws java.io.UncheckedIOException if its files cannot be created
     */
    public static ProcessSemaphore createBounded(int permits) {
        return create(SegmentFiles.defaultDirectory(), null, permits, true);
    }

    /**
     * Attaches to an existing semaphore by name, from this or any other process.
     *
     * @param name the semaphore's name
     * @return a handle on the semaphore; closing it does not unlink it
     * @throws SharedMemoryNotFoundException if there is no semaphore of that name
     * @throws UntrustedSegmentException if one of its files is a symbolic link or not a regular file, belongs to
     *     another user, or may be written by group or others
     * @throws IllegalArgumentException if the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalStateException if a segment of that name exists but is not a semaphore
     * @throws java.io.UncheckedIOException if a file cannot be opened
     */
    public static ProcessSemaphore attach(String name) {
        return attach(SegmentFiles.defaultDirectory(), requireNonNull(name, "name"));
    }

    static ProcessSemaphore create(Path directory, String name, int permits, boolean bounded) {
        if (permits < 0) {
            throw new IllegalArgumentException("a semaphore needs 0 or more permits, got " + permits);
        }
        return create(directory, name, SyncLayout.Kind.SEMAPHORE, permits, bounded ? SyncLayout.FLAG_BOUNDED : 0,
                segment -> {
                    segment.putLong(SyncLayout.fieldOffset(SemaphoreLayout.PERMITS), permits);
                    segment.putLong(SyncLayout.fieldOffset(SemaphoreLayout.AVAILABLE), permits);
                }, made -> new ProcessSemaphore(made, directory, true));
    }

    static ProcessSemaphore attach(Path directory, String name) {
        return new ProcessSemaphore(name, directory, false);
    }

    // ---- acquiring and releasing -----------------------------------------------------------------------------

    /**
     * Takes a permit, waiting as long as it takes: Python's {@code acquire()}.
     *
     * @throws InterruptedException if the thread is interrupted before or while waiting
     * @throws IllegalStateException if this handle is closed
     */
    public void acquire() throws InterruptedException {
        acquire(Timeouts.FOREVER);
    }

    /**
     * Takes a permit if one is free now, or is held by a process that has died; never waits.
     *
     * @return whether a permit was taken
     * @throws IllegalStateException if this handle is closed
     */
    public boolean tryAcquire() {
        SyncState state = state();
        return SemaphoreAccounts.tryTake(state) || reap(state) && SemaphoreAccounts.tryTake(state);
    }

    /**
     * Takes a permit if one becomes free within {@code timeout}: Python's {@code acquire(timeout=...)}.
     *
     * @param timeout how long to wait at most, not negative; {@link Duration#ZERO} does not wait
     * @return whether a permit was taken
     * @throws InterruptedException if the thread is interrupted before or while waiting
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalStateException if this handle is closed
     */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return acquire(Timeouts.toNanos(timeout));
    }

    private boolean acquire(long nanos) throws InterruptedException {
        SyncState state = state();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (SemaphoreAccounts.tryTake(state)) {
            return true;
        }
        if (nanos <= 0) {
            return tryAcquire();
        }
        return state.waiting().await(probe -> attempt(state, probe), nanos, true) != null;
    }

    /** One look of a waiter: a free permit, or on a probe one of a dead process. */
    private static Boolean attempt(SyncState state, boolean probe) {
        return SemaphoreAccounts.tryTake(state) || probe && reap(state) && SemaphoreAccounts.tryTake(state)
                ? Boolean.TRUE : null;
    }

    /**
     * Takes a permit, as {@link #acquire()} but not interruptibly, and returns what releases it on close: Python's
     * {@code with sem:}. An interrupt during the wait is kept for the caller.
     *
     * @return closing it releases the permit
     * @throws IllegalStateException if this handle is closed
     */
    public Held hold() {
        SyncState state = state();
        if (!SemaphoreAccounts.tryTake(state)) {
            try {
                state.waiting().await(probe -> attempt(state, probe), Timeouts.FOREVER, false);
            } catch (InterruptedException e) {
                throw new AssertionError("an uninterruptible wait was interrupted", e);
            }
        }
        return held;
    }

    /**
     * Gives a permit back: one this process holds, or, if it holds none, a new one (refused by a bounded semaphore).
     * Wakes a waiter.
     *
     * @throws IllegalStateException if the semaphore is bounded and this process holds none of its permits, or this
     *     handle is closed
     */
    public void release() {
        SyncState state = state();
        if (SemaphoreAccounts.reserve(state)) {
            return; // kept for this process's next acquire, free for any other; nobody sleeps to be woken
        }
        if (SemaphoreAccounts.giveBack(state) != SemaphoreAccounts.Given.GIVEN) {
            String refused = state.guarded(() -> releaseGuarded(state));
            if (refused != null) {
                throw new IllegalStateException(refused);
            }
        }
        state.wake();
    }

    /** A release that the fast path could not make; under the guard. Why it is refused, or {@code null}. */
    @SuppressWarnings("ThreadPriorityCheck") // a yield while another thread finishes a few instructions
    private String releaseGuarded(SyncState state) {
        SemaphoreAccounts.Given given;
        while ((given = SemaphoreAccounts.giveBack(state)) == SemaphoreAccounts.Given.RECOVERING) {
            if ((state.field(SemaphoreLayout.AVAILABLE) & SemaphoreAccounts.RECOVERING) != 0) {
                SemaphoreAccounts.recover(state, true); // left by damage: under the guard, no recovery is under way
            } else {
                Thread.yield(); // this process has the most operations in flight: one ends soon
            }
        }
        if (given == SemaphoreAccounts.Given.GIVEN) {
            return null;
        }
        if ((state.flags() & SyncLayout.FLAG_BOUNDED) != 0) {
            return "BoundedSemaphore '" + name() + "' released too many times: this process holds none of its "
                    + state.parameter() + " permits (" + SemaphoreAccounts.available(state) + " available)";
        }
        long permits = state.field(SemaphoreLayout.PERMITS);
        if (permits >= MAX_PERMITS) {
            return "ProcessSemaphore '" + name() + "' has " + MAX_PERMITS + " permits, the most it holds";
        }
        state.setField(SemaphoreLayout.PERMITS, permits + 1);
        SemaphoreAccounts.addAvailable(state, 1);
        return null;
    }

    /**
     * How many permits no process uses now, including those a process keeps reserved for its next acquire (any
     * process may take them); for monitoring, as the answer may be stale when it arrives. Permits of a process that
     * died and whose death no waiter has noticed yet count as held.
     *
     * @return the number of available permits
     * @throws IllegalStateException if this handle is closed
     */
    public int availablePermits() {
        return (int) SemaphoreAccounts.available(state());
    }

    /**
     * How many permits this process holds.
     *
     * @return the number, 0 or more
     * @throws IllegalStateException if this handle is closed
     */
    public int heldByThisProcess() {
        return (int) SemaphoreAccounts.heldByMe(state());
    }

    /**
     * Whether this semaphore is bounded ({@link #createBounded(int)}).
     *
     * @return {@code true} if it is
     * @throws IllegalStateException if this handle is closed
     */
    public boolean isBounded() {
        return (state().flags() & SyncLayout.FLAG_BOUNDED) != 0;
    }

    @Override
    public ProcessSemaphore keep() {
        keepFiles();
        return this;
    }

    // ---- recovery --------------------------------------------------------------------------------------------

    /** Gives back the permits of dead processes, under the guard; whether there were any. */
    private static boolean reap(SyncState state) {
        boolean reaped = state.guarded(() -> {
            if (!SemaphoreAccounts.recoveryDue(state)) {
                return false;
            }
            SemaphoreAccounts.recover(state, true);
            return true;
        });
        if (reaped) {
            state.wake();
        }
        return reaped;
    }
}
