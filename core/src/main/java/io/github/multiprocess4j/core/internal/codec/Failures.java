package io.github.multiprocess4j.core.internal.codec;

import io.github.multiprocess4j.core.RemoteTaskException;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The exception a task threw, as it crosses from a child to its parent: twice, as itself when it can be serialized,
 * and as a {@link RemoteTaskException} copy (class name, message, stack trace, causes and suppressed exceptions) that
 * the parent can always read.
 *
 * <pre>
 *  failure = n (int) | the exception Java-serialized (n bytes; none if it cannot be) | the copy Java-serialized |
 * </pre>
 *
 * Stateless and thread-safe.
 */
public final class Failures {

    private Failures() {
    }

    /**
     * Encodes a failure in the child; never fails because the exception cannot be serialized.
     *
     * @param failure what the task threw
     * @return its bytes
     * @throws IOException if not even the copy can be serialized
     */
    public static byte[] encode(Throwable failure) throws IOException {
        byte[] original;
        try {
            original = Serialization.serialize(failure);
        } catch (IOException | RuntimeException e) {
            original = new byte[0];
        }
        byte[] copy = Serialization.serialize(toRemote(failure, new IdentityHashMap<>()));
        return ByteBuffer.allocate(Integer.BYTES + original.length + copy.length)
                .putInt(original.length).put(original).put(copy).array();
    }

    /**
     * Decodes a failure in the parent: the exception itself if it can be read, else its copy. Both pass the
     * {@link StreamFilter}.
     *
     * @param bytes what was received
     * @param offset where the failure starts
     * @param loader where its classes are looked up first
     * @return the exception
     * @throws IOException if the bytes are corrupt or refused
     * @throws ClassNotFoundException if the copy names a class that cannot be found
     */
    public static Throwable decode(byte[] bytes, int offset, ClassLoader loader)
            throws IOException, ClassNotFoundException {
        int originalLength = ByteBuffer.wrap(bytes).getInt(offset);
        int originalOffset = offset + Integer.BYTES;
        if (originalLength < 0 || originalLength > bytes.length - originalOffset) {
            throw new StreamCorruptedException("a failure claims " + originalLength + " bytes of "
                    + (bytes.length - originalOffset));
        }
        if (originalLength > 0) {
            try {
                byte[] original = new byte[originalLength];
                System.arraycopy(bytes, originalOffset, original, 0, originalLength);
                return (Throwable) Serialization.deserialize(original, 0, loader);
            } catch (IOException | ClassNotFoundException | RuntimeException e) {
                // fall back on the copy
            }
        }
        return (Throwable) Serialization.deserialize(bytes, originalOffset + originalLength, loader);
    }

    private static RemoteTaskException toRemote(Throwable failure, Map<Throwable, RemoteTaskException> done) {
        RemoteTaskException existing = done.get(failure);
        if (existing != null) {
            return existing;
        }
        String className = failure instanceof RemoteTaskException
                ? ((RemoteTaskException) failure).remoteClassName()
                : failure.getClass().getName();
        RemoteTaskException copy = new RemoteTaskException(className, failure.getMessage());
        done.put(failure, copy);
        copy.setStackTrace(failure.getStackTrace());
        if (failure.getCause() != null && failure.getCause() != failure) {
            copy.initCause(toRemote(failure.getCause(), done));
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            copy.addSuppressed(toRemote(suppressed, done));
        }
        return copy;
    }
}
