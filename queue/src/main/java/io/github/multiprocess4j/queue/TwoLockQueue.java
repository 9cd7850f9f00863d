package io.github.multiprocess4j.queue;

import io.github.multiprocess4j.ipc.Backoff;
import io.github.multiprocess4j.ipc.Timeouts;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The queue behind {@link WorkQueue}, after Michael and Scott's two-lock queue: producers add at the tail of a
 * {@link SegmentList}, consumers take at its head, each side holding its end's gate (one compare-and-set to enter, a
 * release store to leave; see {@link SegmentList#enterTail()}). The two sides share no word that both write: each
 * end counts the elements that passed it, a consumer finds the queue empty from the slot at the head, and a producer
 * finds it full from the consumers' count, read again only when the limit it last saw is reached. So a producer and
 * a consumer that keep up with each other write to no common cache line but the element's own slot, and each pays
 * one uncontended compare-and-set per element.
 *
 * <p>Waiting: threads that must wait (getters on an empty queue, putters on a full one, joiners) park on conditions
 * of one lock, {@link #waiting}, which no put or take touches unless someone waits. A getter takes that lock, counts
 * itself in {@link #getters}, then enters the tail's gate to look at the counts one last time (no put is
 * half-way there), and waits. A put reads {@link #getters} after entering the tail's gate: if the getter's
 * look came first, the put sees the count (the gate orders them); if the put came first, the getter sees its
 * element. A put that sees a waiter signals it after leaving the gate, taking the waiting lock, which the getter
 * holds until it waits: no signal is lost. Putters on a full queue and takes are the same, mirrored. When nobody
 * waits, the other side pays one read of a field. Every put signals one waiting getter and every take one waiting
 * putter, so that no signal needs passing on, unless as many signals are already on their way as there are waiters
 * ({@link Waiters}). No thread takes the waiting lock while it holds a gate.
 *
 * <p>Shutdown: the flag is changed only while holding both gates, and then every waiter is signalled; so a thread
 * holding either gate sees it fixed. A put checks it at the tail, so no put completes once it is set; a get that
 * finds the queue empty reads it at the head, where no put can follow it once set. An immediate shutdown empties the
 * queue under both gates too.
 *
 * <p>Unfinished tasks are the elements ever added minus those marked done ({@link TaskCounter}): the tail's count is
 * the first number, so a put costs nothing more for {@code taskDone}/{@code join}.
 *
 * <p>Operations that touch the middle of the queue (removal, snapshots, clear) hold both gates, tail first;
 * {@code size()} holds the tail's, where no put is half-way. Elements removed that way were never handed to a
 * consumer, so their tasks count as done; that is counted before the elements leave, so that a thread that sees them
 * gone also sees the tasks done.
 */
final class TwoLockQueue<E> {

    /**
     * How many times a getter that found the queue empty (or a putter that found it full) looks again, spinning,
     * before it yields (for up to {@link Backoff#YIELD_UNTIL_NANOS}, looking between yields) and then parks: a
     * producer that keeps up puts the next element within that time, or a consumer takes one, and a park and its
     * wake-up cost both sides far more; on two cores a bounded queue's producer and consumer that park fall into
     * taking turns, a wake-up for every few hundred elements. The spin and the yields count as no waiting: the other
     * side does not signal them.
     */
    static final int SPINS = 128;
    /**
     * A put that finds room for fewer than this many elements (a quarter of the capacity, if less) looks again, spinning,
     * up to {@link #ROOM_SPINS} times, for more, and then goes ahead with the room it has: a producer that keeps a queue
     * full would otherwise read the consumers' count, a cache line they write at every take, at every put.
     */
    static final int ROOM_BATCH = 16;
    static final int ROOM_SPINS = 32;

    private final int capacity;
    private final int roomBatch;
    /** Its tail, added count and tail gate belong to producers; its head, removed count and head gate to consumers. */
    private final SegmentList<E> elements = new SegmentList<>();
    /** Held only to wait or to signal a waiter; never while holding a gate. */
    private final ReentrantLock waiting = new ReentrantLock();
    /** Getters waiting for an element; counted under the waiting lock, read by puts at the tail. */
    private final Waiters getters = new Waiters(waiting);
    /** Putters waiting for room; counted under the waiting lock, read by takes at the head. */
    private final Waiters putters = new Waiters(waiting);
    private final TaskCounter tasks = new TaskCounter(elements, waiting);
    /** Changed only under both gates. */
    private volatile boolean shutDown;
    /** The added count up to which puts need not look at the removed count; the tail's. */
    private long putLimit;

    TwoLockQueue(int capacity) {
        this.capacity = capacity;
        this.roomBatch = Math.min(ROOM_BATCH, capacity / 4);
    }

    /** The count of unfinished tasks, which puts raise and removals lower. */
    TaskCounter tasks() {
        return tasks;
    }

    int capacity() {
        return capacity;
    }

    /** At the tail, where no put is half-way: the removed count, read once, gives the size of a moment. */
    int size() {
        elements.enterTail();
        int size = sizeNow();
        elements.exitTail();
        return size;
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
        elements.enterTail();
        boolean shut = shutDown;
        if (shut || !hasRoom()) {
            elements.exitTail();
            return refused(shut, failIfShutDown);
        }
        link(element);
        return true;
    }

    /**
     * Adds {@code element}, waiting at most {@code nanos} for room.
     *
     * @return {@code false} if no room appeared in time, or the queue is shut down and {@code failIfShutDown} is
     *     false
     * @throws QueueShutDownException if the queue is or becomes shut down and {@code failIfShutDown} is true
     * @throws InterruptedException if the thread is interrupted on entry or while waiting
     */
    boolean enqueue(E element, long nanos, boolean failIfShutDown) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        elements.enterTail();
        if (shutDown || !hasRoom()) {
            elements.exitTail();
            return enqueueAfterWaiting(element, nanos, failIfShutDown);
        }
        link(element);
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
        elements.enterHead();
        E element = elements.pollFirst();
        return element != null ? unlink(element) : emptyResult(failIfShutDown);
    }

    /**
     * Takes the first element, waiting at most {@code nanos} for one.
     *
     * @return the element, or {@code null} if none came in time, or the queue is shut down and empty and
     *     {@code failIfShutDown} is false
     * @throws QueueShutDownException if the queue is or becomes shut down and empty and {@code failIfShutDown} is
     *     true
     * @throws InterruptedException if the thread is interrupted on entry or while waiting
     */
    E dequeue(long nanos, boolean failIfShutDown) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        elements.enterHead();
        E element = elements.pollFirst();
        return element != null ? unlink(element) : dequeueAfterWaiting(nanos, failIfShutDown);
    }

    E peek() {
        elements.enterHead();
        E first = elements.first();
        elements.exitHead();
        return first;
    }

    /** Moves up to {@code max} elements into {@code sink}; one that {@code sink} refuses stays first in the queue. */
    int drainTo(Collection<? super E> sink, int max) {
        int moved = 0;
        elements.enterHeadForCallerCode();
        boolean wake;
        try {
            for (E next = elements.first(); moved < max && next != null; next = elements.first()) {
                sink.add(next);
                elements.pollFirst();
                moved++;
            }
        } finally {
            if (moved > 0) {
                elements.countRemoved(moved);
            }
            elements.forgetTaken();
            wake = putters.unsignalled();
            elements.exitHeadForCallerCode();
        }
        if (moved > 0 && wake) {
            signal(putters, moved);
        }
        return moved;
    }

    /**
     * Shuts the queue down and wakes every waiting thread; with {@code immediate}, also empties it.
     *
     * @return how many elements were dropped
     */
    int shutDown(boolean immediate) {
        int dropped = 0;
        elements.enterBoth();
        try {
            if (immediate) {
                dropped = sizeNow();
                tasks.discarded(dropped);
                elements.clear();
                elements.countRemoved(dropped);
            }
            shutDown = true;
        } finally {
            elements.exitBoth();
        }
        waiting.lock();
        try {
            getters.condition.signalAll();
            putters.condition.signalAll();
        } finally {
            waiting.unlock();
        }
        tasks.wakeJoinersIfAllDone();
        return dropped;
    }

    /**
     * Removes every element matching {@code filter}, or only the first one.
     *
     * @return how many were removed
     */
    int removeMatching(Predicate<? super E> filter, boolean firstOnly) {
        int removed;
        elements.enterBoth();
        try {
            removed = elements.removeIf(filter, firstOnly, sizeNow());
            countRemoval(removed);
        } finally {
            elements.exitBoth();
        }
        afterRemoval(removed);
        return removed;
    }

    int clear() {
        int removed;
        elements.enterBoth();
        try {
            removed = sizeNow();
            elements.clear();
            countRemoval(removed);
        } finally {
            elements.exitBoth();
        }
        afterRemoval(removed);
        return removed;
    }

    Object[] toArray() {
        elements.enterBoth();
        try {
            return elements.toArray(sizeNow());
        } finally {
            elements.exitBoth();
        }
    }

    /**
     * An iterator over the elements present now. Its {@code remove()} removes the element it returned last if that
     * object is still in the queue (its first occurrence, if it was put more than once).
     */
    Iterator<E> snapshotIterator() {
        return new SnapshotIterator(toArray());
    }

    /** At the tail: the added count is exact, the removed count is read once. */
    private int sizeNow() {
        long size = elements.added() - elements.removed();
        return (int) Math.max(0, Math.min(size, capacity));
    }

    /**
     * At the tail: whether a put may add now. Reads the consumers' count only when the added count reaches the limit
     * it gave last time, so that a producer does not read a cache line that consumers keep writing.
     */
    private boolean hasRoom() {
        if (elements.added() < putLimit) {
            return true;
        }
        if (!hasRoomNow()) {
            return false;
        }
        for (int spin = 0; spin < ROOM_SPINS && putLimit - elements.added() < roomBatch; spin++) {
            Thread.onSpinWait();
            hasRoomNow();
        }
        return true;
    }

    /** At the tail, at the limit: reads the consumers' count again for a new one. */
    private boolean hasRoomNow() {
        putLimit = elements.removed() + capacity;
        return elements.added() < putLimit;
    }

    /** At the tail, with room and not shut down: adds {@code element}, leaves the tail, wakes a getter if one waits. */
    private void link(E element) {
        try {
            elements.addLast(element); // counted: from here on a consumer can take it
        } catch (Throwable failure) { // out of memory for a new segment: nothing was added
            elements.exitTail();
            throw failure;
        }
        boolean wake = getters.unsignalled();
        elements.exitTail();
        if (wake) {
            signal(getters, 1);
        }
    }

    /** At the head: counts {@code element} taken, leaves the head, wakes a putter if one waits. */
    private E unlink(E element) {
        elements.countRemoved(1);
        boolean wake = putters.unsignalled();
        elements.exitHead();
        if (wake) {
            signal(putters, 1);
        }
        return element;
    }

    /**
     * At the head, with the queue found empty: leaves the head and gives what a get gives. The shutdown flag cannot
     * change while the head is held, and no put follows it once set, so an empty queue seen with the flag set stays
     * empty.
     *
     * @throws QueueShutDownException if the queue is shut down and {@code failIfShutDown} is true
     */
    @SuppressWarnings("TypeParameterUnusedInFormals") // returns null or throws: no element is cast
    private <T> T emptyResult(boolean failIfShutDown) {
        elements.forgetTaken();
        boolean shut = shutDown;
        elements.exitHead();
        if (failIfShutDown && shut) {
            throw new QueueShutDownException("the queue is shut down and empty");
        }
        return null;
    }

    /** What a put refused because of shutdown or a full queue gives. */
    private static boolean refused(boolean shut, boolean failIfShutDown) {
        if (shut && failIfShutDown) {
            throw new QueueShutDownException("the queue is shut down: it accepts no more elements");
        }
        return false;
    }

    /** With no gate held, after a put found the queue shut down or full: waits for room, then adds. */
    private boolean enqueueAfterWaiting(E element, long nanos, boolean failIfShutDown) throws InterruptedException {
        long left = nanos;
        boolean spun = false;
        while (true) {
            elements.enterTail();
            boolean shut = shutDown;
            if (!shut && (hasRoom() || !spun && left > 0 && spinWhileFull(left))) {
                link(element);
                return true;
            }
            spun = true;
            elements.exitTail();
            if (shut || left <= 0) {
                return refused(shut, failIfShutDown);
            }
            left = awaitNotFull(left);
        }
    }

    /**
     * At the head, after a get found the queue empty: spins a little, then waits (leaving the head meanwhile) until
     * an element comes, the queue is shut down, or {@code nanos} ran out.
     */
    private E dequeueAfterWaiting(long nanos, boolean failIfShutDown) throws InterruptedException {
        if (nanos <= 0 || shutDown) {
            return emptyResult(failIfShutDown);
        }
        E element = spinWhileEmpty(nanos);
        long left = nanos;
        while (element == null) {
            if (shutDown || left <= 0) {
                return emptyResult(failIfShutDown);
            }
            elements.forgetTaken();
            elements.exitHead();
            left = awaitNotEmpty(left);
            elements.enterHead();
            element = elements.pollFirst();
        }
        return unlink(element);
    }

    /**
     * At the tail, with the queue found full and not shut down: spins a little, then yields for up to {@code nanos};
     * whether room came.
     */
    private boolean spinWhileFull(long nanos) {
        for (int spin = 0; spin < SPINS; spin++) {
            Thread.onSpinWait();
            if (hasRoomNow()) {
                return true;
            }
        }
        return Backoff.yieldWhile(() -> !hasRoomNow(), nanos);
    }

    /**
     * At the head, with the queue found empty and not shut down: spins a little, then yields for up to {@code nanos};
     * the element it got, or {@code null} if none came.
     */
    private E spinWhileEmpty(long nanos) {
        E element = null;
        for (int spin = 0; spin < SPINS && element == null; spin++) {
            Thread.onSpinWait();
            element = elements.pollFirst();
        }
        if (element == null && Backoff.yieldWhile(() -> elements.first() == null, nanos)) {
            element = elements.pollFirst();
        }
        return element;
    }

    /**
     * With no gate held, after finding the queue empty: waits, unless a put came in the meantime or the queue is
     * shut down. Returns the time left.
     */
    private long awaitNotEmpty(long nanos) throws InterruptedException {
        return awaitUnless(getters, nanos, () -> {
            elements.enterTail(); // no put half-way here: the counts are exact, and later puts see this getter
            boolean ready = shutDown || elements.added() > elements.removed();
            elements.exitTail();
            return ready;
        });
    }

    /**
     * With no gate held, after finding the queue full: waits, unless a take came in the meantime or the queue is
     * shut down. Returns the time left.
     */
    private long awaitNotFull(long nanos) throws InterruptedException {
        return awaitUnless(putters, nanos, () -> {
            elements.enterHead(); // later takes see this putter
            boolean ready = shutDown || elements.added() - elements.removed() < capacity;
            elements.exitHead();
            return ready;
        });
    }

    /**
     * Under the waiting lock: counts the caller among {@code waiters}, then waits at most {@code nanos} on their
     * condition unless {@code lastLook} (which passes through the other side's gate) says it need not.
     */
    @SuppressWarnings("NonAtomicVolatileUpdate") // written under the waiting lock only; volatile for the other side
    private long awaitUnless(Waiters waiters, long nanos, BooleanSupplier lastLook) throws InterruptedException {
        waiting.lockInterruptibly();
        try {
            waiters.count++;
            try {
                return lastLook.getAsBoolean() ? nanos : Timeouts.await(waiters.condition, nanos);
            } finally {
                waiters.count--;
                if (waiters.signalled > 0) {
                    waiters.signalled--; // this one's, or one for a waiter that will find nobody left to wake
                }
            }
        } finally {
            waiting.unlock();
        }
    }

    /** With no gate held: wakes up to {@code count} of {@code waiters} that no signal is on its way to yet. */
    @SuppressWarnings("NonAtomicVolatileUpdate") // written under the waiting lock only
    private void signal(Waiters waiters, int count) {
        waiting.lock();
        try {
            for (int i = 0; i < count && waiters.unsignalled(); i++) {
                waiters.signalled++;
                waiters.condition.signal();
            }
        } finally {
            waiting.unlock();
        }
    }

    /** Under both gates: the tasks count as done, then the elements count as gone. */
    private void countRemoval(int removed) {
        if (removed > 0) {
            tasks.discarded(removed);
            elements.countRemoved(removed);
        }
    }

    /** With no gate held, after a removal: waiting putters may go on, and joiners may be done. */
    private void afterRemoval(int removed) {
        if (removed > 0) {
            if (putters.unsignalled()) {
                signal(putters, removed);
            }
            tasks.wakeJoinersIfAllDone();
        }
    }

    /**
     * Threads waiting for one thing: their condition of the waiting lock, how many there are, and how many signals
     * are on their way to them. A woken thread needs time to run again (a whole time slice on a busy machine); until
     * it has, puts (or takes) see that a signal is already on its way and do not take the waiting lock again for it.
     * A waiter leaving (woken, timed out or not waiting after all) takes one signal off, so that the signals counted
     * never exceed the waiters not waiting on the condition: a thread still waiting on it is always signalled.
     */
    private static final class Waiters {
        final Condition condition;
        /** Written under the waiting lock only; read by the other side, which then signals under that lock. */
        volatile int count;
        /** Signals sent and not yet taken off by a leaving waiter; written under the waiting lock only. */
        volatile int signalled;

        Waiters(ReentrantLock waiting) {
            condition = waiting.newCondition();
        }

        /** Whether some of these waiters may have no signal on its way: the other side should signal. */
        boolean unsignalled() {
            int waiting = count;
            return waiting > 0 && waiting > signalled;
        }
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
