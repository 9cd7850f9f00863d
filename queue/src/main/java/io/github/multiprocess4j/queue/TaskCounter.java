package io.github.multiprocess4j.queue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Python's {@code unfinished_tasks} and {@code join()}: the number of elements put minus the number marked done.
 *
 * <p>It is kept as two counts that only grow, so that a producer and a consumer each write their own: {@code put}
 * counts under the queue's put lock (one writer at a time, no compare-and-set needed), {@code taskDone} counts with
 * a compare-and-set that refuses to pass the number put. Readers read the done count first: it never exceeds the
 * put count, so the difference is never negative. Threads in {@code join} wait on a condition that is signalled
 * whenever the difference reaches zero.
 */
final class TaskCounter {

    /** Written only by the thread holding the queue's put lock. */
    private volatile long put;
    private final AtomicLong done = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition allDone = lock.newCondition();

    /** One more element was put. The caller holds the queue's put lock. */
    void added() {
        put = put + 1;
    }

    /**
     * Marks one task done.
     *
     * @throws TooManyTaskDoneCallsException if no task is unfinished; nothing changes then
     */
    void done() {
        long finished;
        do {
            finished = done.get();
            if (put - finished <= 0) {
                throw new TooManyTaskDoneCallsException(
                        "taskDone() called more times than elements were put (no task is unfinished)");
            }
        } while (!done.compareAndSet(finished, finished + 1));
        signalIfAllDone(finished + 1);
    }

    /**
     * Elements were removed without being handed to anyone (an immediate shutdown, {@code clear()}...): their tasks
     * will never be marked done, so they count as done now. Like Python, never goes below zero unfinished tasks
     * (which happens when {@code taskDone()} was called ahead of the gets). The caller holds the queue's put lock.
     */
    void discarded(int removed) {
        while (true) {
            long finished = done.get();
            long lowered = Math.min(removed, put - finished);
            if (lowered <= 0) {
                return;
            }
            if (done.compareAndSet(finished, finished + lowered)) {
                signalIfAllDone(finished + lowered);
                return;
            }
        }
    }

    long unfinished() {
        long finished = done.get();
        return put - finished;
    }

    /**
     * Waits until no task is unfinished.
     *
     * @param nanos at most this long, or {@link Timeouts#FOREVER}
     * @return {@code false} if the time ran out first
     */
    boolean awaitAllDone(long nanos) throws InterruptedException {
        if (unfinished() == 0) {
            return true;
        }
        lock.lockInterruptibly();
        try {
            long left = nanos;
            while (unfinished() > 0) {
                if (left <= 0) {
                    return false;
                }
                left = Timeouts.await(allDone, left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Called after raising the done count to {@code finished}. Joiners check the counts while holding the lock, so
     * one that saw unfinished tasks is already waiting by the time this takes the lock.
     */
    private void signalIfAllDone(long finished) {
        if (put == finished) {
            lock.lock();
            try {
                allDone.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public String toString() {
        return unfinished() + " unfinished tasks";
    }
}
