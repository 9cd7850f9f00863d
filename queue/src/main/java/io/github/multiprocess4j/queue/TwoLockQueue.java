package io.github.multiprocess4j.queue;

import io.github.multiprocess4j.ipc.Timeouts;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The queue behind {@link WorkQueue}, after Michael and Scott's two-lock queue: producers add at the tail of a
 * {@link SegmentList} under the put lock, consumers take at its head under the take lock, so one producer and one
 * consumer rarely meet; the element count is atomic because both sides change it.
 *
 * <p>Each side wakes the other only on the transitions that matter (empty to not empty, full to not full), and only
 * if a thread of the other side is waiting, so that a producer and a consumer that keep up with each other never
 * take each other's lock. A waker passes the signal on while there is more to do. A thread counts itself as waiting
 * before it looks at the element count one last time, and a waker changes the count before it looks for waiters:
 * so either the waiter sees the change, or the waker sees the waiter and takes its lock to signal it (which the
 * waiter holds until it is waiting).
 *
 * <p>Shutdown: the flag lives in the same atomic word as the element count, so that every reader, with or without
 * a lock, sees the count and the flag of one moment; an immediate shutdown empties the queue and sets the flag in
 * one step. The flag is set while holding both locks, and then every waiter is signalled. A put checks it under the
 * put lock, so no put completes once it is set.
 *
 * <p>Operations that touch the middle of the queue (removal, snapshots, clear) hold both locks, always taken put lock
 * first. Elements removed that way were never handed to a consumer, so their tasks count as done; that is counted
 * before the element count drops, so that a thread that sees the drop also sees the tasks done.
 */
final class TwoLockQueue<E> {

    private static final long SHUT_DOWN = 1L << 32;
    /**
     * How many times a getter that found the queue empty looks again, spinning, before it parks: a producer that
     * keeps up puts the next element within that time (a few microseconds), and a park and its wake-up cost both
     * sides far more. The spin counts as no waiting: producers do not signal it.
     */
    static final int GET_SPINS = 128;

    private final int capacity;
    /** The number of elements in the low 32 bits, and {@link #SHUT_DOWN}. */
    private final AtomicLong state = new AtomicLong();
    private final ReentrantLock takeLock = new ReentrantLock();
    private final Condition notEmpty = takeLock.newCondition();
    private final ReentrantLock putLock = new ReentrantLock();
    private final Condition notFull = putLock.newCondition();
    private final TaskCounter tasks = new TaskCounter(putLock);
    /** Threads waiting on {@link #notEmpty}; changed only under the take lock. */
    private volatile int waitingGetters;
    /** Threads waiting on {@link #notFull}; changed only under the put lock. */
    private volatile int waitingPutters;
    /** Its head is guarded by the take lock, its tail by the put lock. */
    private final SegmentList<E> elements = new SegmentList<>();

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

    int size() {
        return countOf(state.get());
    }

    boolean isShutDown() {
        return isShutDown(state.get());
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
            while (!refusesPuts(failIfShutDown) && size() == capacity && left > 0) {
                left = awaitNotFull(left);
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
        long now = state.get();
        if (countOf(now) == 0) {
            return emptyResult(now, failIfShutDown);
        }
        takeLock.lock();
        return unlinkAndUnlock(failIfShutDown);
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
        try {
            long left = nanos;
            long now = state.get();
            if (now == 0 && left > 0) {
                now = spinWhileEmpty();
            }
            while (countOf(now) == 0 && !isShutDown(now) && left > 0) {
                left = awaitNotEmpty(left);
                now = state.get();
            }
        } catch (Throwable failure) {
            takeLock.unlock();
            throw failure;
        }
        return unlinkAndUnlock(failIfShutDown);
    }

    E peek() {
        if (size() == 0) {
            return null;
        }
        takeLock.lock();
        try {
            return size() == 0 ? null : elements.first();
        } finally {
            takeLock.unlock();
        }
    }

    /** Moves up to {@code max} elements into {@code sink}; one that {@code sink} refuses stays first in the queue. */
    int drainTo(Collection<? super E> sink, int max) {
        int moved = 0;
        boolean wasFull = false;
        takeLock.lock();
        try {
            int available = Math.min(max, size());
            while (moved < available) {
                sink.add(elements.first());
                elements.removeFirst();
                moved++;
            }
        } finally {
            if (moved > 0) {
                wasFull = countOf(state.getAndAdd(-moved)) == capacity;
            }
            takeLock.unlock();
        }
        if (wasFull) {
            signalNotFull();
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
                dropped = size();
                elements.clear();
                tasks.discarded(dropped);
                state.set(SHUT_DOWN);
            } else {
                state.getAndUpdate(now -> now | SHUT_DOWN);
            }
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
            int removed = elements.removeIf(filter, firstOnly, size());
            afterRemoval(removed);
            return removed;
        } finally {
            unlockBoth();
        }
    }

    int clear() {
        lockBoth();
        try {
            int removed = size();
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
            return elements.toArray(size());
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

    /** Under the take lock, with the queue found empty and not shut down: spins a little; the state it saw last. */
    private long spinWhileEmpty() {
        long now = 0;
        for (int spin = 0; spin < GET_SPINS && now == 0; spin++) {
            Thread.onSpinWait();
            now = state.get();
        }
        return now;
    }

    /** Under the take lock, with the queue found empty. Returns the time left. */
    @SuppressWarnings("NonAtomicVolatileUpdate") // written under the take lock only; volatile for lock-free readers
    private long awaitNotEmpty(long nanos) throws InterruptedException {
        waitingGetters++;
        try {
            return size() > 0 ? nanos : Timeouts.await(notEmpty, nanos);
        } finally {
            waitingGetters--;
        }
    }

    /** Under the put lock, with the queue found full. Returns the time left. */
    @SuppressWarnings("NonAtomicVolatileUpdate") // written under the put lock only; volatile for lock-free readers
    private long awaitNotFull(long nanos) throws InterruptedException {
        waitingPutters++;
        try {
            return size() < capacity ? nanos : Timeouts.await(notFull, nanos);
        } finally {
            waitingPutters--;
        }
    }

    private static int countOf(long state) {
        return (int) state;
    }

    private static boolean isShutDown(long state) {
        return (state & SHUT_DOWN) != 0;
    }

    /** Under the put lock: refuse because of shutdown, or throw, as the caller asked. */
    private boolean refusesPuts(boolean failIfShutDown) {
        boolean shutDown = isShutDown();
        if (shutDown && failIfShutDown) {
            throw new QueueShutDownException("the queue is shut down: it accepts no more elements");
        }
        return shutDown;
    }

    /** What a get returns, or throws, on finding the queue empty in state {@code now}. */
    @SuppressWarnings("TypeParameterUnusedInFormals") // returns null or throws: no element is cast
    private static <E> E emptyResult(long now, boolean failIfShutDown) {
        if (failIfShutDown && isShutDown(now)) {
            throw new QueueShutDownException("the queue is shut down and empty");
        }
        return null;
    }

    /**
     * Called holding the put lock, which it releases: adds {@code element} unless the queue is shut down or full.
     *
     * @throws QueueShutDownException if the queue is shut down and {@code failIfShutDown} is true
     */
    private boolean linkAndUnlock(E element, boolean failIfShutDown) {
        int before;
        try {
            if (refusesPuts(failIfShutDown) || size() == capacity) {
                return false;
            }
            before = link(element);
        } finally {
            putLock.unlock();
        }
        signalNotEmptyIfWasEmpty(before);
        return true;
    }

    /**
     * Called holding the take lock, which it releases: takes the first element, or gives what a get on an empty
     * queue gives.
     *
     * @throws QueueShutDownException if the queue is shut down and empty and {@code failIfShutDown} is true
     */
    private E unlinkAndUnlock(boolean failIfShutDown) {
        E element;
        int before;
        try {
            long now = state.get();
            if (countOf(now) == 0) {
                return emptyResult(now, failIfShutDown);
            }
            element = elements.removeFirst();
            before = countOf(state.getAndDecrement());
            passOnNotEmpty(before);
        } finally {
            takeLock.unlock();
        }
        signalNotFullIfWasFull(before);
        return element;
    }

    /** Under the put lock, which also keeps the shutdown flag from changing. Returns the count before. */
    private int link(E element) {
        elements.addLast(element);
        int before = countOf(state.getAndIncrement()); // from here on a consumer can take it
        tasks.added();
        if (before + 1 < capacity) {
            notFull.signal();
        }
        return before;
    }

    /** Under both locks: the tasks count as done, the count drops, and a putter may go on. */
    private void afterRemoval(int removed) {
        if (removed == 0) {
            return;
        }
        tasks.discarded(removed);
        int before = countOf(state.getAndAdd(-removed));
        if (before == capacity) {
            notFull.signal();
        }
    }

    /** Under the take lock, after a take: more elements left, so let the next waiting taker have one. */
    private void passOnNotEmpty(int before) {
        if (before > 1) {
            notEmpty.signal();
        }
    }

    private void signalNotEmptyIfWasEmpty(int before) {
        if (before == 0 && waitingGetters > 0) {
            takeLock.lock();
            try {
                notEmpty.signal();
            } finally {
                takeLock.unlock();
            }
        }
    }

    private void signalNotFullIfWasFull(int before) {
        if (before == capacity) {
            signalNotFull();
        }
    }

    private void signalNotFull() {
        if (waitingPutters == 0) {
            return;
        }
        putLock.lock();
        try {
            notFull.signal();
        } finally {
            putLock.unlock();
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
