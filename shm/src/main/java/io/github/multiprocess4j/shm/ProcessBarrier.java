package io.github.multiprocess4j.shm;

import static java.util.Objects.requireNonNull;

import io.github.multiprocess4j.ipc.Timeouts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * A start line for a fixed number of parties across processes: Python's {@code multiprocessing.Barrier}, with
 * {@link java.util.concurrent.CyclicBarrier}'s exceptions; with the difference that <b>a party that dies breaks the
 * barrier for the others at once</b> instead of leaving them waiting until a timeout.
 *
 * <pre>{@code
 * try (ProcessBarrier start = ProcessBarrier.create(8)) {
 *     Launch.processes(8, i -> {
 *         warmUp();
 *         start.await();                  // all 8 JVMs leave together
 *         return measure();
 *     });
 * }
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link #await()} waits until {@link #parties()} threads, of any processes, have called it; then all return,
 *       and the barrier is ready for the next round. Each returns its <b>arrival index</b> as Python does: 0 for the
 *       first to arrive, {@code parties - 1} for the last (whose arrival lets all pass). Note that
 *       {@code CyclicBarrier} counts the other way.</li>
 *   <li>The barrier <b>breaks</b> when a waiter's time runs out or it is interrupted, when {@link #reset()} is called
 *       while parties wait, and when a process that has the barrier open <b>dies</b> (killed, crashed): every waiter,
 *       in every process, then gets a {@link BrokenBarrierException} within about ten milliseconds of the death (a
 *       waiter asleep on the doorbell asks at each of its periodic looks whether the parties are alive), and so
 *       does every later {@code await} until {@link #reset()}. A process counts as a possible party from the moment it
 *       attaches to the barrier (a task that captures it attaches when its child JVM starts). A process that closes
 *       its last handle, or exits normally (its shutdown hooks run), leaves quietly without breaking it.</li>
 *   <li>{@link #reset()} breaks the current round for those waiting in it, then returns the barrier to its initial
 *       state, forgetting processes that have died.</li>
 *   <li>Changes are made under the barrier's internal guard; a process killed while holding the guard is detected
 *       like any other death, and the barrier is broken.</li>
 * </ul>
 *
 * <h2>Names and files</h2>
 * A segment {@code <name>} ({@link SyncLayout}, {@link BarrierLayout}) and its owners file {@code <name>.owners},
 * attached only if they are this user's and not symbolic links, as {@link ProcessLock#attach(String)} requires.
 * Generated names start with {@code mp4j_barrier_}. A barrier travels to child JVMs by name.
 *
 * <p>Thread-safety: every method may be called from any number of threads; see {@link SharedResource} for the
 * lifetime.
 */
@SuppressWarnings("exports") // its package-private superclass names its state, which no client sees
public final class ProcessBarrier extends Synchronizer {

    private static final long serialVersionUID = 1L;

    /** The most parties a barrier has: each waits in a process or thread of its own. */
    public static final int MAX_PARTIES = 1 << 20;

    private static final SyncState.Rules RULES = new SyncState.Rules() {
        @Override
        public void repair(SyncState state) {
            reap(state);
        }

        @Override
        public void arrive(SyncState state) {
            state.setMyCount(1);
        }

        @Override
        public void leave(SyncState state) {
            state.setMyCount(0);
        }
    };

    private ProcessBarrier(String name, Path directory, boolean creator) {
        super(name, directory, creator, SyncState.open(directory, name, SyncLayout.Kind.BARRIER, RULES),
                SyncLayout.Kind.BARRIER);
    }

    /**
     * Creates a barrier for {@code parties} parties with a fresh name: Python's {@code Barrier(parties)}.
     *
     * @param parties how many must arrive before all pass, 1 to {@link #MAX_PARTIES}
     * @return a handle on the new barrier; closing it unlinks it unless {@link #keep()} is called
     * @throws IllegalArgumentException if {@code parties} is out of range
     * @throws java.io.UncheckedIOException if its files cannot be created
     */
    public static ProcessBarrier create(int parties) {
        return create(SegmentFiles.defaultDirectory(), null, parties);
    }

    /**
     * Creates a barrier for {@code parties} parties with the given name.
     *
     * @param name the name: 1 to 193 bytes in UTF-8, no {@code /}, {@code \} or NUL
     * @param parties how many must arrive before all pass, 1 to {@link #MAX_PARTIES}
     * @return a handle on the new barrier; closing it unlinks it unless {@link #keep()} is called
     * @throws IllegalArgumentException if {@code parties} is out of range or the name invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws java.io.UncheckedIOException if something of that name exists already, or a file cannot be created
     */
    public static ProcessBarrier create(String name, int parties) {
        return create(SegmentFiles.defaultDirectory(), requireNonNull(name, "name"), parties);
    }

    /**
     * Attaches to an existing barrier by name, from this or any other process; from now on until it closes the
     * handle or exits, this process's death breaks the barrier.
     *
     * @param name the barrier's name
     * @return a handle on the barrier; closing it does not unlink it
     * @throws SharedMemoryNotFoundException if there is no barrier of that name
     * @throws UntrustedSegmentException if one of its files is a symbolic link or not a regular file, belongs to
     *     another user, or may be written by group or others
     * @throws IllegalArgumentException if the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalStateException if a segment of that name exists but is not a barrier
     * @throws java.io.UncheckedIOException if a file cannot be opened
     */
    public static ProcessBarrier attach(String name) {
        return attach(SegmentFiles.defaultDirectory(), requireNonNull(name, "name"));
    }

    static ProcessBarrier create(Path directory, String name, int parties) {
        if (parties < 1 || parties > MAX_PARTIES) {
            throw new IllegalArgumentException("a barrier has 1 to " + MAX_PARTIES + " parties, got " + parties);
        }
        return create(directory, name, SyncLayout.Kind.BARRIER, parties, 0, segment -> {
        }, made -> new ProcessBarrier(made, directory, true));
    }

    static ProcessBarrier attach(Path directory, String name) {
        ProcessBarrier barrier = new ProcessBarrier(name, directory, false);
        int parties = barrier.state().parameter();
        if (parties < 1 || parties > MAX_PARTIES) {
            barrier.close();
            throw new IllegalStateException("shared memory '" + name + "' is not a ProcessBarrier: its parties "
                    + parties + " are out of range");
        }
        return barrier;
    }

    // ---- waiting ---------------------------------------------------------------------------------------------

    /**
     * Waits until all parties have arrived: Python's {@code wait()}.
     *
     * @return the arrival index: 0 for the first to arrive, {@code parties() - 1} for the last
     * @throws BrokenBarrierException if the barrier is broken, or breaks while this thread waits
     * @throws InterruptedException if the thread is interrupted before or while waiting; the barrier breaks
     * @throws IllegalStateException if this handle is closed
     */
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return await(Timeouts.FOREVER);
        } catch (TimeoutException e) {
            throw new AssertionError("an endless wait timed out", e);
        }
    }

    /**
     * Waits until all parties have arrived or {@code timeout} has passed: Python's {@code wait(timeout)}. If the time
     * runs out, the barrier breaks for the others too, as in Python and {@code CyclicBarrier}.
     *
     * @param timeout how long to wait at most, not negative
     * @return the arrival index: 0 for the first to arrive, {@code parties() - 1} for the last
     * @throws TimeoutException if the time ran out; the barrier is broken
     * @throws BrokenBarrierException if the barrier is broken, or breaks while this thread waits
     * @throws InterruptedException if the thread is interrupted before or while waiting; the barrier breaks
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalStateException if this handle is closed
     */
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException {
        return await(Timeouts.toNanos(timeout));
    }

    private int await(long nanos) throws InterruptedException, BrokenBarrierException, TimeoutException {
        SyncState state = state();
        int parties = state.parameter();
        if (Thread.interrupted()) {
            breakRound(state, -1);
            throw new InterruptedException();
        }
        long[] arrival = state.guarded(() -> {
            if (state.field(BarrierLayout.BROKEN) != 0) {
                return null;
            }
            long index = state.field(BarrierLayout.ARRIVED);
            long round = state.field(BarrierLayout.ROUND);
            if (index + 1 >= parties) {
                state.setField(BarrierLayout.OUTCOMES, state.field(BarrierLayout.OUTCOMES) & ~(1L << round));
                state.setField(BarrierLayout.ARRIVED, 0);
                state.setField(BarrierLayout.ROUND, round + 1);
            } else {
                state.setField(BarrierLayout.ARRIVED, index + 1);
            }
            return new long[] {index, round};
        });
        if (arrival == null) {
            throw broken();
        }
        int index = (int) arrival[0];
        long round = arrival[1];
        if (index + 1 >= parties) {
            state.wake();
            return index;
        }
        Boolean passed;
        try {
            passed = state.waiting().await(probe -> outcome(state, round, probe), nanos, true);
        } catch (InterruptedException e) {
            if (breakRound(state, round)) {
                throw e;
            }
            Thread.currentThread().interrupt();
            passed = outcome(state, round, false);
        }
        if (passed == null) {
            if (breakRound(state, round)) {
                throw new TimeoutException("ProcessBarrier '" + name() + "': not all " + parties
                        + " parties arrived in time; the barrier is broken");
            }
            passed = outcome(state, round, false);
        }
        if (!passed) {
            throw broken();
        }
        return index;
    }

    /** How round {@code round} ended: passed, broken, or {@code null} if it has not ended and is not broken. */
    private static Boolean outcome(SyncState state, long round, boolean probe) {
        long now = state.field(BarrierLayout.ROUND);
        if (now != round) {
            return (state.field(BarrierLayout.OUTCOMES) & 1L << round) == 0;
        }
        if (state.field(BarrierLayout.BROKEN) != 0) {
            return Boolean.FALSE;
        }
        if (probe && state.guarded(() -> state.field(BarrierLayout.ROUND) == round && reap(state))) {
            state.wake();
            return Boolean.FALSE;
        }
        return null;
    }

    /**
     * Breaks round {@code round} (any round if -1) if it is still going and not broken.
     *
     * @return whether this call broke it; {@code false} if the round ended or was broken already
     */
    private static boolean breakRound(SyncState state, long round) {
        boolean broke = state.guarded(() -> {
            if (round != -1 && state.field(BarrierLayout.ROUND) != round
                    || state.field(BarrierLayout.BROKEN) != 0) {
                return false;
            }
            state.setField(BarrierLayout.BROKEN, 1);
            return true;
        });
        state.wake();
        return broke;
    }

    /** Clears the entries of dead processes and breaks the barrier if there were any; under the guard. */
    private static boolean reap(SyncState state) {
        if (state.reapDead() < 0) {
            return false;
        }
        state.setField(BarrierLayout.BROKEN, 1);
        return true;
    }

    private BrokenBarrierException broken() {
        return new BrokenBarrierException("ProcessBarrier '" + name() + "' is broken (a party died, timed out or was"
                + " interrupted, or it was reset): reset() it to use it again");
    }

    /**
     * Breaks the round in progress for the parties waiting in it (they get {@link BrokenBarrierException}), then
     * returns the barrier to its initial state, forgetting processes that have died: Python's {@code reset()}.
     *
     * @throws IllegalStateException if this handle is closed
     */
    public void reset() {
        SyncState state = state();
        state.guardedRun(() -> {
            long round = state.field(BarrierLayout.ROUND);
            boolean waiters = state.field(BarrierLayout.ARRIVED) > 0;
            long outcomes = state.field(BarrierLayout.OUTCOMES);
            state.setField(BarrierLayout.OUTCOMES, waiters ? outcomes | 1L << round : outcomes & ~(1L << round));
            state.setField(BarrierLayout.ARRIVED, 0);
            state.reapDead();
            state.setField(BarrierLayout.BROKEN, 0);
            state.setField(BarrierLayout.ROUND, round + 1);
        });
        state.wake();
    }

    /**
     * Breaks the barrier: waiters and later callers of {@code await} get {@link BrokenBarrierException} until
     * {@link #reset()}. Python's {@code abort()}.
     *
     * @throws IllegalStateException if this handle is closed
     */
    public void abort() {
        breakRound(state(), -1);
    }

    /**
     * Whether the barrier is broken: Python's {@code broken}.
     *
     * @return {@code true} if it is
     * @throws IllegalStateException if this handle is closed
     */
    public boolean isBroken() {
        return state().field(BarrierLayout.BROKEN) != 0;
    }

    /**
     * The number of parties: Python's {@code parties}.
     *
     * @return the number given at creation
     * @throws IllegalStateException if this handle is closed
     */
    public int parties() {
        return state().parameter();
    }

    /**
     * How many parties wait in the current round now: Python's {@code n_waiting}. For monitoring.
     *
     * @return the number
     * @throws IllegalStateException if this handle is closed
     */
    public int numberWaiting() {
        return (int) state().field(BarrierLayout.ARRIVED);
    }

    @Override
    public ProcessBarrier keep() {
        keepFiles();
        return this;
    }
}
