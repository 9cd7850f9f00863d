package io.github.multiprocess4j.shm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A {@link RingMemory} in this JVM's heap, for tests of the ring's protocol without a segment: words in an
 * {@link AtomicLongArray} (which lincheck's model checker understands), the bytes of elements in a separate buffer.
 * The ring never reads a word as bytes or the other way round, so the two need not overlap.
 */
final class HeapRingMemory implements RingMemory {

    private final AtomicLongArray words;
    private final ByteBuffer elements;

    HeapRingMemory(long size) {
        words = new AtomicLongArray((int) (size / Long.BYTES));
        elements = ByteBuffer.allocate((int) size).order(ByteOrder.nativeOrder());
    }

    /** A queue whose ring lives in a new heap memory, with the given idea of which processes are alive. */
    static <E> SharedQueue<E> queue(int capacity, int maxElementBytes, Liveness liveness) {
        return SharedQueue.over(state(capacity, maxElementBytes, liveness));
    }

    static QueueState state(int capacity, int maxElementBytes, Liveness liveness) {
        RingLayout layout = RingLayout.of(capacity, maxElementBytes);
        HeapRingMemory memory = new HeapRingMemory(layout.segmentSize());
        layout.initialize(memory);
        return QueueState.inHeap("heap", new Ring("heap", memory, layout, liveness));
    }

    @Override
    public long getVolatile(int offset) {
        return words.get(offset / Long.BYTES);
    }

    @Override
    public long getAcquire(int offset) {
        return words.getAcquire(offset / Long.BYTES);
    }

    @Override
    public void setRelease(int offset, long value) {
        words.setRelease(offset / Long.BYTES, value);
    }

    @Override
    public boolean compareAndSet(int offset, long expected, long value) {
        return words.compareAndSet(offset / Long.BYTES, expected, value);
    }

    @Override
    public long getAndBitwiseOr(int offset, long bits) {
        long before;
        do {
            before = words.get(offset / Long.BYTES);
        } while (!words.compareAndSet(offset / Long.BYTES, before, before | bits));
        return before;
    }

    @Override
    public ByteBuffer elements() {
        return elements;
    }
}
