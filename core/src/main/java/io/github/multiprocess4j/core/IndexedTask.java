package io.github.multiprocess4j.core;

import java.io.Serializable;

/**
 * A unit of work that is told which of the {@code n} launched copies it is, from {@code 0} to {@code n - 1}:
 * Python's {@code Process(target=f, args=(sm, i))}.
 *
 * <pre>{@code
 * List<Integer> squares = Launch.processes(4, i -> i * i);   // [0, 1, 4, 9]
 * }</pre>
 *
 * <p>The body returns a value. A body that has nothing to return is written as a block that returns
 * {@code null}: {@code i -> { fill(memory, i); return null; }}. (A second, void-bodied indexed type would make
 * every {@code i -> f(i)} lambda ambiguous to the compiler.)
 *
 * <p>The same rules as for {@link Task} apply: it is {@link Serializable}, and what it captures travels
 * with it to a child JVM.
 *
 * @param <T> the type of the result; when the task runs in a child JVM it must be serializable
 */
@FunctionalInterface
public interface IndexedTask<T> extends Serializable {

    /**
     * Does the work of copy {@code index}.
     *
     * @param index which copy this is, from {@code 0} to {@code n - 1}
     * @return the result, which may be {@code null}
     * @throws Exception any failure; it is reported to whoever waits for the result
     */
    T call(int index) throws Exception;
}
