package io.github.multiprocess4j.queue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The storage behind {@link WorkQueue}: Michael and Scott's two-lock linked queue. Producers link at the tail under
 * the put lock, consumers unlink at the head under the take lock, so one producer and one consumer rarely meet;
 * the element count is atomic because both sides change it. Each side wakes the other only on the transitions that
 * matter (empty to not empty, full to not full), and a waker passes the signal on while there is more to do.
 *
 * <p>Shutdown: the flag lives in the same atomic word as the element count, so that every reader, with or without
 * a lock, sees the count and the flag of one moment; an immediate shutdown empties the queue and sets the flag in
 * one step. The flag is set while holding both locks, and then every waiter is signalled. A put checks it under the
 * put lock, so no put completes once it is set.
 *
 * <p>Operations that touch the middle of the list (removal, snapshots, clear) hold both locks, always taken put lock
 * first. Elements removed that way were never handed to a consumer, so their tasks count as done; that is counted
 * before the element count drops, so that a thread that sees the drop also sees the tasks done.
 */
final class TwoLockQueue<E> {

    private static final long SHUT_DOWN = 1L << 32;

    private static final class Node<E> {
        /** {@code null} once the element has left the queue, and in the head (the list's dummy first node). */
        E item;
        Node<E> next;

        Node(E item) {
            this.item = item;
        }
    }

    private final int capacity;
    /** The number of elements in the low 32 bits, and {@link #SHUT_DOWN}. */
    private final AtomicLong state = new AtomicLong();
    private final ReentrantLock takeLock = new ReentrantLock();
    private final Condition notEmpty = takeLock.newCondition();
    private final ReentrantLock putLock = new ReentrantLock();
    private final Condition notFull = putLock.newCondition();
    private final TaskCounter tasks = new TaskCounter(putLock);
    /** Guarded by the take lock. */
    private Node<E> head = new Node<>(null);
    /** Guarded by the put lock. */
    private Node<E> tail = head;

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
        return elements(state.get());
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
        Node<E> node = new Node<>(element);
        int before;
        putLock.lock();
        try {
            if (refusesPuts(failIfShutDown) || size() == capacity) {
                return false;
            }
            before = link(node);
        } finally {
            putLock.unlock();
        }
        signalNotEmptyIfWasEmpty(before);
        return true;
    }

    /**
     * Adds {@code element}, waiting at most {@code nanos} for room.
     *
     * @return {@code false} if no room appeared in time, or the queue is shut down and {@code failIfShutDown} is
     *     false
     * @throws QueueShutDownException if the queue is or becomes shut down and {@code failIfShutDown} is true
     */
    boolean enqueue(E element, long nanos, boolean failIfShutDown) throws InterruptedException {
        Node<E> node = new Node<>(element);
        int before;
        putLock.lockInterruptibly();
        try {
            long left = nanos;
            while (!refusesPuts(failIfShutDown) && size() == capacity && left > 0) {
                left = Timeouts.await(notFull, left);
            }
            if (isShutDown() || size() == capacity) {
                return false;
            }
            before = link(node);
        } finally {
            putLock.unlock();
        }
        signalNotEmptyIfWasEmpty(before);
        return true;
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
        if (elements(now) == 0) {
            return emptyResult(now, failIfShutDown);
        }
        E element;
        int before;
        takeLock.lock();
        try {
            now = state.get();
            if (elements(now) == 0) {
                return emptyResult(now, failIfShutDown);
            }
            element = unlinkFirst();
            before = elements(state.getAndDecrement());
            passOnNotEmpty(before);
        } finally {
            takeLock.unlock();
        }
        signalNotFullIfWasFull(before);
        return element;
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
        E element;
        int before;
        takeLock.lockInterruptibly();
        try {
            long left = nanos;
            long now;
            while (elements(now = state.get()) == 0) {
                if (isShutDown(now) || left <= 0) {
                    return emptyResult(now, failIfShutDown);
                }
                left = Timeouts.await(notEmpty, left);
            }
            element = unlinkFirst();
            before = elements(state.getAndDecrement());
            passOnNotEmpty(before);
        } finally {
            takeLock.unlock();
        }
        signalNotFullIfWasFull(before);
        return element;
    }

    E peek() {
        if (size() == 0) {
            return null;
        }
        takeLock.lock();
        try {
            Node<E> first = head.next;
            return first == null ? null : first.item;
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
                sink.add(head.next.item);
                unlinkFirst();
                moved++;
            }
        } finally {
            if (moved > 0) {
                wasFull = elements(state.getAndAdd(-moved)) == capacity;
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
                dropped = unlinkAll();
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
        int removed = 0;
        lockBoth();
        try {
            for (Node<E> trail = head, node = trail.next; node != null; node = trail.next) {
                if (filter.test(node.item)) {
                    unlink(trail, node);
                    removed++;
                    if (firstOnly) {
                        break;
                    }
                } else {
                    trail = node;
                }
            }
        } finally {
            afterRemoval(removed); // also when the filter threw part way
            unlockBoth();
        }
        return removed;
    }

    int clear() {
        lockBoth();
        try {
            int removed = unlinkAll();
            afterRemoval(removed);
            return removed;
        } finally {
            unlockBoth();
        }
    }

    Object[] toArray() {
        lockBoth();
        try {
            Object[] items = new Object[size()];
            int i = 0;
            for (Node<E> node = head.next; node != null; node = node.next) {
                items[i++] = node.item;
            }
            return items;
        } finally {
            unlockBoth();
        }
    }

    /** An iterator over the elements present now; its {@code remove()} removes that very element if still queued. */
    Iterator<E> snapshotIterator() {
        lockBoth();
        try {
            List<Node<E>> nodes = new ArrayList<>(size());
            List<E> items = new ArrayList<>(size());
            for (Node<E> node = head.next; node != null; node = node.next) {
                nodes.add(node);
                items.add(node.item);
            }
            return new SnapshotIterator(nodes, items);
        } finally {
            unlockBoth();
        }
    }

    private static int elements(long state) {
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
    private static <E> E emptyResult(long now, boolean failIfShutDown) {
        if (failIfShutDown && isShutDown(now)) {
            throw new QueueShutDownException("the queue is shut down and empty");
        }
        return null;
    }

    /** Under the put lock, which also keeps the shutdown flag from changing. Returns the count before. */
    private int link(Node<E> node) {
        tail.next = node;
        tail = node;
        int before = elements(state.getAndIncrement()); // from here on a consumer can take it
        tasks.added();
        if (before + 1 < capacity) {
            notFull.signal();
        }
        return before;
    }

    /** Under the take lock, with at least one element. */
    private E unlinkFirst() {
        Node<E> oldHead = head;
        Node<E> first = oldHead.next;
        oldHead.next = null;
        head = first;
        E item = first.item;
        first.item = null;
        return item;
    }

    /** Under both locks. */
    private void unlink(Node<E> trail, Node<E> node) {
        node.item = null;
        trail.next = node.next;
        if (tail == node) {
            tail = trail;
        }
    }

    /** Under both locks. Returns how many there were; the caller adjusts the counts. */
    private int unlinkAll() {
        int removed = size();
        for (Node<E> node = head.next; node != null; node = node.next) {
            node.item = null;
        }
        head.next = null;
        tail = head;
        return removed;
    }

    /** Under both locks: the tasks count as done, the count drops, and a putter may go on. */
    private void afterRemoval(int removed) {
        if (removed == 0) {
            return;
        }
        tasks.discarded(removed);
        int before = elements(state.getAndAdd(-removed));
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
        if (before == 0) {
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
        private final List<Node<E>> nodes;
        private final List<E> items;
        private int next;
        private Node<E> lastReturned;

        SnapshotIterator(List<Node<E>> nodes, List<E> items) {
            this.nodes = nodes;
            this.items = items;
        }

        @Override
        public boolean hasNext() {
            return next < items.size();
        }

        @Override
        public E next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            lastReturned = nodes.get(next);
            return items.get(next++);
        }

        @Override
        public void remove() {
            if (lastReturned == null) {
                throw new IllegalStateException("next() has not been called since the last remove()");
            }
            Node<E> target = lastReturned;
            lastReturned = null;
            removeNode(target);
        }
    }

    private void removeNode(Node<E> target) {
        lockBoth();
        try {
            for (Node<E> trail = head, node = trail.next; node != null; trail = node, node = node.next) {
                if (node == target) {
                    unlink(trail, node);
                    afterRemoval(1);
                    return;
                }
            }
        } finally {
            unlockBoth();
        }
    }
}
