package io.github.multiprocess4j.ipc;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where the threads of this JVM wait for one kind of change in a structure in shared memory (a lock to be free, an
 * element to get, room to put, the tasks to be done). One thread at a time, the poller, looks at the shared memory
 * with a {@link Backoff}; the others wait their turn on a lock, parked, so that a JVM with many waiting threads costs
 * the machine one poller. A change made in this JVM {@linkplain #wake() wakes} the poller at once. When the poller is
 * done, the next thread in line takes over.
 *
 * <h2>Changes made by other processes</h2>
 * A room made with a structure's {@link SleeperTable} is woken across processes: once its poller has spun and yielded
 * and is about to park, it marks this process as sleeping in the table ({@link Doorbell#sleep}), looks once more, and
 * then parks for intervals that double up to {@link Backoff#DOORBELL_PARK_NANOS}; a process that changes the
 * structure rings this JVM's doorbell, whose thread {@linkplain #wake() wakes} the poller within microseconds. The mark
 * is cleared when the wait ends. The periodic look stays, as a safety net for a ring that never comes. In a JVM that
 * can use {@linkplain Futex futexes}, a poller (not a virtual thread, whose carrier a wait in the kernel would hold)
 * sleeps on the table's wake sequence instead, and a waker of another process wakes it with one system call, no
 * doorbell in between ({@link SleeperTable}); an interrupt is then seen when the sleep's interval ends, at most
 * {@link Backoff#DOORBELL_PARK_NANOS} later. A room without
 * a table, or in a JVM without a doorbell, sees another process's change at the poller's next look, within
 * {@link Backoff#MAX_PARK_NANOS}.
 *
 * <p>Thread-safety: any number of threads may wait and wake at once.
 */
public final class WaitingRoom {

    /** One look at the shared memory. */
    @FunctionalInterface
    public interface Attempt<T> {
        /**
         * Tries once.
         *
         * @param probe whether to ask if the owner of a claim in the way has died (a system call)
         * @return the result, or {@code null} to go on waiting
         */
        T attempt(boolean probe);
    }

    private final ReentrantLock line = new ReentrantLock();
    private final SleeperTable sleepers;
    private volatile Thread poller;
    /** Set by {@link #wake()}, cleared by the poller before each look while it sleeps marked. */
    private volatile boolean woken;
    /** Whether the poller sleeps, or is about to, on the sleeper table's wake sequence. */
    private volatile boolean onFutex;
    /** The wake sequence the poller read before its last look, while it sleeps on the futex. */
    private int sequence;

    /** A room whose poller polls: for changes made in this JVM, or structures without a sleeper table. */
    public WaitingRoom() {
        this(null);
    }

    /**
     * A room whose poller other processes can wake through its structure's sleeper table.
     *
     * @param sleepers the table, or {@code null} for none
     */
    public WaitingRoom(SleeperTable sleepers) {
        this.sleepers = sleepers;
    }

    /**
     * Tries until {@code attempt} returns a result, the time runs out or, for an interruptible wait, the thread is
     * interrupted. What {@code attempt} throws ends the wait.
     *
     * @param nanos how long to wait, or {@link Timeouts#FOREVER}
     * @param interruptible whether an interrupt ends the wait with {@link InterruptedException}; if not, the wait goes
     *     on (in line without a time limit) and the thread's interrupt status is set again when it ends
     * @return the result, or {@code null} if the time ran out first
     * @throws InterruptedException if the wait is interruptible and the thread is interrupted
     */
    public <T> T await(Attempt<T> attempt, long nanos, boolean interruptible) throws InterruptedException {
        boolean timed = nanos != Timeouts.FOREVER;
        long deadline = System.nanoTime() + nanos;
        if (!interruptible) {
            line.lock();
        } else if (!line.tryLock(nanos, TimeUnit.NANOSECONDS)) {
            return null;
        }
        Thread current = Thread.currentThread();
        boolean wasInterrupted = false;
        boolean asleep = false;
        try {
            poller = current;
            Backoff backoff = new Backoff();
            boolean futex = false;
            while (true) {
                if (futex) {
                    sequence = sleepers.wakeSequence();
                }
                T result = attempt.attempt(backoff.probeDue());
                if (result != null) {
                    return result;
                }
                long left = timed ? deadline - System.nanoTime() : Long.MAX_VALUE;
                if (left <= 0) {
                    return null;
                }
                if (Thread.interrupted()) {
                    if (interruptible) {
                        throw new InterruptedException();
                    }
                    wasInterrupted = true;
                }
                if (!asleep && sleepers != null && backoff.parking() && !(sleepers.futexSleeps()
                        && Futex.isVirtual(current)) && Doorbell.markAsleep(this, sleepers)) {
                    asleep = true;
                    futex = sleepers.futexSleeps();
                    backoff.ringable(futex ? this::sleepOnFutex : sleepNanos -> Doorbell.sleep(this, sleepNanos));
                    woken = false;
                    continue; // look once more before sleeping: a change made before the mark rang no one
                }
                backoff.idle(left);
                if (asleep) {
                    woken = false; // before the next look: a wake after it is seen by the next sleep
                }
            }
        } finally {
            if (asleep) {
                Doorbell.awake(this, sleepers);
            }
            poller = null;
            line.unlock();
            if (wasInterrupted) {
                current.interrupt();
            }
        }
    }

    /** Sleeps for up to {@code nanos} on the wake sequence, unless woken since the last look. */
    private void sleepOnFutex(long nanos) {
        onFutex = true;
        if (!woken) { // read after writing onFutex: a wake either sees onFutex or is seen here
            sleepers.sleep(sequence, nanos);
        }
        onFutex = false;
    }

    /** Makes the poller, if any, look again now. */
    public void wake() {
        Thread waiting = poller;
        if (waiting != null) {
            woken = true;
            if (onFutex) {
                sleepers.wakeFutexSleepers();
            }
            LockSupport.unpark(waiting);
            Doorbell.interrupt(waiting);
        }
    }

    /** Whether {@link #wake()} was called since the poller's last look, while it sleeps marked. */
    boolean wokenSinceLook() {
        return woken;
    }
}
