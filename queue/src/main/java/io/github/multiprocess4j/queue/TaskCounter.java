package io.github.multiprocess4j.queue;

import io.github.multiprocess4j.ipc.Timeouts;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Python's {@code unfinished_tasks} and {@code join()} for a {@link TwoLockQueue}: the number of elements put minus
 * the number marked done.
 *
 * <p>It is kept as two counts that only grow, so that a producer and a consumer each write their own. The put count
 * is the queue's count of elements ever added, raised under the queue's put lock just after the element became
 * visible, so a put pays nothing more for the task count; {@code taskDone} raises the done
 * count with a compare-and-set, and only while it stays below the put count. When the counts look equal, a put may
 * be half-way (its element already taken, not yet counted): {@code taskDone} then looks again under the put lock,
 * where no put is half-way, before it says that no task is unfinished. For the same reason the unfinished count is
 * read under the put lock, and threads in {@code join} wait on a condition of that lock; a {@code taskDone} that
 * brings the count to zero signals it only when someone is waiting.
 */
final class TaskCounter {

    private final ReentrantLock putLock;
    private final Condition allDone;
    /**
     * Elements ever put: written only under the put lock, volatile. Readers outside the lock may see a put half-way
     * (its element already taken, not yet counted), which only sends {@code taskDone} to its locked path.
     */
    private final LongSupplier put;
    private final AtomicLong done = new AtomicLong();
    /** Threads in {@link #awaitAllDone(long)}; written only under the put lock. */
    private volatile int joiners;

    /**
     * @param putLock the queue's put lock, under which {@code puts} changes
     * @param puts how many elements were ever put, counted after each became visible
     */
    TaskCounter(ReentrantLock putLock, LongSupplier puts) {
        this.putLock = putLock;
        this.allDone = putLock.newCondition();
        this.put = puts;
    }

    /**
     * Marks one task done.
     *
     * @throws TooManyTaskDoneCallsException if no task is unfinished; nothing changes then
     */
    void done() {
        while (true) {
            long finished = done.get();
            if (put.getAsLong() - finished <= 0) {
                doneUnderPutLock();
                return;
            }
            if (done.compareAndSet(finished, finished + 1)) {
                signalIfAllDone(finished + 1);
                return;
            }
        }
    }

    private void doneUnderPutLock() {
        putLock.lock();
        try {
            long finished;
            do {
                finished = done.get();
                if (put.getAsLong() - finished <= 0) {
                    throw new TooManyTaskDoneCallsException(
                            "taskDone() called more times than elements were put (no task is unfinished)");
                }
            } while (!done.compareAndSet(finished, finished + 1));
            if (put.getAsLong() == finished + 1) {
                allDone.signalAll();
            }
        } finally {
            putLock.unlock();
        }
    }

    /**
     * Elements were removed without being handed to anyone (an immediate shutdown, {@code clear()}...): their tasks
     * will never be marked done, so they count as done now. Like Python, never goes below zero unfinished tasks
     * (which happens when {@code taskDone()} was called ahead of the gets). The caller holds the put lock.
     */
    void discarded(int removed) {
        while (true) {
            long finished = done.get();
            long lowered = Math.min(removed, put.getAsLong() - finished);
            if (lowered <= 0) {
                return;
            }
            if (done.compareAndSet(finished, finished + lowered)) {
                if (put.getAsLong() == finished + lowered) {
                    allDone.signalAll();
                }
                return;
            }
        }
    }

    long unfinished() {
        putLock.lock();
        try {
            return put.getAsLong() - done.get();
        } finally {
            putLock.unlock();
        }
    }

    /**
     * Waits until no task is unfinished.
     *
     * @param nanos at most this long, or {@link Timeouts#FOREVER}
     * @return {@code false} if the time ran out first
     */
    @SuppressWarnings("NonAtomicVolatileUpdate") // written under the put lock only; volatile for lock-free readers
    boolean awaitAllDone(long nanos) throws InterruptedException {
        putLock.lockInterruptibly();
        joiners++;
        try {
            long left = nanos;
            while (put.getAsLong() - done.get() > 0) {
                if (left <= 0) {
                    return false;
                }
                left = Timeouts.await(allDone, left);
            }
            return true;
        } finally {
            joiners--;
            putLock.unlock();
        }
    }

    /**
     * Called after raising the done count to {@code finished} without the lock. A joiner counts itself before it
     * reads the done count, and this reads the joiners after raising it, so either the joiner sees the new count or
     * this sees the joiner (which then waits for the lock this takes to signal).
     */
    private void signalIfAllDone(long finished) {
        if (put.getAsLong() == finished && joiners > 0) {
            putLock.lock();
            try {
                allDone.signalAll();
            } finally {
                putLock.unlock();
            }
        }
    }
}
