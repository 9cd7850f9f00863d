package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.shm.SharedMemory;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link SharedMemory}: bad sizes and names are refused before a file is made, and every access out of range,
 * misaligned or with a null buffer is refused, naming it, with the segment's bytes unchanged.
 */
final class SharedMemoryBadCalls implements BadCallCatalog {

    private static final int SIZE = 64;

    /** An atomic or plain accessor of an {@code int} or {@code long} at an offset. */
    @FunctionalInterface
    private interface Access {
        void at(SharedMemory memory, int offset);
    }

    /** A segment of {@value #SIZE} bytes holding 1, 2, ... 64. */
    private final Fixture<SharedMemory> memory = Fixture.closing(() -> {
        SharedMemory segment = SharedMemory.create(SIZE);
        for (int i = 0; i < SIZE; i++) {
            segment.put(i, i + 1);
        }
        return segment;
    });

    @Override
    public List<BadCall> calls() {
        List<BadCall> calls = new ArrayList<>();
        creating(calls);
        bytes(calls);
        bulk(calls);
        plain(calls, "getInt(int)", Integer.BYTES, SharedMemory::getInt);
        plain(calls, "putInt(int, int)", Integer.BYTES, (segment, offset) -> segment.putInt(offset, 1));
        plain(calls, "getLong(int)", Long.BYTES, SharedMemory::getLong);
        plain(calls, "putLong(int, long)", Long.BYTES, (segment, offset) -> segment.putLong(offset, 1));
        atomic(calls, "getIntVolatile(int)", Integer.BYTES, SharedMemory::getIntVolatile);
        atomic(calls, "putIntVolatile(int, int)", Integer.BYTES,
                (segment, offset) -> segment.putIntVolatile(offset, 1));
        atomic(calls, "getIntAcquire(int)", Integer.BYTES, SharedMemory::getIntAcquire);
        atomic(calls, "putIntRelease(int, int)", Integer.BYTES, (segment, offset) -> segment.putIntRelease(offset, 1));
        atomic(calls, "compareAndSetInt(int, int, int)", Integer.BYTES,
                (segment, offset) -> segment.compareAndSetInt(offset, 0, 1));
        atomic(calls, "getAndAddInt(int, int)", Integer.BYTES, (segment, offset) -> segment.getAndAddInt(offset, 1));
        atomic(calls, "getLongVolatile(int)", Long.BYTES, SharedMemory::getLongVolatile);
        atomic(calls, "putLongVolatile(int, long)", Long.BYTES,
                (segment, offset) -> segment.putLongVolatile(offset, 1));
        atomic(calls, "getLongAcquire(int)", Long.BYTES, SharedMemory::getLongAcquire);
        atomic(calls, "putLongRelease(int, long)", Long.BYTES, (segment, offset) -> segment.putLongRelease(offset, 1));
        atomic(calls, "compareAndSetLong(int, long, long)", Long.BYTES,
                (segment, offset) -> segment.compareAndSetLong(offset, 0, 1));
        atomic(calls, "getAndAddLong(int, long)", Long.BYTES, (segment, offset) -> segment.getAndAddLong(offset, 1));
        plain(calls, "getDouble(int)", Double.BYTES, SharedMemory::getDouble);
        plain(calls, "putDouble(int, double)", Double.BYTES, (segment, offset) -> segment.putDouble(offset, 1));
        atomic(calls, "getDoubleVolatile(int)", Double.BYTES, SharedMemory::getDoubleVolatile);
        atomic(calls, "putDoubleVolatile(int, double)", Double.BYTES,
                (segment, offset) -> segment.putDoubleVolatile(offset, 1));
        atomic(calls, "compareAndSetDouble(int, double, double)", Double.BYTES,
                (segment, offset) -> segment.compareAndSetDouble(offset, 0, 1));
        atomic(calls, "addAndGetDouble(int, double)", Double.BYTES,
                (segment, offset) -> segment.addAndGetDouble(offset, 1));
        return calls;
    }

    private static void creating(List<BadCall> calls) {
        OutOfRange.refused(calls, "SharedMemory.create(int)", "size", SharedMemory::create,
                "size must be at least 1 byte", 0, -1);
        String named = "SharedMemory.create(String, int)";
        BadNames.creating(calls, named, name -> SharedMemory.create(name, SIZE));
        calls.add(BadCall.of(named, "size 0", () -> SharedMemory.create("mp4j_badinput_empty", 0))
                .refused(IllegalArgumentException.class, "size must be at least 1 byte, got 0"));
        BadNames.attaching(calls, "SharedMemory.attach(String)", SharedMemory::attach);
        BadNames.attaching(calls, "SharedMemory.attachShared(String)", SharedMemory::attachShared);
    }

    private void bytes(List<BadCall> calls) {
        for (int index : new int[] {-1, SIZE, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            calls.add(onData("SharedMemory.get(int)", "index " + index, () -> memory.value().get(index))
                    .refused(IndexOutOfBoundsException.class, "index " + index + " is out of bounds", SIZE + " bytes"));
            calls.add(onData("SharedMemory.put(int, int)", "index " + index, () -> memory.value().put(index, 0))
                    .refused(IndexOutOfBoundsException.class, "index " + index + " is out of bounds"));
        }
        for (int value : new int[] {-1, 256, Integer.MAX_VALUE}) {
            calls.add(onData("SharedMemory.put(int, int)", "value " + value, () -> memory.value().put(0, value))
                    .refused(IllegalArgumentException.class, "a byte must be in 0..255, got " + value));
        }
    }

    private void bulk(List<BadCall> calls) {
        calls.add(onData("SharedMemory.get(int, byte[])", "dst null", () -> memory.value().get(0, (byte[]) null))
                .refused(NullPointerException.class, "dst"));
        calls.add(onData("SharedMemory.get(int, byte[])", "more bytes than the segment has",
                () -> memory.value().get(0, new byte[SIZE + 1]))
                .refused(IndexOutOfBoundsException.class, "range [0, 0 + " + (SIZE + 1) + ")"));
        calls.add(onData("SharedMemory.put(int, byte[])", "src null", () -> memory.value().put(0, (byte[]) null))
                .refused(NullPointerException.class, "src"));
        calls.add(onData("SharedMemory.put(int, byte[])", "offset -1", () -> memory.value().put(-1, new byte[2]))
                .refused(IndexOutOfBoundsException.class, "range [-1, -1 + 2)"));
        calls.add(onData("SharedMemory.put(int, byte[])", "more bytes than the segment has",
                () -> memory.value().put(1, new byte[SIZE]))
                .refused(IndexOutOfBoundsException.class, "range [1, 1 + " + SIZE + ")"));

        String getRange = "SharedMemory.get(int, byte[], int, int)";
        calls.add(onData(getRange, "dst null", () -> memory.value().get(0, null, 0, 4))
                .refused(NullPointerException.class, "dst"));
        calls.add(onData(getRange, "length -1", () -> memory.value().get(0, new byte[8], 0, -1))
                .refused(IndexOutOfBoundsException.class, "range [0, 0 + -1)"));
        calls.add(onData(getRange, "dstOffset -1", () -> memory.value().get(0, new byte[8], -1, 4))
                .refused(IndexOutOfBoundsException.class, "range [-1, -1 + 4)", "dst of 8 bytes"));
        calls.add(onData(getRange, "dstOffset past dst", () -> memory.value().get(0, new byte[8], 6, 4))
                .refused(IndexOutOfBoundsException.class, "range [6, 6 + 4)", "dst of 8 bytes"));
        String putRange = "SharedMemory.put(int, byte[], int, int)";
        calls.add(onData(putRange, "src null", () -> memory.value().put(0, null, 0, 4))
                .refused(NullPointerException.class, "src"));
        calls.add(onData(putRange, "length Integer.MAX_VALUE",
                () -> memory.value().put(0, new byte[8], 0, Integer.MAX_VALUE))
                .refused(IndexOutOfBoundsException.class, "range [0, 0 + " + Integer.MAX_VALUE + ")"));
        calls.add(onData(putRange, "srcOffset Integer.MAX_VALUE",
                () -> memory.value().put(0, new byte[8], Integer.MAX_VALUE, 4))
                .refused(IndexOutOfBoundsException.class, "range [" + Integer.MAX_VALUE, "src of 8 bytes"));

        String getBuffer = "SharedMemory.get(int, ByteBuffer)";
        calls.add(onData(getBuffer, "dst null", () -> memory.value().get(0, (ByteBuffer) null))
                .refused(NullPointerException.class, "dst"));
        calls.add(onData(getBuffer, "a buffer larger than the segment",
                () -> memory.value().get(0, ByteBuffer.allocate(SIZE + 1)))
                .refused(IndexOutOfBoundsException.class, "range [0, 0 + " + (SIZE + 1) + ")"));
        // the JDK's exception for this carries no message: its type says it all
        calls.add(onData(getBuffer, "a read-only buffer",
                () -> memory.value().get(0, ByteBuffer.allocate(4).asReadOnlyBuffer()))
                .refused(ReadOnlyBufferException.class));
        String putBuffer = "SharedMemory.put(int, ByteBuffer)";
        calls.add(onData(putBuffer, "src null", () -> memory.value().put(0, (ByteBuffer) null))
                .refused(NullPointerException.class, "src"));
        calls.add(onData(putBuffer, "offset Integer.MIN_VALUE",
                () -> memory.value().put(Integer.MIN_VALUE, ByteBuffer.allocate(2)))
                .refused(IndexOutOfBoundsException.class, "range [" + Integer.MIN_VALUE));
    }

    /** Offsets that leave the segment. */
    private void plain(List<BadCall> calls, String method, int width, Access access) {
        String entryPoint = "SharedMemory." + method;
        for (int offset : new int[] {-1, SIZE - width + 1, Integer.MAX_VALUE}) {
            calls.add(onData(entryPoint, "offset " + offset, () -> access.at(memory.value(), offset))
                    .refused(IndexOutOfBoundsException.class, "range [" + offset + ", " + offset + " + " + width + ")",
                            SIZE + " bytes"));
        }
    }

    /** Offsets that leave the segment, and one inside it but not aligned. */
    private void atomic(List<BadCall> calls, String method, int width, Access access) {
        plain(calls, method, width, access);
        int misaligned = width / 2;
        calls.add(onData("SharedMemory." + method, "offset " + misaligned,
                () -> access.at(memory.value(), misaligned))
                .refused(IllegalArgumentException.class, "offset " + misaligned + " is not a multiple of " + width));
    }

    /** A call on the segment, whose bytes must stay as they were. */
    private BadCall onData(String entryPoint, String argument, BadCall.VoidCall call) {
        return BadCall.of(entryPoint, argument, call).keeping(this::contents);
    }

    private String contents() {
        byte[] bytes = new byte[SIZE];
        memory.value().get(0, bytes);
        return Arrays.toString(bytes);
    }

    @Override
    public void close() throws Exception {
        memory.close();
    }
}
