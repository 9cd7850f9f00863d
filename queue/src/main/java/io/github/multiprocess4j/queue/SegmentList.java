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
    private Segment head = new Segment();
    private int headIndex;
    /** Where the next element is added; the producer's side. */
    private Segment tail = head;
    private int tailIndex;

    void addLast(E element) {
        if (tailIndex == SEGMENT_SIZE) {
            Segment next = new Segment();
            tail.next = next;
            tail = next;
            tailIndex = 0;
        }
        tail.slots[tailIndex++] = element;
    }

    /** Only when there is an element. */
    E removeFirst() {
        if (headIndex == SEGMENT_SIZE) {
            head = head.next;
            headIndex = 0;
        }
        E element = elementAt(head, headIndex);
        head.slots[headIndex++] = null;
        return element;
    }

    /** Only when there is an element. */
    E first() {
        return headIndex == SEGMENT_SIZE ? elementAt(head.next, 0) : elementAt(head, headIndex);
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
        head = new Segment();
        headIndex = 0;
        tail = head;
        tailIndex = 0;
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
        tail = newTail;
        tailIndex = newTailIndex;
        tail.next = null;
    }

    @SuppressWarnings("unchecked")
    private static <E> E elementAt(Segment segment, int index) {
        return (E) segment.slots[index];
    }

    /** A position in the chain, starting at the head. */
    private final class Cursor {
        Segment segment = head;
        int index = headIndex;

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
