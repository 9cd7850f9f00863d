package io.github.multiprocess4j.cluster;

import io.github.multiprocess4j.core.MapTask;
import io.github.multiprocess4j.core.RemoteTaskException;
import io.github.multiprocess4j.core.Task;
import io.github.multiprocess4j.core.VoidTask;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A task as it travels to a member: its bytes, read there through {@link Codec}'s filter. The answer travels back the
 * same way: the bytes of an {@link Outcome}, a value or the task's exception.
 */
final class RemoteTask implements Callable<byte[]>, Serializable {

    private static final long serialVersionUID = 1L;

    private final byte[] task;

    RemoteTask(byte[] task) {
        this.task = task;
    }

    @Override
    public byte[] call() {
        Outcome outcome;
        try {
            outcome = new Outcome(run(Codec.decode(task, "a task")), null);
        } catch (Throwable failure) {
            outcome = new Outcome(null, failure);
        }
        try {
            return Codec.encode(outcome, "the task's result");
        } catch (IllegalArgumentException e) {
            Throwable why = outcome.failure != null ? outcome.failure : e;
            return Codec.encode(new Outcome(null, portable(why)), "the task's failure");
        }
    }

    @SuppressWarnings("unchecked")
    private static Object run(Object task) throws Exception {
        if (task instanceof Task) {
            return ((Task<?>) task).call();
        }
        if (task instanceof VoidTask) {
            ((VoidTask) task).run();
            return null;
        }
        if (task instanceof Chunk) {
            Chunk chunk = (Chunk) task;
            MapTask<Object, Object> function = (MapTask<Object, Object>) chunk.function;
            List<Object> results = new ArrayList<>(chunk.items.size());
            for (Object item : chunk.items) {
                results.add(function.call(item));
            }
            return results;
        }
        throw new IllegalArgumentException("not a task: " + (task == null ? null : task.getClass().getName()));
    }

    /** A failure that can always be serialized: its class name, message and stack, with its causes. */
    private static RemoteTaskException portable(Throwable failure) {
        RemoteTaskException copy = new RemoteTaskException(failure.getClass().getName(), failure.getMessage());
        copy.setStackTrace(failure.getStackTrace());
        if (failure.getCause() != null && failure.getCause() != failure) {
            copy.initCause(portable(failure.getCause()));
        }
        return copy;
    }

    /** What a task returned, or the exception it threw. */
    static final class Outcome implements Serializable {
        private static final long serialVersionUID = 1L;
        final Object value;
        final Throwable failure;

        Outcome(Object value, Throwable failure) {
            this.value = value;
            this.failure = failure;
        }
    }

    /** Several items of a {@code map} as one task. */
    static final class Chunk implements Serializable {
        private static final long serialVersionUID = 1L;
        final MapTask<?, ?> function;
        final List<?> items;

        Chunk(MapTask<?, ?> function, List<?> items) {
            this.function = function;
            this.items = new ArrayList<>(items);
        }
    }
}
