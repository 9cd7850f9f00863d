package io.github.multiprocess4j.queue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A {@link RingMemory} in this JVM's heap, for tests of the ring's protocol without a segment: words in an
 * {@link AtomicLongArray} (which lincheck's model checker understands), the bytes of elements in a separate array.
 * The ring never reads a word as bytes or the other way round, so the two need not overlap.
 */
final class HeapRingMemory implements RingMemory {

    private final AtomicLongArray words;
    private final byte[] bytes;
    private final ByteBuffer view;

    HeapRingMemory(long size) {
        words = new AtomicLongArray((int) (size / Long.BYTES));
        bytes = new byte[(int) size];
        view = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    }

    /** A queue whose ring lives in a new heap memory, with the given idea of which processes are alive. */
    static <E> SharedQueue<E> queue(int capacity, int maxElementBytes, Liveness liveness) {
        return SharedQueue.over(state(capacity, maxElementBytes, liveness));
    }

    static QueueState state(int capacity, int maxElementBytes, Liveness liveness) {
        RingLayout layout = RingLayout.of(capacity, maxElementBytes);
        HeapRingMemory memory = new HeapRingMemory(layout.segmentSize());
        layout.initialize(memory);
        return QueueState.inHeap("heap", new Ring(memory, layout, liveness));
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
    public byte getByte(int offset) {
        return bytes[offset];
    }

    @Override
    public void putByte(int offset, byte value) {
        bytes[offset] = value;
    }

    @Override
    public int getInt(int offset) {
        return view.getInt(offset);
    }

    @Override
    public void putInt(int offset, int value) {
        view.putInt(offset, value);
    }

    /** A word at an aligned offset (the layout writes the first stamps this way), element bytes elsewhere. */
    @Override
    public long getLong(int offset) {
        return offset % Long.BYTES == 0 ? words.getPlain(offset / Long.BYTES) : view.getLong(offset);
    }

    @Override
    public void putLong(int offset, long value) {
        if (offset % Long.BYTES == 0) {
            words.setPlain(offset / Long.BYTES, value);
        } else {
            view.putLong(offset, value);
        }
    }

    @Override
    public void getBytes(int offset, byte[] destination, int length) {
        System.arraycopy(bytes, offset, destination, 0, length);
    }

    @Override
    public void putBytes(int offset, byte[] source, int length) {
        System.arraycopy(source, 0, bytes, offset, length);
    }
}
