package io.github.multiprocess4j.core;

import static java.util.Objects.requireNonNull;

/**
 * The three shapes of task as one, for a thread: an {@link IndexedTask} that passes the index on, or ignores it.
 * A child JVM gets the task as written instead, since that is what travels. Stateless.
 */
final class Tasks {

    private Tasks() {
    }

    static <T> IndexedTask<T> indexed(Task<T> task) {
        requireNonNull(task, "task");
        return index -> task.call();
    }

    static IndexedTask<Void> indexed(VoidTask task) {
        requireNonNull(task, "task");
        return index -> {
            task.run();
            return null;
        };
    }

    static <T> IndexedTask<T> indexed(IndexedTask<T> task) {
        return requireNonNull(task, "task");
    }

    static <T> T checkTask(T task) {
        return requireNonNull(task, "task");
    }
}
