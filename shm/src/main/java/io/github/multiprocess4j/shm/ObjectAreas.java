package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.ipc.SegmentHeader;
import io.github.multiprocess4j.shm.internal.KryoCodec;
import java.util.zip.CRC32C;

/**
 * The layout of a {@link SharedObject}'s segment: two areas that take turns holding the serialized value, and a
 * header word that says which one is committed. A new value is written into the other area, then published by
 * one atomic store of the header word, so a writer killed at any instant leaves the last committed value whole.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   magic 'MP4O' (0x4F34504D)                   |   0  written last by the creator
 *  +---------------------------------------------------------------+
 *  |                        layout version (1)                     |   4
 *  +---------------------------------------------------------------+
 *  |                  area size (a, a multiple of 8)               |   8
 *  +---------------------------------------------------------------+
 *  |                          reserved (0)                         |  12
 *  +---------------------------------------------------------------+
 *  |          committed (long): writes &lt;&lt; 1 | committed area       |  16  one atomic store publishes
 *  +---------------------------------------------------------------+
 *  |                          reserved (0)                         |  24 .. 63
 *  +---------------------------------------------------------------+
 *  |                 area 0: payload length (int)                  |  64
 *  |                 area 0: CRC-32C of the payload (int)          |  68
 *  |                 area 0: payload (Kryo bytes) ...              |  72 .. 64 + a - 1
 *  +---------------------------------------------------------------+
 *  |                 area 1: the same                              |  64 + a .. 64 + 2a - 1
 *  +---------------------------------------------------------------+
 * </pre>
 * All numbers are in native byte order. A payload holds at most {@code a - 8} bytes. Every length is checked
 * against the segment's size and every payload against its checksum before it is deserialized, and
 * {@link KryoCodec} checks the lengths inside the payload, so a corrupt or foreign segment fails with an exception
 * rather than a crash or a huge allocation. The checksum only catches accidents: a process that can write the
 * segment can also write a matching checksum, which is why only segments of this user are attached to.
 *
 * <p>Not thread-safe: callers hold the object's {@link ProcessLock}.
 */
final class ObjectAreas {

    static final int MAGIC = 0x4F34504D;
    static final int VERSION = 1;
    static final int HEADER_SIZE = 64;
    static final int AREA_HEADER_SIZE = 8;
    static final String KIND = "SharedObject";
    static final int MAGIC_OFFSET = SegmentHeader.MAGIC_OFFSET;
    static final int VERSION_OFFSET = SegmentHeader.VERSION_OFFSET;
    static final int AREA_SIZE_OFFSET = 8;
    static final int COMMITTED_OFFSET = 16;
    /** The smallest segment that holds a useful value. */
    static final int MIN_SEGMENT_SIZE = HEADER_SIZE + 2 * (AREA_HEADER_SIZE + 8);

    private final SharedMemory memory;
    private final int areaSize;

    private ObjectAreas(SharedMemory memory, int areaSize) {
        this.memory = memory;
        this.areaSize = areaSize;
    }

    /** Lays out a new segment; it holds no value, and no magic number, until {@link #publishMagic()}. */
    static ObjectAreas initialize(SharedMemory memory) {
        int areaSize = ((memory.size() - HEADER_SIZE) / 2) & ~7;
        memory.putInt(VERSION_OFFSET, VERSION);
        memory.putInt(AREA_SIZE_OFFSET, areaSize);
        return new ObjectAreas(memory, areaSize);
    }

    /** Reads and checks the layout of an existing segment. */
    static ObjectAreas attach(SharedMemory memory) {
        SegmentHeader.check(memory.segment(), KIND, MIN_SEGMENT_SIZE, MAGIC, VERSION);
        int areaSize = memory.getInt(AREA_SIZE_OFFSET);
        if (areaSize < AREA_HEADER_SIZE || (areaSize & 7) != 0
                || areaSize > (memory.size() - HEADER_SIZE) / 2) {
            throw SegmentHeader.notA(memory.segment(), KIND, "its area size " + areaSize + " does not fit its "
                    + memory.size() + " bytes");
        }
        return new ObjectAreas(memory, areaSize);
    }

    /** Makes the segment attachable: called once, after the first value is committed. */
    void publishMagic() {
        SegmentHeader.publish(memory.segment(), MAGIC);
    }

    /** The most bytes a serialized value may take. */
    int maxPayload() {
        return areaSize - AREA_HEADER_SIZE;
    }

    /** Deserializes the committed value with {@code codec}. */
    Object readCommitted(KryoCodec codec) {
        int area = areaOffset((int) (memory.getLongAcquire(COMMITTED_OFFSET) & 1));
        int length = memory.getInt(area);
        if (length < 0 || length > maxPayload()) {
            throw corrupt("its stored length " + length + " is outside 0.." + maxPayload());
        }
        byte[] bytes = codec.readBuffer(length);
        memory.get(area + AREA_HEADER_SIZE, bytes, 0, length);
        int checksum = memory.getInt(area + Integer.BYTES);
        if (checksum(bytes, length) != checksum) {
            throw corrupt("its stored value does not match its checksum");
        }
        try {
            return codec.deserialize(bytes, length);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the value stored in SharedObject '" + memory.name()
                    + "' cannot be deserialized here: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code length} bytes into the area that is not committed, then commits it with one atomic store.
     * The caller has checked the length against {@link #maxPayload()}.
     */
    void commit(byte[] bytes, int length) {
        long committed = memory.getLongAcquire(COMMITTED_OFFSET);
        int next = (int) (committed & 1) ^ 1;
        int area = areaOffset(next);
        memory.put(area + AREA_HEADER_SIZE, bytes, 0, length);
        memory.putInt(area, length);
        memory.putInt(area + Integer.BYTES, checksum(bytes, length));
        memory.putLongRelease(COMMITTED_OFFSET, ((committed >>> 1) + 1) << 1 | next);
    }

    private int areaOffset(int area) {
        return HEADER_SIZE + area * areaSize;
    }

    private static int checksum(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private IllegalStateException corrupt(String why) {
        return new IllegalStateException("SharedObject '" + memory.name() + "' is corrupt: " + why);
    }
}
