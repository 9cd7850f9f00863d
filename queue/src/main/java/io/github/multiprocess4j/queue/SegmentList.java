package io.github.multiprocess4j.queue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The storage of a {@link TwoLockQueue}: its elements, oldest first, in a chain of fixed-size arrays, and how many
 * elements ever passed each end, and a gate for each end. Adding touches only the tail and taking only the head, so
 * one producer and one consumer may use it at the same time (each holding its end's gate) without writing to each
 * other's cache lines: each end's position, count and gate share one cache line, padded off the other's.
 *
 * <pre>
 *   head (consumer side)                                  tail (producer side)
 *   segment, index, removed count      padding            segment, index, added count
 *        |                                                     |
 *        v                                                     v
 *   [ null | ... | e16 | e17 | e18 | ... | e127 ] --next--> [ e128 | e129 | null | ... | null ]
 *     cleared     taken,   ^head                            ^tail: an empty slot at the head means nothing to
 *                 cleared later                             take yet; each slot is written once, release store
 * </pre>
 *
 * <p>Visibility: the producer writes an element into its slot with a release store, and links a new segment before
 * it writes into it; the consumer reads slots and links with acquire loads. So the consumer finds out that the
 * queue is empty from the slot at the head itself, not from a count shared with the producer, and whatever the
 * producer did before adding an element happens-before the consumer that sees it. Each end's count is written only
 * from that end's side, with a release store, after the elements it counts left or entered the chain; the other
 * side, {@code size()} and the waiting logic read it with acquire loads. No store here needs a fence. Everything else
 * (removal from the middle, snapshots, clearing) needs both locks.
 *
 * <p>Compared with a node per element, neighbouring elements share cache lines and a put allocates only once per
 * {@value #SEGMENT_SIZE} elements; a long backlog is read from memory in order.
 */
final class SegmentList<E> {

    static final int SEGMENT_SIZE = 128;
    /**
     * How many slots behind the head the consumer clears at once, and how far behind: far enough (64 bytes or more)
     * that the producer, which writes at or after the head, never shares the cache line being cleared.
     */
    static final int CLEAR_BATCH = 16;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle NEXT;
    private static final VarHandle COUNT;
    private static final VarHandle GATE;
    /** Attempts at a taken gate that spin before a thread yields, and then before it sleeps between attempts. */
    private static final int GATE_SPINS = 64;
    private static final int GATE_YIELDS = 64;
    private static final long GATE_SLEEP_NANOS = 20_000;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEXT = lookup.findVarHandle(Segment.class, "next", Segment.class);
            COUNT = lookup.findVarHandle(End.class, "count", long.class); // End: the exact type of every call
            GATE = lookup.findVarHandle(End.class, "gate", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Segment {
        final Object[] slots = new Object[SEGMENT_SIZE];
        /** Written once with a release store, before any slot of the next segment. */
        Segment next;
    }

    /** Where the next element is taken from; the consumer's side. */
    private final End head;
    /** Where the next element is added; the producer's side. */
    private final End tail;

    SegmentList() {
        Segment first = new Segment();
        head = new End(first);
        tail = new End(first);
    }

    /**
     * Lets the calling thread alone work at the tail (the producers' side): one compare-and-set when no other
     * thread is there. A thread that finds another there spins, then yields, then sleeps a little between attempts,
     * for a put holds the tail for a few nanoseconds; only an operation on the middle of the queue holds it longer.
     * Entering is an acquire, leaving ({@link #exitTail()}) a release: what a thread did at the tail happens-before
     * what the next one does there. Not reentrant.
     *
     * @throws IllegalStateException if the calling thread holds both ends for code of the caller's
     *     ({@link #enterBoth()}), which called back into the queue
     */
    void enterTail() {
        enter(tail);
    }

    void exitTail() {
        GATE.setRelease(tail, 0);
    }

    /** Lets the calling thread alone work at the head (the consumers' side), as {@link #enterTail()} the tail. */
    void enterHead() {
        enter(head);
    }

    void exitHead() {
        GATE.setRelease(head, 0);
    }

    /**
     * Holds both ends, tail first, for an operation that may run the caller's code (a filter, an {@code equals}, a
     * sink): if that code calls back into the queue, it fails with an {@link IllegalStateException} instead of
     * waiting for itself forever.
     */
    void enterBoth() {
        enterTail();
        enterHead();
        Thread self = Thread.currentThread();
        tail.holder = self;
        head.holder = self;
    }

    void exitBoth() {
        head.holder = null;
        tail.holder = null;
        exitHead();
        exitTail();
    }

    /** Holds the head for an operation that runs the caller's code, as {@link #enterBoth()} both ends. */
    void enterHeadForCallerCode() {
        enterHead();
        head.holder = Thread.currentThread();
    }

    void exitHeadForCallerCode() {
        head.holder = null;
        exitHead();
    }

    private static void enter(End end) {
        if (!GATE.compareAndSet(end, 0, 1)) {
            enterSlowly(end);
        }
    }

    private static void enterSlowly(End end) {
        if (end.holder == Thread.currentThread()) {
            throw new IllegalStateException("the queue was called from the code it runs while it holds itself "
                    + "(a removeIf filter, an equals, a contains, a drainTo sink): that code must not use this queue");
        }
        for (int attempt = 0; !GATE.compareAndSet(end, 0, 1); attempt++) {
            if (attempt < GATE_SPINS) {
                Thread.onSpinWait();
            } else if (attempt < GATE_SPINS + GATE_YIELDS) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(GATE_SLEEP_NANOS);
            }
        }
    }

    /**
     * Adds {@code element} at the tail, then counts it: a reader that sees the new count also sees the element. The
     * producer's side only.
     */
    void addLast(E element) {
        End end = tail;
        if (end.index == SEGMENT_SIZE) {
            startSegment();
        }
        SLOT.setRelease(end.segment.slots, end.index++, element);
        COUNT.setRelease(end, end.count + 1);
    }

    /** Links a new segment after the full one at the tail; out of {@link #addLast}, which stays small to inline. */
    private void startSegment() {
        Segment next = new Segment();
        NEXT.setRelease(tail.segment, next);
        tail.moveTo(next, 0);
    }

    /**
     * Takes the element at the head, if one is there; does not count it (see {@link #countRemoved(int)}). The
     * consumer's side only.
     *
     * @return the element, or {@code null} if the queue is empty (or its next element is not written yet)
     */
    E pollFirst() {
        End end = head;
        if (end.index == SEGMENT_SIZE && !nextSegment()) {
            return null;
        }
        Object[] slots = end.segment.slots;
        @SuppressWarnings("unchecked")
        E element = (E) SLOT.getAcquire(slots, end.index);
        if (element != null && ++end.index - end.forgotten >= 2 * CLEAR_BATCH) {
            forget(slots, end.forgotten + CLEAR_BATCH);
        }
        return element;
    }

    /** Moves the head to the next segment if the producer has linked one; out of {@link #pollFirst}. */
    private boolean nextSegment() {
        Segment next = (Segment) NEXT.getAcquire(head.segment);
        if (next == null) {
            return false;
        }
        head.moveTo(next, 0);
        return true;
    }

    /**
     * Drops the references the head's segment still holds to elements already taken, so that they can be collected;
     * for a consumer that found the queue empty. Elements taken while the queue is busy are dropped
     * {@value #CLEAR_BATCH} at a time, a little behind the head, and all at once when the head moves to the next
     * segment (the old one is then garbage). The consumer's side only.
     */
    void forgetTaken() {
        forget(head.segment.slots, head.index);
    }

    /** Clears the head's segment from where it last stopped up to {@code end}; plain writes, no producer reads them. */
    private void forget(Object[] slots, int end) {
        Arrays.fill(slots, head.forgotten, end, null);
        head.forgotten = end;
    }

    /** The element at the head, left there, or {@code null} if there is none yet. The consumer's side only. */
    E first() {
        Segment segment = head.segment;
        int index = head.index;
        if (index == SEGMENT_SIZE) {
            segment = (Segment) NEXT.getAcquire(segment);
            if (segment == null) {
                return null;
            }
            index = 0;
        }
        @SuppressWarnings("unchecked")
        E element = (E) SLOT.getAcquire(segment.slots, index);
        return element;
    }

    /** How many elements were ever added: written by the producer's side only, after the element. */
    long added() {
        return (long) COUNT.getAcquire(tail);
    }

    /** How many elements ever left, taken or removed: written by the consumer's side (or with both locks) only. */
    long removed() {
        return (long) COUNT.getAcquire(head);
    }

    /** Counts {@code taken} more elements as gone, after they left the chain. The consumer's side only. */
    void countRemoved(int taken) {
        COUNT.setRelease(head, head.count + taken);
    }

    /** The first {@code count} elements (all of them, when the caller holds both locks). */
    Object[] toArray(int count) {
        Object[] elements = new Object[count];
        Cursor reader = new Cursor();
        for (int i = 0; i < count; i++) {
            elements[i] = reader.next();
        }
        return elements;
    }

    /**
     * Removes the elements {@code filter} accepts (only the first one, with {@code firstOnly}) and closes the gaps.
     * The filter sees every element before anything moves, so if it throws, nothing is removed. Both locks held.
     *
     * @param count how many elements there are
     * @return how many were removed
     */
    int removeIf(Predicate<? super E> filter, boolean firstOnly, int count) {
        boolean[] doomed = new boolean[count];
        int removed = 0;
        Cursor reader = new Cursor();
        for (int i = 0; i < count && !(firstOnly && removed > 0); i++) {
            if (filter.test(reader.next())) {
                doomed[i] = true;
                removed++;
            }
        }
        if (removed > 0) {
            compact(doomed);
        }
        return removed;
    }

    /** Drops every element. Both locks held. */
    void clear() {
        Segment first = new Segment();
        head.moveTo(first, 0);
        tail.moveTo(first, 0);
    }

    /** Moves the elements that stay towards the head, over the doomed ones, and clears the slots left behind. */
    private void compact(boolean[] doomed) {
        Cursor reader = new Cursor();
        Cursor writer = new Cursor();
        for (boolean drop : doomed) {
            E element = reader.next();
            if (!drop) {
                writer.put(element);
            }
        }
        Segment newTail = writer.segment;
        int newTailIndex = writer.index;
        while (writer.segment != reader.segment || writer.index != reader.index) {
            writer.put(null);
        }
        tail.moveTo(newTail, newTailIndex);
        newTail.next = null;
    }

    /**
     * One end of the chain. The head is written by every take and the tail by every put, from different threads:
     * the padding keeps them off each other's cache line (the JVM lays out a superclass's fields first).
     */
    @SuppressWarnings("UnusedVariable") // padding: keeps the hot fields off each other's cache line
    private static final class End extends EndFields {
        long p10, p11, p12, p13, p14, p15, p16, p17;

        End(Segment segment) {
            moveTo(segment, 0);
        }
    }

    /** The fields of an {@link End}, between two paddings. */
    private abstract static class EndFields extends EndPadding {
        Segment segment;
        int index;
        /** How many elements passed this end; written only from this end's side, read through {@link #COUNT}. */
        long count;
        /** At the head: the slots before it in its segment are cleared. */
        int forgotten;
        /** 1 while a thread works at this end, through {@link #GATE}. */
        int gate;
        /** The thread holding this end while it runs the caller's code, or {@code null}; its own writes only. */
        Thread holder;

        final void moveTo(Segment newSegment, int newIndex) {
            segment = newSegment;
            index = newIndex;
            forgotten = newIndex;
        }
    }

    @SuppressWarnings("UnusedVariable") // padding: keeps the hot fields off each other's cache line
    private abstract static class EndPadding {
        long p00, p01, p02, p03, p04, p05, p06, p07;
    }

    // TypeParameterUnusedInFormals: one unchecked cast for every caller's element type
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
    private static <E> E elementAt(Segment segment, int index) {
        return (E) segment.slots[index];
    }

    /** A position in the chain, starting at the head. */
    private final class Cursor {
        Segment segment = head.segment;
        int index = head.index;

        E next() {
            step();
            return elementAt(segment, index++);
        }

        void put(E element) {
            step();
            segment.slots[index++] = element;
        }

        private void step() {
            if (index == SEGMENT_SIZE) {
                segment = segment.next;
                index = 0;
            }
        }
    }
}
