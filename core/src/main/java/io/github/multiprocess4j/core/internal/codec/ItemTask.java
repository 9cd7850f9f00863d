package io.github.multiprocess4j.core.internal.codec;

import io.github.multiprocess4j.core.MapTask;
import io.github.multiprocess4j.core.Task;

/**
 * One item of a {@code ProcessPool.map} or stream sent to a worker as a task of its own: the function applied to the
 * item, which fails with the function's own exception. {@link ValueCodec} writes the function's encoding once per call
 * ({@link SharedFunction}), then the item. Immutable; runs on one thread.
 *
 * @param <T> the item's type
 * @param <R> the type of what it gives
 */
public final class ItemTask<T, R> implements Task<R> {

    private static final long serialVersionUID = 1L;

    private final MapTask<? super T, ? extends R> function;
    private final T item;
    /** The call's function with its encoding; {@code null} once Java-serialized (never, by this library). */
    private final transient SharedFunction<T, R> shared;

    /**
     * The item of a call whose function is shared.
     *
     * @param function the call's function
     * @param item the item
     */
    public ItemTask(SharedFunction<T, R> function, T item) {
        this.function = function.function();
        this.item = item;
        this.shared = function;
    }

    ItemTask(MapTask<? super T, ? extends R> function, T item) {
        this.function = function;
        this.item = item;
        this.shared = null;
    }

    MapTask<? super T, ? extends R> function() {
        return function;
    }

    SharedFunction<T, R> shared() {
        return shared;
    }

    T item() {
        return item;
    }

    @Override
    public R call() throws Exception {
        return function.call(item);
    }
}
