package io.github.multiprocess4j.core;

import io.github.multiprocess4j.core.internal.codec.ValueCodec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** A task submitted to a {@link ProcessPool}, encoded once, with the future its caller holds. */
final class PoolTask {

    private static final AtomicLong IDS = new AtomicLong();

    final long id = IDS.incrementAndGet();
    /** As submitted: a {@link Task}, {@link VoidTask} or {@link ChunkTask}. */
    final Object task;
    final byte[] encoded;
    final ClassLoader loader;
    final Future<Object> future;
    /** The last worker this task was written to; set under that worker's send lock. */
    PoolWorker reachedWorker;

    PoolTask(Object task, ProcessPool pool) {
        this.task = task;
        this.encoded = ValueCodec.encodeTask(task);
        this.loader = task.getClass().getClassLoader();
        this.future = new Future<>(this, pool);
    }

    /** Whether the task was written to {@code worker}; call after {@link PoolWorker#exited()}. */
    boolean reached(PoolWorker worker) {
        return reachedWorker == worker;
    }

    /** A future whose {@code cancel(true)} stops the task where it runs, by killing (and replacing) its worker. */
    static final class Future<T> extends CompletableFuture<T> {
        private final PoolTask task;
        private final ProcessPool pool;

        Future(PoolTask task, ProcessPool pool) {
            this.task = task;
            this.pool = pool;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                pool.cancelled(task, mayInterruptIfRunning);
            }
            return cancelled;
        }
    }
}
