package io.github.multiprocess4j.queue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The storage behind {@link WorkQueue}: Michael and Scott's two-lock linked queue. Producers link at the tail under
 * the put lock, consumers unlink at the head under the take lock, so one producer and one consumer rarely meet;
 * the element count is atomic because both sides change it. Each side wakes the other only on the transitions that
 * matter (empty to not empty, full to not full), and a waker passes the signal on while there is more to do.
 *
 * <p>Shutdown: the flag is set while holding both locks, and then every waiter is signalled. A put checks the flag
 * under the put lock, so no put completes after it is set; a get that finds the queue empty checks the flag and
 * then the count again, so it fails only when the queue is both shut down and empty.
 *
 * <p>Operations that touch the middle of the list (removal, snapshots, clear) hold both locks, always taken put lock
 * first. Elements removed that way were never handed to a consumer, so their tasks count as done.
 */
final class TwoLockQueue<E> {

    private static final class Node<E> {
        /** {@code null} once the element has left the queue, and in the head (the list's dummy first node). */
        E item;
        Node<E> next;

        Node(E item) {
            this.item = item;
        }
    }

    private final int capacity;
    private final TaskCounter tasks;
    private final AtomicInteger count = new AtomicInteger();
    private final ReentrantLock takeLock = new ReentrantLock();
    private final Condition notEmpty = takeLock.newCondition();
    private final ReentrantLock putLock = new ReentrantLock();
    private final Condition notFull = putLock.newCondition();
    /** Guarded by the take lock. */
    private Node<E> head = new Node<>(null);
    /** Guarded by the put lock. */
    private Node<E> tail = head;
    private volatile boolean shutDown;

    TwoLockQueue(int capacity, TaskCounter tasks) {
        this.capacity = capacity;
        this.tasks = tasks;
    }

    int capacity() {
        return capacity;
    }

    int size() {
        return count.get();
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
        Node<E> node = new Node<>(element);
        int before;
        putLock.lock();
        try {
            if (refusesPuts(failIfShutDown) || count.get() == capacity) {
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
            while (!refusesPuts(failIfShutDown) && count.get() == capacity && left > 0) {
                left = Timeouts.await(notFull, left);
            }
            if (shutDown || count.get() == capacity) {
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
        if (count.get() == 0) {
            return emptyResult(failIfShutDown);
        }
        E element;
        int before;
        takeLock.lock();
        try {
            if (count.get() == 0) {
                return emptyResult(failIfShutDown);
            }
            element = unlinkFirst();
            before = count.getAndDecrement();
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
            while (count.get() == 0) {
                if (isShutDownAndEmpty() || left <= 0) {
                    return emptyResult(failIfShutDown);
                }
                left = Timeouts.await(notEmpty, left);
            }
            element = unlinkFirst();
            before = count.getAndDecrement();
            passOnNotEmpty(before);
        } finally {
            takeLock.unlock();
        }
        signalNotFullIfWasFull(before);
        return element;
    }

    E peek() {
        if (count.get() == 0) {
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
            int available = Math.min(max, count.get());
            while (moved < available) {
                sink.add(head.next.item);
                unlinkFirst();
                moved++;
            }
        } finally {
            if (moved > 0) {
                wasFull = count.getAndAdd(-moved) == capacity;
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
            shutDown = true;
            int dropped = immediate ? discardAll() : 0;
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
            return discardAll();
        } finally {
            unlockBoth();
        }
    }

    Object[] toArray() {
        lockBoth();
        try {
            Object[] items = new Object[count.get()];
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
            List<Node<E>> nodes = new ArrayList<>(count.get());
            List<E> items = new ArrayList<>(count.get());
            for (Node<E> node = head.next; node != null; node = node.next) {
                nodes.add(node);
                items.add(node.item);
            }
            return new SnapshotIterator(nodes, items);
        } finally {
            unlockBoth();
        }
    }

    /** Under the put lock: refuse because of shutdown, or throw, as the caller asked. */
    private boolean refusesPuts(boolean failIfShutDown) {
        if (shutDown && failIfShutDown) {
            throw new QueueShutDownException("the queue is shut down: it accepts no more elements");
        }
        return shutDown;
    }

    /** The flag first: once it is set no put completes, so a count of zero read after it stays zero. */
    private boolean isShutDownAndEmpty() {
        return shutDown && count.get() == 0;
    }

    private E emptyResult(boolean failIfShutDown) {
        if (failIfShutDown && isShutDownAndEmpty()) {
            throw new QueueShutDownException("the queue is shut down and empty");
        }
        return null;
    }

    /** Under the put lock. Returns the count before. */
    private int link(Node<E> node) {
        tail.next = node;
        tail = node;
        tasks.added();
        int before = count.getAndIncrement();
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

    /** Under both locks: the count drops, the tasks count as done, and a putter may go on. */
    private void afterRemoval(int removed) {
        if (removed == 0) {
            return;
        }
        int before = count.getAndAdd(-removed);
        tasks.discarded(removed);
        if (before == capacity) {
            notFull.signal();
        }
    }

    /** Under both locks. */
    private int discardAll() {
        int removed = count.get();
        for (Node<E> node = head.next; node != null; node = node.next) {
            node.item = null;
        }
        head.next = null;
        tail = head;
        afterRemoval(removed);
        return removed;
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
