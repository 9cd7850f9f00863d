package io.github.multiprocess4j.shm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A {@link RingMemory} over a mapped segment: a native-order view of it, accessed through a {@code static final}
 * {@link VarHandle} (atomic across processes for aligned offsets; the ring only uses aligned ones for words).
 * Offsets outside the mapping fail with {@link IndexOutOfBoundsException}.
 */
final class MappedRingMemory implements RingMemory {

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class,
            ByteOrder.nativeOrder());

    private final ByteBuffer buffer;

    /** @param buffer a view of the whole segment; its byte order is set to the native one */
    MappedRingMemory(ByteBuffer buffer) {
        this.buffer = buffer.order(ByteOrder.nativeOrder());
    }

    @Override
    public long getVolatile(int offset) {
        return (long) LONGS.getVolatile(buffer, offset);
    }

    @Override
    public long getAcquire(int offset) {
        return (long) LONGS.getAcquire(buffer, offset);
    }

    @Override
    public void setRelease(int offset, long value) {
        LONGS.setRelease(buffer, offset, value);
    }

    @Override
    public boolean compareAndSet(int offset, long expected, long value) {
        return LONGS.compareAndSet(buffer, offset, expected, value);
    }

    @Override
    public long getAndBitwiseOr(int offset, long bits) {
        return (long) LONGS.getAndBitwiseOr(buffer, offset, bits);
    }

    @Override
    public ByteBuffer elements() {
        return buffer;
    }
}
