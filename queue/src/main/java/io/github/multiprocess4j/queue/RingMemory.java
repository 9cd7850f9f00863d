package io.github.multiprocess4j.queue;

/**
 * The memory a {@link Ring} lives in, addressed by byte offsets: {@code long} words with the atomic accesses the
 * ring's protocol needs (at offsets that are multiples of 8), and plain accesses to the bytes of elements. In a
 * {@link SharedQueue} it is a mapped segment ({@link MappedRingMemory}), whose atomic accesses are atomic across
 * processes.
 */
interface RingMemory {

    long getVolatile(int offset);

    long getAcquire(int offset);

    void setRelease(int offset, long value);

    boolean compareAndSet(int offset, long expected, long value);

    long getAndBitwiseOr(int offset, long bits);

    byte getByte(int offset);

    void putByte(int offset, byte value);

    int getInt(int offset);

    void putInt(int offset, int value);

    long getLong(int offset);

    void putLong(int offset, long value);

    void getBytes(int offset, byte[] destination, int length);

    void putBytes(int offset, byte[] source, int length);
}
