package io.github.multiprocess4j.ipc;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * A segment's file mapped into this process, and every way the library reads and writes it: single bytes, bulk
 * copies, plain {@code int} and {@code long} values, and the volatile, acquire/release, compare-and-set, get-and-add
 * and get-and-or accesses that are atomic across threads <em>and</em> processes (every process maps the same pages).
 *
 * <p>Multi-byte values are in the platform's native byte order, which is what Python's {@code struct} native formats
 * use: little-endian on x86-64 and AArch64. Every access is bounds-checked against the mapped size, and the atomic
 * ones also need an offset that is a multiple of the value's size; a bad offset fails with an
 * {@link IndexOutOfBoundsException} or an {@link IllegalArgumentException} naming the segment, never with a crash.
 * The file's size must not shrink while it is mapped (this library never resizes a segment): an access beyond the
 * new end fails with the JVM's {@link InternalError}, as for any mapped file.
 *
 * <p>Thread-safety: every method may be called from any number of threads; the atomic methods are the only ones
 * that order or exclude. A mapping lives as long as the garbage collector keeps this object or a view of it; closing
 * the channel it was mapped through does not end it. Accesses go through {@code static final} {@link VarHandle}s
 * (the JIT inlines those) over one native-order buffer.
 */
public final class MappedSegment {

    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class,
            ByteOrder.nativeOrder());
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class,
            ByteOrder.nativeOrder());

    private final String name;
    private final ByteBuffer buffer;
    private final int size;

    private MappedSegment(String name, ByteBuffer buffer) {
        this.name = name;
        this.buffer = buffer.order(ByteOrder.nativeOrder());
        this.size = buffer.capacity();
    }

    /**
     * Maps the first {@code size} bytes of {@code channel}'s file for reading and writing; a shorter file grows to
     * {@code size}. The mapping stays valid after the channel is closed.
     *
     * @param name the segment's name, for messages
     * @throws IOException if the file cannot be mapped
     */
    public static MappedSegment map(FileChannel channel, int size, String name) throws IOException {
        return new MappedSegment(requireNonNull(name, "name"), channel.map(FileChannel.MapMode.READ_WRITE, 0, size));
    }

    /** The segment's name. */
    public String name() {
        return name;
    }

    /** The mapped size in bytes. */
    public int size() {
        return size;
    }

    /** The mapping itself, for {@link Futex#address}. */
    ByteBuffer buffer() {
        return buffer;
    }

    // ---- bytes -----------------------------------------------------------------------------------------------

    public byte getByte(int index) {
        checkRange(index, 1);
        return buffer.get(index);
    }

    public void putByte(int index, byte value) {
        checkRange(index, 1);
        buffer.put(index, value);
    }

    /** Copies {@code length} bytes from {@code offset} into {@code dst} from {@code dstOffset} on. */
    public void get(int offset, byte[] dst, int dstOffset, int length) {
        checkRange(offset, length);
        checkArrayRange("dst", dst, dstOffset, length);
        buffer.get(offset, dst, dstOffset, length);
    }

    /** Copies {@code length} bytes of {@code src} from {@code srcOffset} on to {@code offset}. */
    public void put(int offset, byte[] src, int srcOffset, int length) {
        checkRange(offset, length);
        checkArrayRange("src", src, srcOffset, length);
        buffer.put(offset, src, srcOffset, length);
    }

    /** Copies {@code dst.remaining()} bytes from {@code offset} into {@code dst} and advances its position. */
    public void get(int offset, ByteBuffer dst) {
        int length = requireNonNull(dst, "dst").remaining();
        checkRange(offset, length);
        dst.put(dst.position(), buffer, offset, length);
        dst.position(dst.position() + length);
    }

    /** Copies {@code src.remaining()} bytes of {@code src} to {@code offset} and advances its position. */
    public void put(int offset, ByteBuffer src) {
        int length = requireNonNull(src, "src").remaining();
        checkRange(offset, length);
        buffer.put(offset, src, src.position(), length);
        src.position(src.position() + length);
    }

    // ---- plain ints and longs, any alignment -----------------------------------------------------------------

    public int getInt(int offset) {
        checkRange(offset, Integer.BYTES);
        return buffer.getInt(offset);
    }

    public void putInt(int offset, int value) {
        checkRange(offset, Integer.BYTES);
        buffer.putInt(offset, value);
    }

    public long getLong(int offset) {
        checkRange(offset, Long.BYTES);
        return buffer.getLong(offset);
    }

    public void putLong(int offset, long value) {
        checkRange(offset, Long.BYTES);
        buffer.putLong(offset, value);
    }

    // ---- atomic ints, offsets a multiple of 4 ----------------------------------------------------------------

    public int getIntVolatile(int offset) {
        return (int) INTS.getVolatile(buffer, checkAligned(offset, Integer.BYTES));
    }

    public void putIntVolatile(int offset, int value) {
        INTS.setVolatile(buffer, checkAligned(offset, Integer.BYTES), value);
    }

    public int getIntAcquire(int offset) {
        return (int) INTS.getAcquire(buffer, checkAligned(offset, Integer.BYTES));
    }

    public void putIntRelease(int offset, int value) {
        INTS.setRelease(buffer, checkAligned(offset, Integer.BYTES), value);
    }

    public boolean compareAndSetInt(int offset, int expected, int update) {
        return INTS.compareAndSet(buffer, checkAligned(offset, Integer.BYTES), expected, update);
    }

    public int getAndAddInt(int offset, int delta) {
        return (int) INTS.getAndAdd(buffer, checkAligned(offset, Integer.BYTES), delta);
    }

    // ---- atomic longs, offsets a multiple of 8 ---------------------------------------------------------------

    public long getLongVolatile(int offset) {
        return (long) LONGS.getVolatile(buffer, checkAligned(offset, Long.BYTES));
    }

    public void putLongVolatile(int offset, long value) {
        LONGS.setVolatile(buffer, checkAligned(offset, Long.BYTES), value);
    }

    public long getLongAcquire(int offset) {
        return (long) LONGS.getAcquire(buffer, checkAligned(offset, Long.BYTES));
    }

    public void putLongRelease(int offset, long value) {
        LONGS.setRelease(buffer, checkAligned(offset, Long.BYTES), value);
    }

    public boolean compareAndSetLong(int offset, long expected, long update) {
        return LONGS.compareAndSet(buffer, checkAligned(offset, Long.BYTES), expected, update);
    }

    public long getAndAddLong(int offset, long delta) {
        return (long) LONGS.getAndAdd(buffer, checkAligned(offset, Long.BYTES), delta);
    }

    public long getAndBitwiseOrLong(int offset, long bits) {
        return (long) LONGS.getAndBitwiseOr(buffer, checkAligned(offset, Long.BYTES), bits);
    }

    // ---- views -----------------------------------------------------------------------------------------------

    /**
     * A new view of the whole segment in the given byte order, position 0: for callers that read or write many
     * values at absolute offsets of their own. Writes through it are writes to the segment.
     */
    public ByteBuffer view(ByteOrder order) {
        return buffer.duplicate().order(order);
    }

    // ---- checks ----------------------------------------------------------------------------------------------

    private void checkRange(int offset, int length) {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException((length == 1 ? "index " + offset
                    : "range [" + offset + ", " + offset + " + " + length + ")")
                    + " is out of bounds for shared memory '" + name + "' of " + size + " bytes");
        }
    }

    private int checkAligned(int offset, int width) {
        checkRange(offset, width);
        if ((offset & (width - 1)) != 0) {
            throw new IllegalArgumentException("offset " + offset + " is not a multiple of " + width
                    + ": atomic access to a " + (width * 8) + "-bit value needs an aligned offset");
        }
        return offset;
    }

    /** Checks the caller's side of a bulk copy: {@code length} bytes of {@code array} from {@code from} on. */
    private static void checkArrayRange(String what, byte[] array, int from, int length) {
        requireNonNull(array, what);
        if (from < 0 || from > array.length - length) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + from + " + " + length + ") is out of bounds"
                    + " for " + what + " of " + array.length + " bytes");
        }
    }

    @Override
    public String toString() {
        return "MappedSegment('" + name + "', " + size + " bytes)";
    }
}
