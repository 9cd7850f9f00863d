package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.ipc.MappedSegment;
import io.github.multiprocess4j.ipc.SegmentHeader;

/**
 * Where everything is in the segment of a typed shared value or array ({@link SharedLong}, {@link SharedDouble},
 * {@link SharedLongArray}, {@link SharedDoubleArray}): the header, which says which of the four it is and how many
 * elements it has, then the elements, 8 bytes each, from a cache line of their own. Written by the creator, the
 * magic number last; read back and checked by every process that attaches, before anything else is trusted.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   magic 'MP4N' (0x4E34504D)                   |   0  written last by the creator
 *  +---------------------------------------------------------------+
 *  |                        layout version (1)                     |   4
 *  +---------------------------------------------------------------+
 *  |   element type (1 long, 2 double, 3 long[], 4 double[])       |   8
 *  +---------------------------------------------------------------+
 *  |             length (n: 1 for a value, 1..2^28 for an array)   |  12
 *  +---------------------------------------------------------------+
 *  |                          reserved (0)                         |  16 .. 63
 *  +---------------------------------------------------------------+
 *  |            element 0 (long, or a double's IEEE 754 bits)      |  64
 *  |            element 1                                          |  72
 *  |                              ...                              |
 *  |            element n - 1                                      |  64 + 8 (n - 1)
 *  +---------------------------------------------------------------+
 * </pre>
 * All numbers are in native byte order, so an element reads in Python as {@code struct.unpack_from('q', buf, 64)} or
 * {@code 'd'}. The value's lock is the {@link ProcessLock} {@code <name>.lock}.
 *
 * <p>Thread-safety: constants and static methods only.
 */
final class ValuesLayout {

    static final int MAGIC = 0x4E34504D; // "MP4N" in memory on a little-endian machine
    static final int VERSION = 1;
    static final int TYPE_OFFSET = 8;
    static final int LENGTH_OFFSET = 12;
    static final int ELEMENTS_OFFSET = 64;
    /** The longest array: 2 GiB of elements would not fit one mapping. */
    static final int MAX_LENGTH = 1 << 28;

    /** What a segment of this layout holds, and what each is called in messages. */
    enum Type {
        LONG("SharedLong", "mp4j_long_"),
        DOUBLE("SharedDouble", "mp4j_double_"),
        LONG_ARRAY("SharedLongArray", "mp4j_longs_"),
        DOUBLE_ARRAY("SharedDoubleArray", "mp4j_doubles_");

        final String kind;
        final String namePrefix;

        Type(String kind, String namePrefix) {
            this.kind = kind;
            this.namePrefix = namePrefix;
        }

        /** The number stored at {@link #TYPE_OFFSET}. */
        int code() {
            return ordinal() + 1;
        }
    }

    private ValuesLayout() {
    }

    /** The size of a segment of {@code length} elements. */
    static int segmentSize(int length) {
        return ELEMENTS_OFFSET + Long.BYTES * length;
    }

    /** The offset of element {@code index}, which the caller has checked. */
    static int offset(int index) {
        return ELEMENTS_OFFSET + Long.BYTES * index;
    }

    /**
     * Checks a length for a new segment.
     *
     * @throws IllegalArgumentException naming the type if it is out of range
     */
    static int checkLength(Type type, int length) {
        if (length < 1 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("a " + type.kind + " has 1 to " + MAX_LENGTH + " elements, got "
                    + length);
        }
        return length;
    }

    /** Writes the header of a new segment, but not its magic number: see {@link #publish}. */
    static void initialize(MappedSegment segment, Type type, int length) {
        SegmentHeader.writeVersion(segment, VERSION);
        segment.putInt(TYPE_OFFSET, type.code());
        segment.putInt(LENGTH_OFFSET, length);
    }

    /** Makes a new segment attachable, once its elements and its lock exist. */
    static void publish(MappedSegment segment) {
        SegmentHeader.publish(segment, MAGIC);
    }

    /**
     * Checks the header of a segment that should hold a {@code type}.
     *
     * @return its length
     * @throws IllegalStateException if it holds something else, or is damaged
     */
    static int checkHeader(MappedSegment segment, Type type) {
        SegmentHeader.check(segment, type.kind, segmentSize(1), MAGIC, VERSION);
        int code = segment.getInt(TYPE_OFFSET);
        if (code != type.code()) {
            String found = code >= 1 && code <= Type.values().length ? "a " + Type.values()[code - 1].kind
                    : "element type " + code;
            throw SegmentHeader.notA(segment, type.kind, "it holds " + found);
        }
        int length = segment.getInt(LENGTH_OFFSET);
        if (length < 1 || length > MAX_LENGTH || segmentSize(length) > segment.size()
                || (type == Type.LONG || type == Type.DOUBLE) && length != 1) {
            throw SegmentHeader.notA(segment, type.kind, "its length " + length + " does not fit its "
                    + segment.size() + " bytes");
        }
        return length;
    }
}
