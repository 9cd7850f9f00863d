package io.github.multiprocess4j.shm;

import static java.util.Objects.requireNonNull;

import io.github.multiprocess4j.ipc.MappedSegment;
import io.github.multiprocess4j.ipc.Timeouts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * A condition that threads of every process wait for and signal, tied to a {@link ProcessLock}: Python's
 * {@code multiprocessing.Condition(lock)}, and a {@link Condition} as {@link ProcessLock#newCondition()} returns it.
 *
 * <pre>{@code
 * try (ProcessLock lock = ProcessLock.create(); ProcessCondition ready = ProcessCondition.create(lock)) {
 *     // consumer, in any process
 *     try (ProcessLock.Held held = lock.hold()) {
 *         while (!itemThere()) {
 *             ready.await();                  // lets go of the lock while it waits, holds it again after
 *         }
 *         takeItem();
 *     }
 *     // producer, in any other process
 *     try (ProcessLock.Held held = lock.hold()) {
 *         putItem();
 *         ready.signal();
 *     }
 * }
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>Every method but the lifetime's needs the current thread to hold the condition's lock (an
 *       {@link IllegalMonitorStateException} otherwise, Python's {@code RuntimeError}). A wait releases the lock
 *       entirely, however many times a reentrant lock is held, and takes it back with its count before it returns,
 *       also when it ends by timeout or interrupt.</li>
 *   <li>Waiters take tickets in the order they start to wait; {@link #signal()} wakes the oldest that is still
 *       waiting, {@link #signalAll()} every one waiting now. A signal given with no one waiting is lost, as in
 *       Python and Java.</li>
 *   <li><b>A waiter that dies is forgotten</b>: a signal skips the tickets of waiters whose process has died (even
 *       by SIGKILL), and of those that timed out or were interrupted, so none of them swallows a signal meant for the
 *       next. A waiter killed after it was signalled but before it took the lock back passes its signal on: the next
 *       signal, or the next waiter's periodic look (within about 10 ms of the death, once the lock is free), gives it
 *       to the oldest live waiter. Once its {@code await} has the lock back, the signal is the thread's: killed
 *       after that, it takes the signal with it, as a thread that ends after waking does.</li>
 *   <li>As with every {@link Condition}, a wait may end without a signal only by its timeout or an interrupt, but
 *       callers should still test their predicate in a loop: another thread may have changed it again before the
 *       woken one got the lock back.</li>
 *   <li>A signal wakes its waiter at once: in this JVM directly, in another process by a futex or that JVM's
 *       doorbell (a waiter that has waited long sleeps marked in the condition's sleeper table; see
 *       {@link io.github.multiprocess4j.ipc.SleeperTable}), else at the waiter's next look, within 10 ms. At most
 *       {@value ConditionLayout#CAPACITY} threads of all processes wait at once; one more gets an
 *       {@link IllegalStateException}.</li>
 * </ul>
 *
 * <h2>Names and files</h2>
 * A condition is a segment {@code <name>} ({@link SyncLayout}, {@link ConditionLayout}: the waiters' ticket ring and
 * its lock's name) and its owners file {@code <name>.owners}, in the lock's directory; generated names start with
 * {@code mp4j_cond_}. Attaching opens the lock by the name found there, with the trust checks of
 * {@link ProcessLock#attach(String)} for both. A condition travels to child JVMs by name, and brings its lock.
 *
 * <p>Thread-safety: every method may be called from any number of threads; see {@link SharedResource} for the
 * lifetime. Do not close a condition while threads of this JVM wait for it.
 */
@SuppressWarnings("exports") // its package-private superclass names its state, which no client sees
public final class ProcessCondition extends Synchronizer implements Condition {

    private static final long serialVersionUID = 1L;

    /** This condition's own handle on its lock, closed with it. */
    private final transient ProcessLock lock;

    private ProcessCondition(String name, Path directory, boolean creator, SyncState state, ProcessLock lock) {
        super(name, directory, creator, state, SyncLayout.Kind.CONDITION);
        this.lock = lock;
    }

    // ---- creating and attaching --------------------------------------------------------------------------------

    /**
     * Creates a new condition of {@code lock}, with a fresh name ({@code mp4j_cond_} followed by 8 hex digits), in
     * the lock's directory.
     *
     * @param lock the lock that waiters and signallers hold
     * @return a handle on the new condition; closing it unlinks the condition (not the lock) unless {@link #keep()}
     *     is called
     * @throws NullPointerException if {@code lock} is {@code null}
     * @throws IllegalStateException if {@code lock}'s handle is closed
     * @throws java.io.UncheckedIOException if its files cannot be created
     */
    public static ProcessCondition create(ProcessLock lock) {
        return make(null, requireNonNull(lock, "lock"));
    }

    /**
     * Creates a new condition of {@code lock} with the given name, in the lock's directory.
     *
     * @param name the name: 1 to 193 bytes in UTF-8, no {@code /}, {@code \} or NUL
     * @param lock the lock that waiters and signallers hold
     * @return a handle on the new condition; closing it unlinks the condition (not the lock) unless {@link #keep()}
     *     is called
     * @throws IllegalArgumentException if the name is invalid
     * @throws NullPointerException if {@code name} or {@code lock} is {@code null}
     * @throws IllegalStateException if {@code lock}'s handle is closed
     * @throws java.io.UncheckedIOException if something of that name exists already, or a file cannot be created
     */
    public static ProcessCondition create(String name, ProcessLock lock) {
        return make(requireNonNull(name, "name"), requireNonNull(lock, "lock"));
    }

    /**
     * Attaches to an existing condition by name, from this or any other process, and to its lock.
     *
     * @param name the condition's name
     * @return a handle on the condition; closing it does not unlink the condition
     * @throws SharedMemoryNotFoundException if there is no condition of that name
     * @throws UntrustedSegmentException if one of its or its lock's files is a symbolic link or not a regular file,
     *     belongs to another user, or may be written by group or others
     * @throws IllegalArgumentException if the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalStateException if a segment of that name exists but is not a condition, or names no valid lock,
     *     or its lock is gone (unlinked by its creator)
     * @throws java.io.UncheckedIOException if a file cannot be opened
     */
    public static ProcessCondition attach(String name) {
        return attach(SegmentFiles.defaultDirectory(), requireNonNull(name, "name"));
    }

    private static ProcessCondition make(String name, ProcessLock lock) {
        lock.state(); // refuses a closed handle
        byte[] lockName = StrictUtf8.encode(lock.name());
        Path directory = lock.directory();
        return create(directory, name, SyncLayout.Kind.CONDITION, ConditionLayout.CAPACITY, 0,
                segment -> ConditionLayout.writeLockName(segment,
                        SyncLayout.appendedOffset(SyncLayout.DEFAULT_SLOT_COUNT), lockName),
                made -> open(directory, made, true));
    }

    static ProcessCondition attach(Path directory, String name) {
        return open(directory, name, false);
    }

    private static ProcessCondition open(Path directory, String name, boolean creator) {
        // the lock orders tickets and signals, and a ticket names its process: nothing to repair or give back
        SyncState state = SyncState.open(directory, name, SyncLayout.Kind.CONDITION, SyncState.NOTHING_HELD);
        try {
            MappedSegment segment = state.segment();
            if (state.parameter() != ConditionLayout.CAPACITY) {
                throw new IllegalStateException("'" + name + "' is not a ProcessCondition of this version: its"
                        + " ticket ring holds " + state.parameter() + ", not " + ConditionLayout.CAPACITY);
            }
            String lockName = ConditionLayout.readLockName(segment, state.appendedOffset());
            ProcessLock lock;
            try {
                lock = ProcessLock.attach(directory, lockName);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("ProcessCondition '" + name + "' names no valid lock: "
                        + e.getMessage(), e);
            } catch (SharedMemoryNotFoundException e) {
                throw new IllegalStateException("ProcessCondition '" + name + "' cannot be used: its lock '"
                        + lockName + "' is gone", e);
            }
            return new ProcessCondition(name, directory, creator, state, lock);
        } catch (RuntimeException e) {
            state.releaseHandle();
            throw e;
        }
    }

    // ---- waiting -------------------------------------------------------------------------------------------------

    /**
     * Waits until signalled or interrupted, releasing the lock meanwhile: Python's {@code wait()}.
     *
     * @throws InterruptedException if the thread is interrupted before or while waiting (it holds the lock again
     *     when this is thrown)
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     * @throws IllegalStateException if this handle is closed, or {@value ConditionLayout#CAPACITY} threads wait
     *     already
     */
    @Override
    public void await() throws InterruptedException {
        awaitTicket(Timeouts.FOREVER, true);
    }

    /**
     * Waits until signalled or {@code timeout} has passed: Python's {@code wait(timeout)}.
     *
     * @param timeout how long to wait at most, not negative; {@link Duration#ZERO} lets go of the lock and takes it
     *     back
     * @return {@code true} if signalled, {@code false} if the time ran out
     * @throws InterruptedException if the thread is interrupted before or while waiting
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     * @throws IllegalStateException if this handle is closed, or too many threads wait already
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return awaitTicket(Timeouts.toNanos(timeout), true);
    }

    /**
     * Waits until signalled; an interrupt does not end the wait, and the thread's interrupt status is set on return.
     *
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     * @throws IllegalStateException if this handle is closed, or too many threads wait already
     */
    @Override
    public void awaitUninterruptibly() {
        try {
            awaitTicket(Timeouts.FOREVER, false);
        } catch (InterruptedException e) {
            throw new AssertionError("an uninterruptible wait was interrupted", e);
        }
    }

    /**
     * Waits until signalled, interrupted or {@code nanosTimeout} has passed.
     *
     * @param nanosTimeout how long to wait at most
     * @return an estimate of the time left, zero or less if the time ran out
     * @throws InterruptedException if the thread is interrupted before or while waiting
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     * @throws IllegalStateException if this handle is closed, or too many threads wait already
     */
    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        long start = System.nanoTime();
        long nanos = Math.max(0, nanosTimeout);
        boolean signalled = awaitTicket(nanos, true);
        long left = nanos - (System.nanoTime() - start);
        return signalled ? Math.max(1, left) : Math.min(0, left);
    }

    /**
     * Waits until signalled, interrupted or the time has passed.
     *
     * @param time how long to wait at most
     * @param unit the unit of {@code time}
     * @return {@code true} if signalled, {@code false} if the time ran out
     * @throws InterruptedException if the thread is interrupted before or while waiting
     * @throws NullPointerException if {@code unit} is {@code null}
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     * @throws IllegalStateException if this handle is closed, or too many threads wait already
     */
    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return awaitTicket(Math.max(0, requireNonNull(unit, "unit").toNanos(time)), true);
    }

    /**
     * Waits until signalled, interrupted or the deadline has passed.
     *
     * @param deadline when to stop waiting
     * @return {@code true} if signalled, {@code false} if the deadline passed
     * @throws InterruptedException if the thread is interrupted before or while waiting
     * @throws NullPointerException if {@code deadline} is {@code null}
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     * @throws IllegalStateException if this handle is closed, or too many threads wait already
     */
    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        long until = requireNonNull(deadline, "deadline").getTime();
        long now = System.currentTimeMillis();
        // compared before subtracting: a deadline near Long.MIN_VALUE would wrap around to the far future
        return awaitTicket(until <= now ? 0 : TimeUnit.MILLISECONDS.toNanos(until - now), true);
    }

    /**
     * Takes a ticket, lets go of the lock, waits for the ticket's signal, and takes the lock back.
     *
     * @return whether the ticket was signalled
     */
    private boolean awaitTicket(long nanos, boolean interruptible) throws InterruptedException {
        SyncState state = state();
        LockState lockState = heldLock();
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        MappedSegment segment = state.segment();
        int appended = state.appendedOffset();
        long next = state.field(ConditionLayout.NEXT);
        long head = checkedHead(state, next);
        if (next - head >= ConditionLayout.CAPACITY) {
            head = skipOver(state, head, next, false);
            if (next - head >= ConditionLayout.CAPACITY) {
                throw new IllegalStateException(ConditionLayout.CAPACITY + " threads wait for ProcessCondition '"
                        + name() + "' already: the most it holds");
            }
        }
        long ticket = next;
        int cell = ConditionLayout.cellOffset(appended, ticket);
        segment.putLongVolatile(cell, state.token());
        segment.putLongVolatile(cell + Long.BYTES, ConditionLayout.state(ticket, ConditionLayout.WAITING));
        state.setField(ConditionLayout.NEXT, ticket + 1);
        int holds = lockState.releaseAll();

        long signalledState = ConditionLayout.state(ticket, ConditionLayout.SIGNALLED);
        boolean signalled;
        boolean interrupted = false;
        try {
            signalled = state.awaitAlone(probe -> {
                if (probe && segment.getLongVolatile(cell + Long.BYTES) != signalledState) {
                    passOnLostSignals(state, lockState, ticket);
                }
                return segment.getLongVolatile(cell + Long.BYTES) == signalledState ? Boolean.TRUE : null;
            }, Math.min(nanos, Timeouts.FOREVER), interruptible) != null;
        } catch (InterruptedException e) {
            interrupted = true;
            signalled = false;
        }
        if (!interruptible && Thread.interrupted()) {
            interrupted = true; // kept by the room for the caller; set again below, once the lock is taken back
        }
        if (!signalled) {
            // a signal that came meanwhile wins: the ticket is no longer WAITING, and the cancel fails
            signalled = !segment.compareAndSetLong(cell + Long.BYTES,
                    ConditionLayout.state(ticket, ConditionLayout.WAITING),
                    ConditionLayout.state(ticket, ConditionLayout.CANCELLED));
        }
        if (!lockState.tryAcquireFast()) {
            lockState.acquire(-1, false);
        }
        if (signalled) {
            // taken back: from now on the signal is this thread's, whatever becomes of its process
            segment.compareAndSetLong(cell + Long.BYTES, signalledState,
                    ConditionLayout.state(ticket, ConditionLayout.DONE));
        }
        lockState.restoreHolds(holds);
        if (interrupted) {
            if (interruptible && !signalled) {
                throw new InterruptedException();
            }
            Thread.currentThread().interrupt();
        }
        return signalled;
    }

    // ---- signalling ----------------------------------------------------------------------------------------------

    /**
     * Wakes the longest-waiting thread, of any process, that is still waiting and alive: Python's {@code notify()}.
     * Does nothing if no one waits.
     *
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     * @throws IllegalStateException if this handle is closed
     */
    @Override
    public void signal() {
        SyncState state = state();
        heldLock();
        skipOver(state, true);
        state.wake();
    }

    /**
     * Wakes every thread, of every process, waiting now: Python's {@code notify_all()}.
     *
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     * @throws IllegalStateException if this handle is closed
     */
    @Override
    public void signalAll() {
        SyncState state = state();
        heldLock();
        MappedSegment segment = state.segment();
        int appended = state.appendedOffset();
        long next = state.field(ConditionLayout.NEXT);
        for (long ticket = checkedHead(state, next); ticket < next; ticket++) {
            segment.compareAndSetLong(ConditionLayout.cellOffset(appended, ticket) + Long.BYTES,
                    ConditionLayout.state(ticket, ConditionLayout.WAITING),
                    ConditionLayout.state(ticket, ConditionLayout.SIGNALLED));
        }
        state.setField(ConditionLayout.HEAD, next);
        state.wake();
    }

    /**
     * Under the lock: cancels the tickets of dead waiters, passes the signal of each waiter that died signalled
     * (before it took the lock back) to the oldest live waiter after it, signals one more if {@code signal}, and moves
     * the head up to the first ticket still waiting or signalled and alive. Signals go to the oldest waiters first,
     * so every signalled ticket comes before every waiting one: with no signal left to give, the scan stops at the
     * first live waiter.
     *
     * @return the new head
     */
    private long skipOver(SyncState state, long head, long next, boolean signal) {
        MappedSegment segment = state.segment();
        int appended = state.appendedOffset();
        int owed = signal ? 1 : 0;
        long firstPending = next;
        for (long ticket = head; ticket < next; ticket++) {
            int cell = ConditionLayout.cellOffset(appended, ticket);
            long waiting = ConditionLayout.state(ticket, ConditionLayout.WAITING);
            long signalled = ConditionLayout.state(ticket, ConditionLayout.SIGNALLED);
            long now = segment.getLongVolatile(cell + Long.BYTES);
            if (now != waiting && now != signalled) {
                continue; // cancelled, done, or a former ticket's
            }
            if (state.isDeadToken(segment.getLongVolatile(cell))) {
                if (segment.compareAndSetLong(cell + Long.BYTES, now,
                        ConditionLayout.state(ticket, ConditionLayout.CANCELLED)) && now == signalled) {
                    owed++; // its waiter died before it took the lock back: the signal goes to the next one
                }
                continue;
            }
            if (now == waiting && owed > 0 && segment.compareAndSetLong(cell + Long.BYTES, waiting, signalled)) {
                owed--;
            }
            firstPending = Math.min(firstPending, ticket);
            if (now == waiting && owed == 0) {
                break;
            }
        }
        state.setField(ConditionLayout.HEAD, firstPending);
        return firstPending;
    }

    /** {@link #skipOver(SyncState, long, long, boolean)} over every ticket from the head to the next. */
    private long skipOver(SyncState state, boolean signal) {
        long next = state.field(ConditionLayout.NEXT);
        return skipOver(state, checkedHead(state, next), next, signal);
    }

    /**
     * For a waiter's periodic look, without the lock: if a waiter older than {@code ticket} died signalled and the
     * lock is free, takes the lock for a moment to pass that signal on ({@link #skipOver}), perhaps to this waiter.
     */
    private void passOnLostSignals(SyncState state, LockState lockState, long ticket) {
        if (lostSignalBefore(state, ticket) && lockState.tryAcquireFast()) {
            try {
                skipOver(state, false);
            } finally {
                lockState.release();
            }
        }
    }

    /**
     * Without the lock, for a waiter's periodic look: whether a ticket older than {@code ticket} is signalled and its
     * process dead, so that its signal is to be passed on. A hint only: {@link #skipOver} decides under the lock.
     */
    private static boolean lostSignalBefore(SyncState state, long ticket) {
        MappedSegment segment = state.segment();
        int appended = state.appendedOffset();
        long head = state.field(ConditionLayout.HEAD);
        for (long older = Math.max(head, ticket - ConditionLayout.CAPACITY + 1); older < ticket; older++) {
            int cell = ConditionLayout.cellOffset(appended, older);
            if (segment.getLongVolatile(cell + Long.BYTES)
                    == ConditionLayout.state(older, ConditionLayout.SIGNALLED)
                    && state.isDeadToken(segment.getLongVolatile(cell))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The head, checked against the next ticket.
     *
     * @throws IllegalStateException if the two cannot both be right
     */
    private long checkedHead(SyncState state, long next) {
        long head = state.field(ConditionLayout.HEAD);
        if (head < 0 || head > next || next - head > ConditionLayout.CAPACITY) {
            throw new IllegalStateException("ProcessCondition '" + name() + "' is damaged: its head ticket " + head
                    + " and next ticket " + next + " are not 0 <= head <= next <= head + "
                    + ConditionLayout.CAPACITY);
        }
        return head;
    }

    /** The lock's state, which the current thread must hold. */
    private LockState heldLock() {
        LockState lockState = lock.state();
        if (!lockState.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("the current thread does not hold ProcessLock '" + lock.name()
                    + "', the lock of ProcessCondition '" + name() + "'");
        }
        return lockState;
    }

    // ---- lifetime --------------------------------------------------------------------------------------------

    /**
     * The lock this condition is tied to: a handle of the condition's own, closed with it.
     *
     * @return the lock
     */
    public ProcessLock lock() {
        return lock;
    }

    @Override
    public ProcessCondition keep() {
        keepFiles();
        return this;
    }

    /** Closes this condition's handle on its lock, then lets go of this JVM's state of the condition. */
    @Override
    void release(SyncState current) {
        lock.close();
        super.release(current);
    }
}
