package io.github.multiprocess4j.core;

import io.github.multiprocess4j.core.internal.codec.ValueCodec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A task submitted to a {@link ProcessPool}, encoded once, with the future its caller holds and its time limit. Its
 * fields are final but for the worker it reached, which {@link PoolWorker#send} sets under that worker's lock.
 */
final class PoolTask {

    /** Told when a task's future is cancelled, to forget the task or stop it where it runs. */
    @FunctionalInterface
    interface Cancellation {
        void cancelled(PoolTask task, boolean stopIfRunning);
    }

    private static final AtomicLong IDS = new AtomicLong();

    final long id = IDS.incrementAndGet();
    /** As submitted: a {@link Task}, a {@link VoidTask} or a chunk of a {@code map}. */
    final Object task;
    final byte[] encoded;
    final ClassLoader loader;
    final Future<Object> future;
    /** How long it may run once it has started on a worker, or {@code null} for as long as it takes. */
    final Duration limit;
    /** The number of the last worker this task was written to, 0 for none; set under that worker's send lock. */
    private int reachedWorker;

    PoolTask(Object task, Duration limit, Cancellation cancellation) {
        this.task = task;
        this.limit = limit;
        this.encoded = ValueCodec.encodeTask(task);
        this.loader = task.getClass().getClassLoader();
        this.future = new Future<>(this, cancellation);
    }

    /** Notes that the task was written to the worker numbered so; called under that worker's send lock. */
    void reached(int worker) {
        reachedWorker = worker;
    }

    /** Whether the task was written to the worker numbered so; call after {@link PoolWorker#exited()}. */
    boolean hasReached(int worker) {
        return reachedWorker == worker;
    }

    /** A future whose {@code cancel(true)} stops the task where it runs, by killing (and replacing) its worker. */
    static final class Future<T> extends CompletableFuture<T> {
        private final PoolTask task;
        private final Cancellation cancellation;

        Future(PoolTask task, Cancellation cancellation) {
            this.task = task;
            this.cancellation = cancellation;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                cancellation.cancelled(task, mayInterruptIfRunning);
            }
            return cancelled;
        }
    }
}
