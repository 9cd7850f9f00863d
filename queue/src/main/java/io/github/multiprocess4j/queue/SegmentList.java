package io.github.multiprocess4j.queue;

import java.util.function.Predicate;

/**
 * The storage of a {@link TwoLockQueue}: its elements, oldest first, in a chain of fixed-size arrays. Adding touches
 * only the tail fields and taking only the head fields, so a producer and a consumer may use it at the same time
 * under separate locks, as long as the producer publishes each element (and any new segment) through a volatile
 * write that the consumer reads first: the queue's element count. Everything else needs both locks.
 *
 * <p>Compared with a node per element, neighbouring elements share cache lines and a put allocates only once per
 * {@value #SEGMENT_SIZE} elements; a long backlog is read from memory in order.
 */
final class SegmentList<E> {

    static final int SEGMENT_SIZE = 128;

    private static final class Segment {
        final Object[] slots = new Object[SEGMENT_SIZE];
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

    void addLast(E element) {
        if (tail.index == SEGMENT_SIZE) {
            Segment next = new Segment();
            tail.segment.next = next;
            tail.segment = next;
            tail.index = 0;
        }
        tail.segment.slots[tail.index++] = element;
    }

    /** Only when there is an element. */
    E removeFirst() {
        if (head.index == SEGMENT_SIZE) {
            head.segment = head.segment.next;
            head.index = 0;
        }
        E element = elementAt(head.segment, head.index);
        head.segment.slots[head.index++] = null;
        return element;
    }

    /** Only when there is an element. */
    E first() {
        return head.index == SEGMENT_SIZE ? elementAt(head.segment.next, 0) : elementAt(head.segment, head.index);
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

        final void moveTo(Segment newSegment, int newIndex) {
            segment = newSegment;
            index = newIndex;
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
