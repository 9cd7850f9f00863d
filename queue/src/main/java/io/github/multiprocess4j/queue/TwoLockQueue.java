package io.github.multiprocess4j.queue;

import io.github.multiprocess4j.ipc.Timeouts;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The queue behind {@link WorkQueue}, after Michael and Scott's two-lock queue: producers add at the tail of a
 * {@link SegmentList} under the put lock, consumers take at its head under the take lock. The two sides share no
 * word that both write: each end of the list counts the elements that passed it, a consumer finds the queue empty
 * from the slot at the head, and a producer finds it full from the consumers' count (read again only when the
 * limit it last saw is reached). So a producer and a consumer that keep up with each other never write to the same
 * cache line except the element's own slot, and each pays one uncontended lock per element.
 *
 * <p>Waiting: a getter that finds the queue empty waits on a condition of the <em>put</em> lock, and a putter that
 * finds it full on a condition of the <em>take</em> lock. It lets go of its own lock, takes the other side's, counts
 * itself in {@link #waitingGetters} (or {@link #waitingPutters}), looks at the counts one last time, and waits; the
 * other side, which holds that lock for every put (or take) anyway, reads the waiter count there and signals one
 * waiter. So no signal is lost, no thread ever holds one lock while it takes the other (but the operations that hold
 * both), and when nobody waits the other side pays one read of a field on its own lock's side. Every put signals one
 * waiting getter, and every take (or removal) one waiting putter, so that no signal needs passing on.
 *
 * <p>Shutdown: the flag is changed only while holding both locks, and then every waiter is signalled; so a thread
 * holding either lock sees it fixed. A put checks it under the put lock, so no put completes once it is set; a get
 * that finds the queue empty reads it under the take lock, where no put can follow it once set. An immediate
 * shutdown empties the queue under both locks too.
 *
 * <p>Unfinished tasks are the elements ever added minus those marked done ({@link TaskCounter}): the tail's count is
 * the first number, so a put costs nothing more for {@code taskDone}/{@code join}.
 *
 * <p>Operations that touch the middle of the queue (removal, snapshots, clear) and {@code size()} hold both locks or
 * the put lock, always taken put lock first. Elements removed that way were never handed to a consumer, so their
 * tasks count as done; that is counted before the elements leave, so that a thread that sees them gone also sees the
 * tasks done.
 */
final class TwoLockQueue<E> {

    /**
     * How many times a getter that found the queue empty looks again, spinning, before it parks: a producer that
     * keeps up puts the next element within that time (a few microseconds), and a park and its wake-up cost both
     * sides far more. The spin counts as no waiting: producers do not signal it.
     */
    static final int GET_SPINS = 128;

    private final int capacity;
    private final ReentrantLock putLock = new ReentrantLock();
    /** Getters wait here, on the put lock, which every put holds when it may signal them. */
    private final Condition notEmpty = putLock.newCondition();
    /** Keeps the two locks' state words, written by every put and every take, off each other's cache line. */
    @SuppressWarnings({"unused", "UnusedVariable"})
    private final long[] lockSpacer = new long[16];
    private final ReentrantLock takeLock = new ReentrantLock();
    /** Putters wait here, on the take lock, which every take holds when it may signal them. */
    private final Condition notFull = takeLock.newCondition();
    /** Its tail and added count are guarded by the put lock, its head and removed count by the take lock. */
    private final SegmentList<E> elements = new SegmentList<>();
    private final TaskCounter tasks = new TaskCounter(putLock, elements::added);
    /** Changed only under both locks. */
    private volatile boolean shutDown;
    /** Threads waiting on {@link #notEmpty}; read and written only under the put lock. */
    private int waitingGetters;
    /** Threads waiting on {@link #notFull}; read and written only under the take lock. */
    private int waitingPutters;
    /** The added count up to which puts need not look at the removed count; the put lock's. */
    private long putLimit;

    TwoLockQueue(int capacity) {
        this.capacity = capacity;
    }

    /** The count of unfinished tasks, which puts raise and removals lower. */
    TaskCounter tasks() {
        return tasks;
    }

    int capacity() {
        return capacity;
    }

    /** Under the put lock, where no put is half-way: the removed count, read once, gives the size of a moment. */
    int size() {
        putLock.lock();
        try {
            return sizeNow();
        } finally {
            putLock.unlock();
        }
    }

    boolean isShutDown() {
        return shutDown;
    }

    /**
     * Adds {@code element} if there is room now.
     *
     * @return {@code false} if the queue is full, or shut down and {@code failIfShutDown} is false
     * @throws QueueShutDownException if the queue is shut down and {@code failIfShutDown} is true
     */
    boolean enqueueNow(E element, boolean failIfShutDown) {
        putLock.lock();
        return linkAndUnlock(element, failIfShutDown);
    }

    /**
     * Adds {@code element}, waiting at most {@code nanos} for room.
     *
     * @return {@code false} if no room appeared in time, or the queue is shut down and {@code failIfShutDown} is
     *     false
     * @throws QueueShutDownException if the queue is or becomes shut down and {@code failIfShutDown} is true
     */
    boolean enqueue(E element, long nanos, boolean failIfShutDown) throws InterruptedException {
        putLock.lockInterruptibly();
        try {
            long left = nanos;
            while (!refusesPuts(failIfShutDown) && !hasRoom() && left > 0) {
                putLock.unlock();
                try {
                    left = awaitNotFull(left);
                } finally {
                    putLock.lock();
                }
            }
        } catch (Throwable failure) {
            putLock.unlock();
            throw failure;
        }
        return linkAndUnlock(element, failIfShutDown);
    }

    /**
     * Takes the first element if there is one now.
     *
     * @return the element, or {@code null} if the queue is empty (and {@code failIfShutDown} is false or it is not
     *     shut down)
     * @throws QueueShutDownException if the queue is shut down and empty and {@code failIfShutDown} is true
     */
    E dequeueNow(boolean failIfShutDown) {
        takeLock.lock();
        return unlinkAndUnlock(elements.pollFirst(), failIfShutDown);
    }

    /**
     * Takes the first element, waiting at most {@code nanos} for one.
     *
     * @return the element, or {@code null} if none came in time, or the queue is shut down and empty and
     *     {@code failIfShutDown} is false
     * @throws QueueShutDownException if the queue is or becomes shut down and empty and {@code failIfShutDown} is
     *     true
     */
    E dequeue(long nanos, boolean failIfShutDown) throws InterruptedException {
        takeLock.lockInterruptibly();
        E element;
        try {
            element = elements.pollFirst();
            if (element == null && nanos > 0 && !shutDown) {
                element = spinWhileEmpty();
                long left = nanos;
                while (element == null && !shutDown && left > 0) {
                    elements.forgetTaken();
                    takeLock.unlock();
                    try {
                        left = awaitNotEmpty(left);
                    } finally {
                        takeLock.lock();
                    }
                    element = elements.pollFirst();
                }
            }
        } catch (Throwable failure) {
            takeLock.unlock();
            throw failure;
        }
        return unlinkAndUnlock(element, failIfShutDown);
    }

    E peek() {
        takeLock.lock();
        try {
            return elements.first();
        } finally {
            takeLock.unlock();
        }
    }

    /** Moves up to {@code max} elements into {@code sink}; one that {@code sink} refuses stays first in the queue. */
    int drainTo(Collection<? super E> sink, int max) {
        int moved = 0;
        takeLock.lock();
        try {
            for (E next = elements.first(); moved < max && next != null; next = elements.first()) {
                sink.add(next);
                elements.pollFirst();
                moved++;
            }
        } finally {
            if (moved > 0) {
                elements.countRemoved(moved);
                signalNotFullIfWaiting(moved);
            }
            elements.forgetTaken();
            takeLock.unlock();
        }
        return moved;
    }

    /**
     * Shuts the queue down and wakes every waiting thread; with {@code immediate}, also empties it.
     *
     * @return how many elements were dropped
     */
    int shutDown(boolean immediate) {
        lockBoth();
        try {
            int dropped = 0;
            if (immediate) {
                dropped = sizeNow();
                tasks.discarded(dropped);
                elements.clear();
                elements.countRemoved(dropped);
            }
            shutDown = true;
            notEmpty.signalAll();
            notFull.signalAll();
            return dropped;
        } finally {
            unlockBoth();
        }
    }

    /**
     * Removes every element matching {@code filter}, or only the first one.
     *
     * @return how many were removed
     */
    int removeMatching(Predicate<? super E> filter, boolean firstOnly) {
        lockBoth();
        try {
            int removed = elements.removeIf(filter, firstOnly, sizeNow());
            afterRemoval(removed);
            return removed;
        } finally {
            unlockBoth();
        }
    }

    int clear() {
        lockBoth();
        try {
            int removed = sizeNow();
            elements.clear();
            afterRemoval(removed);
            return removed;
        } finally {
            unlockBoth();
        }
    }

    Object[] toArray() {
        lockBoth();
        try {
            return elements.toArray(sizeNow());
        } finally {
            unlockBoth();
        }
    }

    /**
     * An iterator over the elements present now. Its {@code remove()} removes the element it returned last if that
     * object is still in the queue (its first occurrence, if it was put more than once).
     */
    Iterator<E> snapshotIterator() {
        return new SnapshotIterator(toArray());
    }

    /** Under the put lock: the added count is exact, the removed count is read once. */
    private int sizeNow() {
        long size = elements.added() - elements.removed();
        return (int) Math.max(0, Math.min(size, capacity));
    }

    /**
     * Under the put lock: whether a put may add now. Reads the consumers' count only when the added count reaches
     * the limit it gave last time, so that a producer does not read a cache line that consumers keep writing.
     */
    private boolean hasRoom() {
        long added = elements.added();
        if (added < putLimit) {
            return true;
        }
        putLimit = elements.removed() + capacity;
        return added < putLimit;
    }

    /** Under the take lock, with the queue found empty and not shut down: spins a little; the element it got. */
    private E spinWhileEmpty() {
        E element = null;
        for (int spin = 0; spin < GET_SPINS && element == null; spin++) {
            Thread.onSpinWait();
            element = elements.pollFirst();
        }
        return element;
    }

    /**
     * With no lock held, after finding the queue empty: waits on the put lock's condition, unless a put came in the
     * meantime or the queue is shut down. Under the put lock no put is half-way, so the counts are exact. Returns the
     * time left.
     */
    private long awaitNotEmpty(long nanos) throws InterruptedException {
        putLock.lockInterruptibly();
        waitingGetters++;
        try {
            return shutDown || elements.added() > elements.removed() ? nanos : Timeouts.await(notEmpty, nanos);
        } finally {
            waitingGetters--;
            putLock.unlock();
        }
    }

    /**
     * With no lock held, after finding the queue full: waits on the take lock's condition, unless a take came in the
     * meantime or the queue is shut down. Returns the time left.
     */
    private long awaitNotFull(long nanos) throws InterruptedException {
        takeLock.lockInterruptibly();
        waitingPutters++;
        try {
            return shutDown || elements.added() - elements.removed() < capacity
                    ? nanos : Timeouts.await(notFull, nanos);
        } finally {
            waitingPutters--;
            takeLock.unlock();
        }
    }

    /** Under the put lock: refuse because of shutdown, or throw, as the caller asked. */
    private boolean refusesPuts(boolean failIfShutDown) {
        boolean refused = shutDown;
        if (refused && failIfShutDown) {
            throw new QueueShutDownException("the queue is shut down: it accepts no more elements");
        }
        return refused;
    }

    /**
     * Called holding the put lock, which it releases: adds {@code element} unless the queue is shut down or full.
     *
     * @throws QueueShutDownException if the queue is shut down and {@code failIfShutDown} is true
     */
    private boolean linkAndUnlock(E element, boolean failIfShutDown) {
        try {
            if (refusesPuts(failIfShutDown) || !hasRoom()) {
                return false;
            }
            elements.addLast(element); // counted: from here on a consumer can take it
            if (waitingGetters > 0) {
                notEmpty.signal();
            }
            return true;
        } finally {
            putLock.unlock();
        }
    }

    /**
     * Called holding the take lock, which it releases: counts {@code element} taken, or gives what a get on an
     * empty queue gives. The shutdown flag cannot change while the take lock is held, and no put follows it once
     * set, so an empty queue seen with the flag set stays empty.
     *
     * @throws QueueShutDownException if the queue is shut down and empty and {@code failIfShutDown} is true
     */
    private E unlinkAndUnlock(E element, boolean failIfShutDown) {
        try {
            if (element == null) {
                elements.forgetTaken();
                if (failIfShutDown && shutDown) {
                    throw new QueueShutDownException("the queue is shut down and empty");
                }
                return null;
            }
            elements.countRemoved(1);
            signalNotFullIfWaiting(1);
            return element;
        } finally {
            takeLock.unlock();
        }
    }

    /** Under both locks: the tasks count as done, then the elements count as gone, and waiting putters may go on. */
    private void afterRemoval(int removed) {
        if (removed == 0) {
            return;
        }
        tasks.discarded(removed);
        elements.countRemoved(removed);
        signalNotFullIfWaiting(removed);
    }

    /** Under the take lock, after {@code freed} elements left: wakes as many waiting putters. */
    private void signalNotFullIfWaiting(int freed) {
        for (int i = 0; i < freed && i < waitingPutters; i++) {
            notFull.signal();
        }
    }

    private void lockBoth() {
        putLock.lock();
        takeLock.lock();
    }

    private void unlockBoth() {
        takeLock.unlock();
        putLock.unlock();
    }

    private final class SnapshotIterator implements Iterator<E> {
        private final Object[] snapshot;
        private int next;
        private Object lastReturned;

        SnapshotIterator(Object[] snapshot) {
            this.snapshot = snapshot;
        }

        @Override
        public boolean hasNext() {
            return next < snapshot.length;
        }

        @Override
        @SuppressWarnings("unchecked")
        public E next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            lastReturned = snapshot[next++];
            return (E) lastReturned;
        }

        @Override
        @SuppressWarnings("ReferenceEquality") // removes the very element next() returned, not an equal one
        public void remove() {
            if (lastReturned == null) {
                throw new IllegalStateException("next() has not been called since the last remove()");
            }
            Object target = lastReturned;
            lastReturned = null;
            removeMatching(element -> element == target, true);
        }
    }
}
