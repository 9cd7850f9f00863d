package io.github.multiprocess4j.core;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Several items of a {@link ProcessPool#map} sent to a worker as one task, to save round trips.
 *
 * @param <T> the item type
 * @param <R> the result type
 */
final class ChunkTask<T, R> implements Task<List<R>> {

    private static final long serialVersionUID = 1L;

    private final MapTask<? super T, ? extends R> function;
    private final ArrayList<T> items;

    ChunkTask(MapTask<? super T, ? extends R> function, List<T> items) {
        this.function = function;
        this.items = new ArrayList<>(items);
    }

    MapTask<? super T, ? extends R> function() {
        return function;
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
    static final class ItemFailure extends Exception implements Serializable {
        private static final long serialVersionUID = 1L;

        final int offset;
        final ArrayList<Object> done;

        ItemFailure(int offset, Exception cause, List<?> done) {
            super("item " + offset + " of the chunk failed", cause);
            this.offset = offset;
            this.done = new ArrayList<>(done);
        }
    }
}
