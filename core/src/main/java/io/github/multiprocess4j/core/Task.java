package io.github.multiprocess4j.core;

import java.io.Serializable;

/**
 * A unit of work that returns a value: the body of a thread or of a child JVM.
 *
 * <p>A {@code Task} is {@link Serializable} so that a lambda or method reference written where a task is
 * expected can be sent to a child JVM. Whatever the lambda captures travels with it and must be
 * serializable too; a task that captures something that is not fails in the parent, before any child starts,
 * with a message naming the captured type. Static fields do not travel: a child sees its own copy of every
 * class, initialised afresh.
 *
 * <pre>{@code
 * List<Long> pids = Launch.processes(5, () -> ProcessHandle.current().pid());
 * }</pre>
 *
 * @param <T> the type of the result; when the task runs in a child JVM it must be serializable
 * @see VoidTask
 * @see IndexedTask
 */
@FunctionalInterface
public interface Task<T> extends Serializable {

    /**
     * Does the work.
     *
     * @return the result, which may be {@code null}
     * @throws Exception any failure; it is reported to whoever waits for the result
     */
    T call() throws Exception;
}
