package io.github.multiprocess4j.core;

import static java.util.Objects.requireNonNull;

/** Runs any of the three task types the same way, in a thread or in a child JVM. */
final class Tasks {

    private Tasks() {
    }

    /** Calls {@link Task}, {@link VoidTask} (giving {@code null}) or {@link IndexedTask} with {@code index}. */
    static Object invoke(Object task, int index) throws Exception {
        if (task instanceof Task) {
            return ((Task<?>) task).call();
        }
        if (task instanceof IndexedTask) {
            return ((IndexedTask<?>) task).call(index);
        }
        if (task instanceof VoidTask) {
            ((VoidTask) task).run();
            return null;
        }
        throw new IllegalArgumentException("not a Task, VoidTask or IndexedTask: " + task.getClass().getName());
    }

    static <T> T checkTask(T task) {
        return requireNonNull(task, "task");
    }
}
