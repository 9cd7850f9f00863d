package io.github.multiprocess4j.core;

import java.io.Serializable;

/**
 * A function applied to each item of {@link ProcessPool#map(Iterable, MapTask)}: Python's {@code pool.map(f, items)}.
 *
 * <p>The same rules as for {@link Task} apply: it is {@link Serializable}, what it captures travels with it to
 * the child JVMs, and so do the items and the results.
 *
 * @param <T> the type of the items
 * @param <R> the type of the results
 */
@FunctionalInterface
public interface MapTask<T, R> extends Serializable {

    /**
     * Computes the result for one item.
     *
     * @param item the item
     * @return the result, which may be {@code null}
     * @throws Exception any failure; it is reported with the item's index
     */
    R call(T item) throws Exception;
}
