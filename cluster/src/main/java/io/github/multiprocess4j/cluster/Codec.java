package io.github.multiprocess4j.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Tasks, results, queue elements and shared values as bytes, so that everything this module reads from another
 * process passes its own filter: only classes whose names start with an allowed prefix, nesting at most
 * {@value #MAX_DEPTH} deep, and no more array elements, references or bytes than the stream holds (each takes at
 * least one byte), so a hostile length cannot make the reader allocate what was never sent. The allowed prefixes
 * are those of every cluster this JVM joined or serves as a member (their union).
 */
final class Codec {

    static final int MAX_DEPTH = 500;

    /** Always allowed: the JDK's own classes, this library's, and Hazelcast's exceptions. */
    static final List<String> DEFAULT_PREFIXES = List.of("java.", "io.github.multiprocess4j.", "com.hazelcast.");

    private static final Set<String> PREFIXES = new CopyOnWriteArraySet<>(DEFAULT_PREFIXES);

    private Codec() {
    }

    static void allow(List<String> prefixes) {
        PREFIXES.addAll(prefixes);
    }

    /**
     * The bytes of {@code value}.
     *
     * @throws IllegalArgumentException if it, or something it holds, is not serializable; the message names the
     *     class
     */
    static byte[] encode(Object value, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException(what + " cannot be sent to the cluster: it is or holds a "
                    + e.getMessage() + ", which is not serializable", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " cannot be sent to the cluster: " + e, e);
        }
        return bytes.toByteArray();
    }

    /**
     * The value in {@code bytes}, read through the filter.
     *
     * @throws IllegalStateException if the bytes are refused by the filter or corrupt
     */
    static Object decode(byte[] bytes, String what) {
        long length = bytes.length;
        ObjectInputFilter filter = info -> check(info, length);
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(filter);
            return in.readObject();
        } catch (InvalidClassException e) {
            throw new IllegalStateException(what + " was refused: " + e.getMessage()
                    + " (allowed class-name prefixes: " + PREFIXES + ")", e);
        } catch (IOException | ClassNotFoundException | RuntimeException | StackOverflowError e) {
            throw new IllegalStateException(what + " could not be read: " + e, e);
        }
    }

    private static ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info, long streamBytes) {
        if (info.depth() > MAX_DEPTH || info.references() > streamBytes || info.arrayLength() > streamBytes
                || info.streamBytes() > streamBytes) {
            return ObjectInputFilter.Status.REJECTED;
        }
        Class<?> type = info.serialClass();
        if (type == null) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        while (type.isArray()) {
            type = type.getComponentType();
        }
        if (type.isPrimitive()) {
            return ObjectInputFilter.Status.ALLOWED;
        }
        String name = type.getName();
        for (String prefix : PREFIXES) {
            if (name.startsWith(prefix)) {
                return ObjectInputFilter.Status.ALLOWED;
            }
        }
        return ObjectInputFilter.Status.REJECTED;
    }
}
