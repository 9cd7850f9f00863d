package io.github.multiprocess4j.queue;

import io.github.multiprocess4j.ipc.Timeouts;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Python's {@code unfinished_tasks} and {@code join()} for a {@link TwoLockQueue}: the number of elements put minus
 * the number marked done.
 *
 * <p>It is kept as two counts that only grow, so that a producer and a consumer each write their own. The put count
 * is the queue's count of elements ever added, raised at the tail just after the element became visible, so a put
 * pays nothing more for the task count; {@code taskDone} raises the done count with a compare-and-set, and only
 * while it stays below the put count. When the counts look equal, a put may be half-way (its element already taken,
 * not yet counted): {@code taskDone} then looks again holding the tail's gate, where no put is half-way, before it
 * says that no task is unfinished. For the same reason the unfinished count is read at the tail. Threads in
 * {@code join} wait on a condition of the queue's waiting lock; a {@code taskDone} that brings the count to zero
 * signals it only when someone is waiting.
 */
final class TaskCounter {

    private final SegmentList<?> elements;
    private final ReentrantLock waiting;
    private final Condition allDone;
    private final AtomicLong done = new AtomicLong();
    /** Threads in {@link #awaitAllDone(long)}; written only under the waiting lock. */
    private volatile int joiners;

    /**
     * @param elements the queue's storage, whose added count is the count of tasks put
     * @param waiting the queue's waiting lock, never held with a gate
     */
    TaskCounter(SegmentList<?> elements, ReentrantLock waiting) {
        this.elements = elements;
        this.waiting = waiting;
        this.allDone = waiting.newCondition();
    }

    /**
     * Marks one task done.
     *
     * @throws TooManyTaskDoneCallsException if no task is unfinished; nothing changes then
     */
    void done() {
        while (true) {
            long finished = done.get();
            if (elements.added() - finished <= 0) {
                doneAtTail();
                break;
            }
            if (done.compareAndSet(finished, finished + 1)) {
                break;
            }
        }
        wakeJoinersIfAllDone();
    }

    private void doneAtTail() {
        elements.enterTail();
        try {
            long finished;
            do {
                finished = done.get();
                if (elements.added() - finished <= 0) {
                    throw new TooManyTaskDoneCallsException(
                            "taskDone() called more times than elements were put (no task is unfinished)");
                }
            } while (!done.compareAndSet(finished, finished + 1));
        } finally {
            elements.exitTail();
        }
    }

    /**
     * Elements were removed without being handed to anyone (an immediate shutdown, {@code clear()}...): their tasks
     * will never be marked done, so they count as done now. Like Python, never goes below zero unfinished tasks
     * (which happens when {@code taskDone()} was called ahead of the gets). The caller holds both gates, and calls
     * {@link #wakeJoinersIfAllDone()} once it has left them.
     */
    void discarded(int removed) {
        while (true) {
            long finished = done.get();
            long lowered = Math.min(removed, elements.added() - finished);
            if (lowered <= 0 || done.compareAndSet(finished, finished + lowered)) {
                return;
            }
        }
    }

    /** At the tail, where no put is half-way. */
    long unfinished() {
        elements.enterTail();
        long unfinished = elements.added() - done.get();
        elements.exitTail();
        return unfinished;
    }

    /**
     * Waits until no task is unfinished.
     *
     * @param nanos at most this long, or {@link Timeouts#FOREVER}
     * @return {@code false} if the time ran out first
     */
    @SuppressWarnings("NonAtomicVolatileUpdate") // written under the waiting lock only; volatile for lock-free readers
    boolean awaitAllDone(long nanos) throws InterruptedException {
        waiting.lockInterruptibly();
        joiners++;
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
            joiners--;
            waiting.unlock();
        }
    }

    /**
     * Called with no gate held, after raising the done count. A joiner counts itself before it reads the done count,
     * and this reads the joiners after raising it, so either the joiner sees the new count or this sees the joiner
     * (which holds the waiting lock, taken here to signal, until it waits). A put half-way may make it signal for
     * nothing; the joiner then looks again and waits on.
     */
    void wakeJoinersIfAllDone() {
        if (joiners > 0 && done.get() >= elements.added()) {
            waiting.lock();
            try {
                allDone.signalAll();
            } finally {
                waiting.unlock();
            }
        }
    }
}
