package io.github.multiprocess4j.shm.internal;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * Kryo's input over a byte array that checks every length it reads against the bytes that remain before it
 * allocates anything: a length that another process wrote, in a damaged or hostile payload, cannot make it allocate
 * an array larger than the payload itself. Each element of an array or character of a string takes at least one
 * byte (a primitive its full width, unless variable-length encoded), so a count larger than the bytes left can only
 * be a lie. The checks cover the primitive arrays, byte arrays and strings that Kryo reads through its input;
 * {@link BoundedSerializers} covers the arrays and collections its serializers allocate themselves.
 *
 * <p>Not thread-safe, like any {@link Input}.
 */
final class BoundedInput extends Input {

    /**
     * Checks a count of elements, each of at least {@code bytesEach} bytes, against what remains of {@code input}.
     *
     * @throws KryoException if they cannot be there
     */
    static void checkCount(Input input, String what, long count, int bytesEach) {
        long remaining = (long) input.limit() - input.position();
        if (count < 0 || count * bytesEach > remaining) {
            throw new KryoException(what + " of " + count + " elements (at least " + bytesEach
                    + (bytesEach == 1 ? " byte" : " bytes") + " each) is announced, but only " + remaining
                    + " bytes remain: the data is damaged");
        }
    }

    /**
     * Checks the length that comes next, written as Kryo's serializers write one (a variable-length int holding the
     * length plus one, 0 for {@code null}), without reading it.
     */
    static void checkNextLength(Input input, String what) {
        int start = input.position();
        int lengthPlusOne = input.readVarInt(true);
        input.setPosition(start);
        if (lengthPlusOne != 0) {
            checkCount(input, what, (long) lengthPlusOne - 1, 1);
        }
    }

    @Override
    public byte[] readBytes(int length) {
        checkCount(this, "a byte array", length, 1);
        return super.readBytes(length);
    }

    @Override
    public int[] readInts(int length) {
        checkCount(this, "an int array", length, Integer.BYTES);
        return super.readInts(length);
    }

    @Override
    public int[] readInts(int length, boolean optimizePositive) {
        checkCount(this, "an int array", length, 1);
        return super.readInts(length, optimizePositive);
    }

    @Override
    public long[] readLongs(int length) {
        checkCount(this, "a long array", length, Long.BYTES);
        return super.readLongs(length);
    }

    @Override
    public long[] readLongs(int length, boolean optimizePositive) {
        checkCount(this, "a long array", length, 1);
        return super.readLongs(length, optimizePositive);
    }

    @Override
    public float[] readFloats(int length) {
        checkCount(this, "a float array", length, Float.BYTES);
        return super.readFloats(length);
    }

    @Override
    public double[] readDoubles(int length) {
        checkCount(this, "a double array", length, Double.BYTES);
        return super.readDoubles(length);
    }

    @Override
    public short[] readShorts(int length) {
        checkCount(this, "a short array", length, Short.BYTES);
        return super.readShorts(length);
    }

    @Override
    public char[] readChars(int length) {
        checkCount(this, "a char array", length, Character.BYTES);
        return super.readChars(length);
    }

    @Override
    public boolean[] readBooleans(int length) {
        checkCount(this, "a boolean array", length, 1);
        return super.readBooleans(length);
    }

    @Override
    public String readString() {
        checkStringLength();
        return super.readString();
    }

    @Override
    public StringBuilder readStringBuilder() {
        checkStringLength();
        return super.readStringBuilder();
    }

    /**
     * A string is either ASCII, read byte by byte up to a marked last one (nothing to check), or UTF-8 after its
     * length in characters plus one (0 for {@code null}), in a variable-length int whose first byte has its top bit
     * set: that length is checked, each character taking at least one byte.
     */
    private void checkStringLength() {
        if (position == limit || !readVarIntFlag()) {
            return;
        }
        int start = position;
        int charsPlusOne = readVarIntFlag(true);
        position = start;
        if (charsPlusOne != 0) {
            checkCount(this, "a string", (long) charsPlusOne - 1, 1);
        }
    }
}
