package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.shm.internal.KryoCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How a {@link SharedQueue}'s elements are stored in a cell: a tag byte, then the value. Integers, longs, doubles,
 * strings and byte arrays are written directly (their tags are 1 to 5); everything else goes through the library's
 * Kryo setup (tag 0, then Kryo's bytes of the class and the object). One instance per thread, which keeps the
 * element being put between its encoding (before anything is claimed, so that a value too large fails without
 * touching the queue) and its writing, and the element being taken between its copy out of the cell and its
 * decoding (Kryo runs only after the cell is given back).
 *
 * <p>Not thread-safe: each thread uses its own, through {@link #forThisThread()}, and the ones of its
 * {@link ElementBatch}, which own all their buffers (this thread's single codec borrows Kryo's, which the next element
 * would overwrite).
 */
final class ElementCodec implements Ring.ElementWriter, Ring.ElementReader {

    static final byte KRYO = 0;
    static final byte INTEGER = 1;
    static final byte LONG = 2;
    static final byte DOUBLE = 3;
    static final byte STRING = 4;
    static final byte BYTES = 5;

    private static final ThreadLocal<ElementCodec> PER_THREAD = ThreadLocal.withInitial(ElementCodec::new);
    private static final int FIRST_BUFFER_SIZE = 256;
    /** Buffers grown beyond this are dropped after use, so that one huge element does not stay in every thread. */
    private static final int KEPT_BUFFER_SIZE = 1 << 20;

    // the element being put
    private byte tag;
    private long number;
    /** The bytes of a string, byte array or Kryo element; for Kryo, a buffer owned by {@link KryoCodec}. */
    private byte[] bytes;
    private int bytesLength;

    // the element being taken
    private Object taken;
    private byte takenTag;
    /** The length of the element taken, tag included, as its cell's stamp says. */
    private int takenLength;
    /** Where the bytes of a string or Kryo element are copied: {@link #stringBytes}, or Kryo's read buffer. */
    private byte[] copied;
    private int copiedLength;
    private byte[] stringBytes = new byte[FIRST_BUFFER_SIZE];
    /** Whether it keeps Kryo's bytes in buffers of its own, to hold one element of a batch. */
    private final boolean ownsBuffers;

    private ElementCodec() {
        this(false);
    }

    ElementCodec(boolean ownsBuffers) {
        this.ownsBuffers = ownsBuffers;
    }

    static ElementCodec forThisThread() {
        return PER_THREAD.get();
    }

    // ---- putting

    /**
     * Prepares {@code element} for {@link #writeTo}.
     *
     * @return its length in a cell, tag included
     */
    int encode(Object element) {
        bytes = null;
        if (element instanceof Integer) {
            tag = INTEGER;
            number = (Integer) element;
        } else if (element instanceof Long) {
            tag = LONG;
            number = (Long) element;
        } else if (element instanceof Double) {
            tag = DOUBLE;
            number = Double.doubleToRawLongBits((Double) element);
        } else if (element instanceof String) {
            tag = STRING;
            setBytes(((String) element).getBytes(StandardCharsets.UTF_8));
        } else if (element instanceof byte[]) {
            tag = BYTES;
            setBytes((byte[]) element);
        } else {
            tag = KRYO;
            KryoCodec kryo = KryoCodec.get();
            bytes = kryo.serialize(element);
            bytesLength = kryo.serializedLength();
            if (ownsBuffers) {
                bytes = Arrays.copyOf(bytes, bytesLength);
            }
        }
        return length();
    }

    private void setBytes(byte[] value) {
        bytes = value;
        bytesLength = value.length;
    }

    @Override
    public int length() {
        switch (tag) {
            case INTEGER:
                return 1 + Integer.BYTES;
            case LONG:
            case DOUBLE:
                return 1 + Long.BYTES;
            default:
                return 1 + bytesLength;
        }
    }

    @Override
    public void writeTo(RingMemory memory, int offset) {
        ByteBuffer cell = memory.elements();
        cell.put(offset, tag);
        switch (tag) {
            case INTEGER:
                cell.putInt(offset + 1, (int) number);
                break;
            case LONG:
            case DOUBLE:
                cell.putLong(offset + 1, number);
                break;
            default:
                cell.put(offset + 1, bytes, 0, bytesLength);
        }
    }

    /** Lets go of what the last put held; call it once the element is written (or refused). */
    void putDone() {
        if (tag == KRYO) {
            KryoCodec.get().shrink();
        }
        bytes = null;
    }

    // ---- taking

    @Override
    public void readFrom(RingMemory memory, int offset, int length) {
        ByteBuffer cell = memory.elements();
        takenTag = cell.get(offset);
        takenLength = length;
        switch (takenTag) {
            case INTEGER:
                taken = cell.getInt(offset + 1);
                return;
            case LONG:
                taken = cell.getLong(offset + 1);
                return;
            case DOUBLE:
                taken = Double.longBitsToDouble(cell.getLong(offset + 1));
                return;
            case BYTES:
                byte[] array = new byte[length - 1];
                cell.get(offset + 1, array);
                taken = array;
                return;
            default:
                copiedLength = length - 1;
                copied = takenTag == KRYO && !ownsBuffers ? KryoCodec.get().readBuffer(copiedLength)
                        : stringBuffer(copiedLength);
                cell.get(offset + 1, copied, 0, copiedLength);
        }
    }

    private byte[] stringBuffer(int length) {
        if (stringBytes.length < length) {
            stringBytes = new byte[Math.max(length, stringBytes.length * 2)];
        }
        return stringBytes;
    }

    /**
     * The element last copied out by {@link #readFrom}, decoded.
     *
     * @throws IllegalStateException if its bytes are not an element this JVM can read
     */
    Object takeDecoded() {
        switch (takenTag) {
            case INTEGER:
                return takeNumber(1 + Integer.BYTES);
            case LONG:
            case DOUBLE:
                return takeNumber(1 + Long.BYTES);
            case BYTES:
                Object value = taken;
                taken = null;
                return value;
            case STRING:
                String string = new String(copied, 0, copiedLength, StandardCharsets.UTF_8);
                if (stringBytes.length > KEPT_BUFFER_SIZE) {
                    stringBytes = new byte[FIRST_BUFFER_SIZE];
                }
                return string;
            case KRYO:
                return deserialize();
            default:
                throw new IllegalStateException("an element of a SharedQueue has the unknown tag " + takenTag
                        + ": the queue's memory was written by something else");
        }
    }

    private Object takeNumber(int expectedLength) {
        if (takenLength != expectedLength) {
            throw new IllegalStateException("an element of a SharedQueue with the tag " + takenTag + " has "
                    + takenLength + " bytes, not " + expectedLength + ": the queue's memory was written by something"
                    + " else");
        }
        return taken;
    }

    private Object deserialize() {
        KryoCodec kryo = KryoCodec.get();
        try {
            return kryo.deserialize(copied, copiedLength);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("cannot read an element of a SharedQueue (" + copiedLength
                    + " bytes of Kryo): " + e.getMessage(), e);
        } finally {
            copied = null;
            kryo.shrink();
        }
    }
}
