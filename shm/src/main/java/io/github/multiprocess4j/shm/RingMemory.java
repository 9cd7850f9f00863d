package io.github.multiprocess4j.shm;

import java.nio.ByteBuffer;

/**
 * The memory a {@link Ring} lives in, addressed by byte offsets: {@code long} words with the atomic accesses the
 * ring's protocol needs (at offsets that are multiples of 8), and a buffer over the same offsets for the bytes of
 * elements. In a {@link SharedQueue} it is a mapped segment ({@link MappedRingMemory}), whose atomic accesses are
 * atomic across processes.
 */
interface RingMemory {

    long getVolatile(int offset);

    long getAcquire(int offset);

    void setRelease(int offset, long value);

    boolean compareAndSet(int offset, long expected, long value);

    long getAndBitwiseOr(int offset, long bits);

    /**
     * The bytes of elements, in the platform's byte order, for absolute gets and puts only (its position and limit
     * are shared). Plain accesses: the stamps' release and acquire order them.
     */
    ByteBuffer elements();
}
