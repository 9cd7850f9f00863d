package io.github.multiprocess4j.core.internal.channel;

import io.github.multiprocess4j.core.internal.codec.ValueCodec;
import java.io.IOException;

/**
 * What a child sent back for one task: its result, or the exception it threw, kept as bytes until whoever waits for
 * the task decodes them with the task's class loader (so that classes of the task's own loader resolve). Decoding
 * checks every length and passes Java-serialized parts through the serialization filter; a corrupt or refused answer
 * fails to decode rather than yielding a value. Immutable and thread-safe.
 */
public final class Answer {

    private final boolean failure;
    private final byte[] payload;

    Answer(boolean failure, byte[] payload) {
        this.failure = failure;
        this.payload = payload;
    }

    /**
     * The task it answers, as the parent numbered it when sending it.
     *
     * @return the task's id
     */
    public long taskId() {
        return Messages.id(payload);
    }

    /**
     * Whether the task threw rather than returned.
     *
     * @return {@code true} for a failure, which {@link #failure(ClassLoader)} decodes
     */
    public boolean isFailure() {
        return failure;
    }

    /**
     * Decodes the task's result.
     *
     * @param loader the task's class loader, where the result's classes are looked up first
     * @return the result, which may be {@code null}
     * @throws IOException if the bytes are corrupt or refused by the serialization filter
     * @throws ClassNotFoundException if a class they name cannot be found
     * @throws IllegalStateException if the task threw instead
     */
    public Object value(ClassLoader loader) throws IOException, ClassNotFoundException {
        if (failure) {
            throw new IllegalStateException("the task threw: decode its failure");
        }
        return ValueCodec.decode(payload, Messages.ID_BYTES, loader);
    }

    /**
     * Decodes what the task threw: the exception itself if it can be read, else a stand-in that keeps its class
     * name, message and stack trace.
     *
     * @param loader the task's class loader, where the exception's classes are looked up first
     * @return the exception
     * @throws IOException if the bytes are corrupt or refused by the serialization filter
     * @throws ClassNotFoundException if a class they name cannot be found
     * @throws IllegalStateException if the task returned instead
     */
    public Throwable failure(ClassLoader loader) throws IOException, ClassNotFoundException {
        if (!failure) {
            throw new IllegalStateException("the task returned: decode its value");
        }
        return Messages.readFailure(payload, loader);
    }
}
