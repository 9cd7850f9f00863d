package io.github.multiprocess4j.core;

/**
 * One result of {@link ProcessPool#imapUnordered(Iterable, MapTask)}, with the position of its item in the input, as
 * results arrive in the order they complete rather than the input's.
 *
 * <p>Immutable, and thread-safe if the value is.
 *
 * @param <R> the result type
 * @param index the position of the item in the input, from {@code 0}
 * @param value the function's result for that item, possibly {@code null}
 */
public record Completed<R>(long index, R value) {
}
