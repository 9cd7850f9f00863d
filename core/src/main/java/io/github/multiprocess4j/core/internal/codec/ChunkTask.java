package io.github.multiprocess4j.core.internal.codec;

import io.github.multiprocess4j.core.MapTask;
import io.github.multiprocess4j.core.Task;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Several items of a {@code ProcessPool.map} sent to a worker as one task, to save round trips; {@link ValueCodec}
 * writes its items one by one. Immutable once built; runs on one thread.
 *
 * @param <T> the items' type
 * @param <R> the type of what each item gives
 */
public final class ChunkTask<T, R> implements Task<List<R>> {

    private static final long serialVersionUID = 1L;

    private final MapTask<? super T, ? extends R> function;
    private final ArrayList<T> items;
    /** The call's function with its encoding, or {@code null}: then the function is encoded with each chunk. */
    private final transient SharedFunction<T, R> shared;

    /**
     * Copies the items.
     *
     * @param function what each item goes through
     * @param items the chunk's items, in order
     */
    public ChunkTask(MapTask<? super T, ? extends R> function, List<T> items) {
        this.function = function;
        this.items = new ArrayList<>(items);
        this.shared = null;
    }

    /**
     * Copies the items of a chunk of a call whose function is shared among its chunks.
     *
     * @param function the call's function
     * @param items the chunk's items, in order
     */
    public ChunkTask(SharedFunction<T, R> function, List<T> items) {
        this.function = function.function();
        this.items = new ArrayList<>(items);
        this.shared = function;
    }

    MapTask<? super T, ? extends R> function() {
        return function;
    }

    SharedFunction<T, R> shared() {
        return shared;
    }

    List<T> items() {
        return items;
    }

    @Override
    public List<R> call() throws ItemFailure {
        List<R> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                results.add(function.call(items.get(i)));
            } catch (Exception e) {
                throw new ItemFailure(i, e, results);
            }
        }
        return results;
    }

    /**
     * The item at {@link #offset} of a chunk failed; the cause is its own exception, and {@link #done} holds the
     * results of the items before it.
     */
    public static final class ItemFailure extends Exception implements Serializable {
        private static final long serialVersionUID = 1L;

        final int offset;
        final ArrayList<Object> done;

        ItemFailure(int offset, Exception cause, List<?> done) {
            super("item " + offset + " of the chunk failed", cause);
            this.offset = offset;
            this.done = new ArrayList<>(done);
        }

        /**
         * Where in its chunk the item that failed stands.
         *
         * @return the offset, from 0
         */
        public int offset() {
            return offset;
        }

        /**
         * The results of the items before the one that failed.
         *
         * @return them, in order
         */
        public List<Object> done() {
            return done;
        }
    }
}
