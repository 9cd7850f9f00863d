package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.ipc.MappedSegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A {@link RingMemory} over a mapped segment: its words through the segment's own atomic accesses (atomic across
 * processes), the bytes of elements through a native-order view of it.
 */
final class MappedRingMemory implements RingMemory {

    private final MappedSegment segment;
    private final ByteBuffer elements;

    MappedRingMemory(MappedSegment segment) {
        this.segment = segment;
        this.elements = segment.view(ByteOrder.nativeOrder());
    }

    @Override
    public long getVolatile(int offset) {
        return segment.getLongVolatile(offset);
    }

    @Override
    public long getAcquire(int offset) {
        return segment.getLongAcquire(offset);
    }

    @Override
    public void setRelease(int offset, long value) {
        segment.putLongRelease(offset, value);
    }

    @Override
    public boolean compareAndSet(int offset, long expected, long value) {
        return segment.compareAndSetLong(offset, expected, value);
    }

    @Override
    public long getAndBitwiseOr(int offset, long bits) {
        return segment.getAndBitwiseOrLong(offset, bits);
    }

    @Override
    public ByteBuffer elements() {
        return elements;
    }
}
