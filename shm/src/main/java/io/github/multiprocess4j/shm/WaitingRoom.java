package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.ipc.Timeouts;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where the threads of this JVM wait for one kind of change in a {@link SharedQueue} (an element to get, room to put,
 * the tasks to be done). One thread at a time, the poller, watches the shared memory with a {@link Pause}; the others
 * wait their turn on a lock, parked, so that a JVM with many waiting threads costs the machine one poller. A change
 * made in this JVM {@linkplain #wake() wakes} the poller at once; one made in another process is seen at the
 * poller's next look, within {@link Pause#MAX_PARK_NANOS}. When the poller is done, the next thread in line takes
 * over.
 */
final class WaitingRoom {

    /** One look at the queue. */
    @FunctionalInterface
    interface Attempt<T> {
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
     * Tries until {@code attempt} returns a result, the time runs out, the thread is interrupted or the queue is
     * closed. What {@code attempt} throws ends the wait.
     *
     * @param nanos how long to wait, or {@link Timeouts#FOREVER}
     * @param queue the queue, checked for being closed between attempts
     * @return the result, or {@code null} if the time ran out first
     */
    <T> T await(Attempt<T> attempt, long nanos, QueueState queue) throws InterruptedException {
        boolean timed = nanos != Timeouts.FOREVER;
        long deadline = System.nanoTime() + nanos;
        if (!timed) {
            line.lockInterruptibly();
        } else if (!line.tryLock(nanos, TimeUnit.NANOSECONDS)) {
            return null;
        }
        try {
            poller = Thread.currentThread();
            Pause pause = new Pause();
            while (true) {
                queue.checkOpen();
                T result = attempt.attempt(pause.probeDue());
                if (result != null) {
                    return result;
                }
                long left = timed ? deadline - System.nanoTime() : Long.MAX_VALUE;
                if (left <= 0) {
                    return null;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                pause.pause(left);
            }
        } finally {
            poller = null;
            line.unlock();
        }
    }

    /** Makes the poller, if any, look again now. */
    void wake() {
        Thread waiting = poller;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }
}
