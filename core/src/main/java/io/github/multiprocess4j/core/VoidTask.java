package io.github.multiprocess4j.core;

import java.io.Serializable;

/**
 * A unit of work that returns nothing, such as {@code () -> Thread.sleep(500)}.
 *
 * <p>The same rules as for {@link Task} apply: it is {@link Serializable}, and what it captures travels
 * with it to a child JVM.
 *
 * @see Task
 */
@FunctionalInterface
public interface VoidTask extends Serializable {

    /**
     * Does the work.
     *
     * @throws Exception any failure; it is reported to whoever waits for the task
     */
    void run() throws Exception;
}
