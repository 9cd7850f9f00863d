package io.github.multiprocess4j.core.internal.channel;

import io.github.multiprocess4j.core.internal.codec.Failures;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Payloads of the frames in {@link Frames}.
 *
 * <pre>
 *  TASK     | task id (long) | index (int) | serialized task                                   |
 *  RESULT   | task id (long) | serialized value                                                  |
 *  FAILURE  | task id (long) | the exception, as {@link Failures} encodes it                      |
 *  HELLO    | token (ResultServer.TOKEN_BYTES bytes): parent to child first, then child to parent     |
 * </pre>
 *
 * A failure carries the exception twice: as itself, when it can be serialized, and as a copy that the parent can
 * always read.
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
        return result(id, Failures.encode(failure));
    }

    /** Decodes a failure in the parent: the exception itself if it can be read, else its copy. */
    static Throwable readFailure(byte[] payload, ClassLoader loader) throws IOException, ClassNotFoundException {
        return Failures.decode(payload, ID_BYTES, loader);
    }
}
