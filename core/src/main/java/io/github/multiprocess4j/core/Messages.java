package io.github.multiprocess4j.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Payloads of the frames in {@link Frames}.
 *
 * <pre>
 *  TASK     | task id (long) | index (int) | serialized task                                   |
 *  RESULT   | task id (long) | serialized value                                                  |
 *  FAILURE  | task id (long) | n (int) | the exception serialized, or n = 0 | RemoteTaskException copy |
 *  HELLO    | token (ResultServer.TOKEN_BYTES bytes): parent to child first, then child to parent     |
 * </pre>
 *
 * A failure carries the exception twice: as itself, when it can be serialized, and as a
 * {@link RemoteTaskException} copy that the parent can always read.
 */
final class Messages {

    static final int ID_BYTES = Long.BYTES;
    static final int TASK_HEADER_BYTES = Long.BYTES + Integer.BYTES;

    private Messages() {
    }

    static byte[] task(long id, int index, byte[] task) {
        return ByteBuffer.allocate(TASK_HEADER_BYTES + task.length).putLong(id).putInt(index).put(task).array();
    }

    static int taskIndex(byte[] payload) {
        return ByteBuffer.wrap(payload).getInt(Long.BYTES);
    }

    static long id(byte[] payload) {
        return ByteBuffer.wrap(payload).getLong(0);
    }

    static byte[] result(long id, byte[] value) {
        return ByteBuffer.allocate(ID_BYTES + value.length).putLong(id).put(value).array();
    }

    /** Encodes a failure in the child; never fails because the exception cannot be serialized. */
    static byte[] failure(long id, Throwable failure) throws IOException {
        byte[] original;
        try {
            original = Serialization.serialize(failure);
        } catch (IOException | RuntimeException e) {
            original = new byte[0];
        }
        byte[] copy = Serialization.serialize(toRemote(failure, new IdentityHashMap<>()));
        return ByteBuffer.allocate(ID_BYTES + Integer.BYTES + original.length + copy.length)
                .putLong(id).putInt(original.length).put(original).put(copy).array();
    }

    /** Decodes a failure in the parent: the exception itself if it can be read, else its copy. */
    static Throwable readFailure(byte[] payload, ClassLoader loader) throws IOException, ClassNotFoundException {
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        int originalLength = buffer.getInt(ID_BYTES);
        int originalOffset = ID_BYTES + Integer.BYTES;
        if (originalLength < 0 || originalLength > payload.length - originalOffset) {
            throw new java.io.StreamCorruptedException("a failure claims " + originalLength + " bytes of "
                    + (payload.length - originalOffset));
        }
        if (originalLength > 0) {
            try {
                byte[] original = new byte[originalLength];
                buffer.get(originalOffset, original);
                return (Throwable) Serialization.deserialize(original, 0, loader);
            } catch (IOException | ClassNotFoundException | RuntimeException e) {
                // fall back on the copy
            }
        }
        return (Throwable) Serialization.deserialize(payload, originalOffset + originalLength, loader);
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
