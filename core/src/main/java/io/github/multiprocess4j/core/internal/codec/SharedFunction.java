package io.github.multiprocess4j.core.internal.codec;

import io.github.multiprocess4j.core.MapTask;
import java.util.Set;

/**
 * The function of one {@code map} or stream, whose encoding {@link ValueCodec} makes once, when the call's first
 * chunk or item is sent, and reuses for the others: encoding a lambda (its parts through reflection, nine strings,
 * its captures) costs more than a small item. The function's captures are therefore read once per call: a capture
 * changed while the call's items are being sent is not seen by later ones. A worker, likewise, rebuilds the function
 * once and reuses it while its tasks carry the same bytes ({@link ValueCodec}): the items of a call that one worker
 * runs share one instance of the function, as the items of one chunk do.
 *
 * <p>Thread-safe: the encoding is published through a volatile field; two threads that encode at once make equal
 * bytes, and either may be kept.
 *
 * @param <T> the items' type
 * @param <R> the type of what each item gives
 */
public final class SharedFunction<T, R> {

    private final MapTask<? super T, ? extends R> function;
    private volatile Encoded encoded;

    /**
     * Shares a function among the tasks of one call.
     *
     * @param function what each item goes through
     */
    public SharedFunction(MapTask<? super T, ? extends R> function) {
        this.function = function;
    }

    MapTask<? super T, ? extends R> function() {
        return function;
    }

    Encoded encoded() {
        return encoded;
    }

    void encoded(Encoded bytes) {
        encoded = bytes;
    }

    /** The function's bytes, and the classes a worker needs to read them. */
    static final class Encoded {
        final byte[] bytes;
        final Set<Class<?>> classes;

        Encoded(byte[] bytes, Set<Class<?>> classes) {
            this.bytes = bytes;
            this.classes = classes;
        }
    }
}
