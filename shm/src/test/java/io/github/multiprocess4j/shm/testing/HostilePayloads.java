package io.github.multiprocess4j.shm.testing;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Kryo payloads that a damaged or hostile process could leave in shared memory, made by a plain Kryo (no depth
 * limit, no length checks) in the format this library reads: each announces more than it holds, or nests deeper than
 * any stack. Shared with the other modules' tests.
 */
public final class HostilePayloads {

    /** The deepest nesting tried: far beyond what any thread's stack takes. */
    public static final int DEEP = 100_000;
    /** Elements announced: {@code 2^31 - 1}, the most an array may have, and more than any heap holds. */
    public static final long HUGE = Integer.MAX_VALUE;

    private HostilePayloads() {
    }

    /** Every payload, by what it is; made once (the deep one takes a moment). */
    public static Map<String, byte[]> all() {
        return All.PAYLOADS;
    }

    private static final class All {
        static final Map<String, byte[]> PAYLOADS = Collections.unmodifiableMap(make());
    }

    private static Map<String, byte[]> make() {
        Map<String, byte[]> payloads = new LinkedHashMap<>();
        payloads.put("a byte[] of 2^31-1 bytes", byteArray(HUGE));
        payloads.put("an Object[] of 2^31-1 elements", objectArray(HUGE));
        payloads.put("an ArrayList of 2^31-1 elements", arrayList(HUGE));
        payloads.put("a HashMap of 2^31-1 entries", hashMap(HUGE));
        payloads.put("a String of 2^31-2 characters", string(HUGE - 1));
        payloads.put("arrays nested " + DEEP + " deep", nestedArrays(DEEP));
        return payloads;
    }

    /** A {@code byte[]} that announces {@code length} bytes and holds none. */
    public static byte[] byteArray(long length) {
        return forged(new byte[0], byte[].class, out -> out.writeVarInt((int) (length + 1), true));
    }

    /** An {@code Object[]} that announces {@code length} elements and holds none. */
    public static byte[] objectArray(long length) {
        return forged(new Object[0], Object[].class, out -> out.writeVarInt((int) (length + 1), true));
    }

    /** An {@link ArrayList} that announces {@code size} elements (of any class) and holds none. */
    public static byte[] arrayList(long size) {
        return forged(new ArrayList<>(), ArrayList.class, out -> out.writeVarIntFlag(false, (int) (size + 1), true));
    }

    /** A {@link HashMap} that announces {@code size} entries and holds none. */
    public static byte[] hashMap(long size) {
        return forged(new HashMap<>(), HashMap.class, out -> out.writeVarInt((int) (size + 1), true));
    }

    /** A UTF-8 string that announces {@code chars} characters and holds none. */
    public static byte[] string(long chars) {
        Kryo kryo = plainKryo();
        kryo.register(String.class, header(out -> out.writeVarIntFlag(true, (int) (chars + 1), true)));
        return write(kryo, "");
    }

    /**
     * {@code Object[]}s nested {@code depth} deep, written by a plain Kryo on a thread with a stack large enough for
     * it.
     */
    public static byte[] nestedArrays(int depth) {
        Object[] nested = new Object[0];
        for (int level = 1; level < depth; level++) {
            nested = new Object[] {nested};
        }
        Object value = nested;
        AtomicReference<byte[]> bytes = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(null, () -> {
            try {
                bytes.set(write(plainKryo(), value));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "deep-payload-writer", 1L << 30);
        writer.start();
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a deep payload", e);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("cannot write " + depth + " nested arrays", failure.get());
        }
        return bytes.get();
    }

    /**
     * The bytes of a value of one class, made to name another whose binary name has as many ASCII characters: so
     * that a payload can name a class that the test never loads.
     */
    public static byte[] renamed(byte[] bytes, String from, String to) {
        byte[] was = asciiAsKryoWritesIt(from);
        byte[] is = asciiAsKryoWritesIt(to);
        if (was.length != is.length) {
            throw new IllegalArgumentException(from + " and " + to + " differ in length");
        }
        byte[] renamed = bytes.clone();
        for (int at = 0; at + was.length <= renamed.length; at++) {
            if (Arrays.equals(renamed, at, at + was.length, was, 0, was.length)) {
                System.arraycopy(is, 0, renamed, at, is.length);
                return renamed;
            }
        }
        throw new IllegalArgumentException("the bytes do not name " + from);
    }

    /** Kryo's ASCII form: the characters, the last with its top bit set. */
    private static byte[] asciiAsKryoWritesIt(String name) {
        byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
        ascii[ascii.length - 1] |= (byte) 0x80;
        return ascii;
    }

    /** A Kryo configured as the library's, without its limits and checks. */
    public static Kryo plainKryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        return kryo;
    }

    /** What a plain Kryo writes for {@code value}, as the library writes a value. */
    public static byte[] write(Kryo kryo, Object value) {
        Output output = new Output(256, -1);
        kryo.writeClassAndObject(output, value);
        return output.toBytes();
    }

    private static byte[] forged(Object value, Class<?> type, Consumer<Output> header) {
        Kryo kryo = plainKryo();
        kryo.addDefaultSerializer(type, header(header));
        return write(kryo, value);
    }

    /** A serializer that writes only {@code header}, whatever the value. */
    private static Serializer<Object> header(Consumer<Output> header) {
        return new Serializer<>() {
            @Override
            public void write(Kryo kryo, Output output, Object object) {
                header.accept(output);
            }

            @Override
            public Object read(Kryo kryo, Input input, Class<? extends Object> type) {
                throw new UnsupportedOperationException("writes only");
            }
        };
    }
}
