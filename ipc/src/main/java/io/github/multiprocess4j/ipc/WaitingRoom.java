package io.github.multiprocess4j.ipc;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where the threads of this JVM wait for one kind of change in a structure in shared memory (a lock to be free, an
 * element to get, room to put, the tasks to be done). One thread at a time, the poller, looks at the shared memory
 * with a {@link Backoff}; the others wait their turn on a lock, parked, so that a JVM with many waiting threads costs
 * the machine one poller. A change made in this JVM {@linkplain #wake() wakes} the poller at once; one made in another
 * process is seen at the poller's next look, within {@link Backoff#MAX_PARK_NANOS}. When the poller is done, the next
 * thread in line takes over.
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
    private volatile Thread poller;

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
        try {
            poller = current;
            Backoff backoff = new Backoff();
            while (true) {
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
                backoff.idle(left);
            }
        } finally {
            poller = null;
            line.unlock();
            if (wasInterrupted) {
                current.interrupt();
            }
        }
    }

    /** Makes the poller, if any, look again now. */
    public void wake() {
        Thread waiting = poller;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }
}
