package io.github.multiprocess4j.core;

import static io.github.multiprocess4j.core.Checks.checkArgument;
import static java.util.Objects.requireNonNull;

import io.github.multiprocess4j.core.internal.codec.StreamFilter;
import io.github.multiprocess4j.core.internal.codec.ValueCodec;
import io.github.multiprocess4j.core.internal.pool.TaskFutures;
import io.github.multiprocess4j.core.internal.startup.ChildCommand;
import io.github.multiprocess4j.core.internal.startup.Reachability;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Launch}'s calls with options: get one from {@link Launch#with(LaunchOptions)}.
 *
 * <pre>{@code
 * LaunchOptions small = Launch.options().jvmArgs("-Xmx64m").timeout(Duration.ofSeconds(10)).build();
 * List<Long> pids = Launch.with(small).processes(5, () -> ProcessHandle.current().pid());
 * Worker<Void> waiter = Launch.with(small).thread(() -> doSleep());
 * }</pre>
 *
 * <p>Each method does what {@link Launch}'s method of the same name does, under these options: a child JVM gets the
 * {@linkplain LaunchOptions#jvmArgs() JVM arguments} and {@linkplain LaunchOptions#output() output handling}, which
 * threads ignore; every worker gets the {@linkplain LaunchOptions#timeout() time limit}; and the
 * {@linkplain LaunchOptions#name() name} is the base of the workers' names ({@code name-0}, {@code name-1}, ...)
 * when there are {@code n}, and the worker's own name when there is one.
 *
 * <p>Immutable and thread-safe; one launcher may serve any number of launches at once.
 */
public final class Launcher {

    /** The launcher of {@link Launch}'s static calls. */
    static final Launcher DEFAULT = new Launcher(LaunchOptions.defaults());

    private static final AtomicInteger SINGLE_PROCESSES = new AtomicInteger();
    private static final AtomicInteger SINGLE_THREADS = new AtomicInteger();
    private static final long KILL_WAIT_MILLIS = 5_000;

    private final LaunchOptions options;

    Launcher(LaunchOptions options) {
        this.options = requireNonNull(options, "options");
    }

    /**
     * The options it launches with.
     *
     * @return the options, never {@code null}
     */
    public LaunchOptions options() {
        return options;
    }

    /**
     * Like {@link Launch#threads(int, Task)}, with these options.
     *
     * @param <T> the result type
     * @param n how many threads, from 1 to {@value Launch#MAX_WORKERS}
     * @param task the task each thread runs
     * @return the results, in the order the threads were started
     * @throws InterruptedException if the calling thread is interrupted while waiting; the threads are interrupted
     */
    public <T> List<T> threads(int n, Task<T> task) throws InterruptedException {
        return startThreads(n, Tasks.indexed(task));
    }

    /**
     * Like {@link Launch#threads(int, VoidTask)}, with these options.
     *
     * @param n how many threads, from 1 to {@value Launch#MAX_WORKERS}
     * @param task the task each thread runs
     * @throws InterruptedException if the calling thread is interrupted while waiting; the threads are interrupted
     */
    public void threads(int n, VoidTask task) throws InterruptedException {
        startThreads(n, Tasks.indexed(task));
    }

    /**
     * Like {@link Launch#threads(int, IndexedTask)}, with these options.
     *
     * @param <T> the result type
     * @param n how many threads, from 1 to {@value Launch#MAX_WORKERS}
     * @param task the task each thread runs, told its index
     * @return the results, in index order
     * @throws InterruptedException if the calling thread is interrupted while waiting; the threads are interrupted
     */
    public <T> List<T> threads(int n, IndexedTask<T> task) throws InterruptedException {
        return startThreads(n, Tasks.indexed(task));
    }

    /**
     * Like {@link Launch#processes(int, Task)}, with these options.
     *
     * @param <T> the result type, serializable
     * @param n how many processes, from 1 to {@value Launch#MAX_WORKERS}
     * @param task the task each process runs; it and what it captures must be serializable
     * @return the results, in the order the processes were started
     * @throws InterruptedException if the calling thread is interrupted while waiting; the children are killed
     */
    public <T> List<T> processes(int n, Task<T> task) throws InterruptedException {
        return startProcesses(n, task);
    }

    /**
     * Like {@link Launch#processes(int, VoidTask)}, with these options.
     *
     * @param n how many processes, from 1 to {@value Launch#MAX_WORKERS}
     * @param task the task each process runs; it and what it captures must be serializable
     * @throws InterruptedException if the calling thread is interrupted while waiting; the children are killed
     */
    public void processes(int n, VoidTask task) throws InterruptedException {
        startProcesses(n, task);
    }

    /**
     * Like {@link Launch#processes(int, IndexedTask)}, with these options.
     *
     * @param <T> the result type, serializable
     * @param n how many processes, from 1 to {@value Launch#MAX_WORKERS}
     * @param task the task each process runs, told its index; it and what it captures must be serializable
     * @return the results, in index order
     * @throws InterruptedException if the calling thread is interrupted while waiting; the children are killed
     */
    public <T> List<T> processes(int n, IndexedTask<T> task) throws InterruptedException {
        return startProcesses(n, task);
    }

    /**
     * Like {@link Launch#thread(Task)}, with these options.
     *
     * @param <T> the result type
     * @param task the task
     * @return the started worker
     */
    public <T> Worker<T> thread(Task<T> task) {
        return startThread(Tasks.indexed(task));
    }

    /**
     * Like {@link Launch#thread(VoidTask)}, with these options.
     *
     * @param task the task
     * @return the started worker
     */
    public Worker<Void> thread(VoidTask task) {
        return startThread(Tasks.indexed(task));
    }

    /**
     * Like {@link Launch#process(Task)}, with these options.
     *
     * @param <T> the result type, serializable
     * @param task the task; it and what it captures must be serializable
     * @return the started worker
     */
    public <T> Worker<T> process(Task<T> task) {
        return startProcess(task);
    }

    /**
     * Like {@link Launch#process(VoidTask)}, with these options.
     *
     * @param task the task; it and what it captures must be serializable
     * @return the started worker
     */
    public Worker<Void> process(VoidTask task) {
        return startProcess(task);
    }

    @Override
    public String toString() {
        return "Launcher[" + options + "]";
    }

    // ---- implementation --------------------------------------------------------------------------------------

    private <T> List<T> startThreads(int n, IndexedTask<T> task) throws InterruptedException {
        checkCount(n);
        String base = options.name().orElse("thread");
        List<ThreadWorker<T>> workers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            workers.add(ThreadWorker.start(base + "-" + i, i, task, options));
        }
        return awaitAll(workers, () -> workers.forEach(ThreadWorker::kill), options.failFast());
    }

    /** Starts {@code n} children for a {@link Task}, {@link VoidTask} or {@link IndexedTask}, sent as written. */
    private <T> List<T> startProcesses(int n, Serializable task) throws InterruptedException {
        checkCount(n);
        byte[] encoded = encodeForChildren(task);
        String base = options.name().orElse("process");
        List<ProcessWorker<T>> workers = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                workers.add(ProcessWorker.start(base + "-" + i, i, task, encoded, options));
            }
        } catch (RuntimeException e) {
            workers.forEach(worker -> worker.killAndAwait(KILL_WAIT_MILLIS));
            throw e;
        }
        return awaitAll(workers, () -> {
            workers.forEach(ProcessWorker::kill);
            workers.forEach(worker -> worker.killAndAwait(KILL_WAIT_MILLIS));
        }, options.failFast());
    }

    private <T> Worker<T> startThread(IndexedTask<T> task) {
        String name = options.name().orElseGet(() -> "thread-" + SINGLE_THREADS.incrementAndGet());
        return ThreadWorker.start(name, 0, task, options);
    }

    private <T> Worker<T> startProcess(Serializable task) {
        byte[] encoded = encodeForChildren(task);
        String name = options.name().orElseGet(() -> "process-" + SINGLE_PROCESSES.incrementAndGet());
        return ProcessWorker.start(name, 0, task, encoded, options);
    }

    /**
     * Checks, before any child starts, that a child can run the task, and encodes it.
     *
     * @throws IllegalStateException if no child could load the task's class or this library
     * @throws IllegalArgumentException if the task cannot be serialized
     */
    private static byte[] encodeForChildren(Serializable task) {
        Tasks.checkTask(task);
        StreamFilter.checkPattern();
        Reachability.require(task, ChildCommand.classPathEntries(task.getClass().getClassLoader()),
                "a child JVM (none was started)");
        return ValueCodec.encodeTask(task);
    }

    /**
     * Waits for every worker, or with {@code failFast} until the first failure, then stops the others; the results
     * so far and every failure of a worker that finished on its own go into the {@link LaunchException}.
     */
    private static <T> List<T> awaitAll(List<? extends AbstractWorker<T>> workers, Runnable stopAll,
            boolean failFast) throws InterruptedException {
        List<Boolean> finishedFirst = null;
        try {
            if (failFast) {
                finishedFirst = awaitFirstFailure(workers);
                if (finishedFirst != null) {
                    stopAll.run();
                }
            } else {
                for (AbstractWorker<T> worker : workers) {
                    worker.join();
                }
            }
        } catch (InterruptedException e) {
            stopAll.run();
            throw e;
        }
        List<T> results = new ArrayList<>(workers.size());
        List<TaskFailedException> failures = new ArrayList<>();
        int stopped = 0;
        for (int i = 0; i < workers.size(); i++) {
            AbstractWorker<T> worker = workers.get(i);
            TaskFailedException failure = worker.failure();
            if (finishedFirst != null && !finishedFirst.get(i)) {
                stopped++;
                results.add(null);
            } else if (failure == null) {
                results.add(worker.outcome.join());
            } else {
                failures.add(failure);
                results.add(null);
            }
        }
        if (!failures.isEmpty()) {
            throw new LaunchException(workers.size(), failures, new ArrayList<>(results), stopped);
        }
        return results;
    }

    /**
     * Waits until every worker has succeeded or one has failed.
     *
     * @return {@code null} if all succeeded, else whether each worker had finished when the first failure came
     */
    private static List<Boolean> awaitFirstFailure(List<? extends AbstractWorker<?>> workers)
            throws InterruptedException {
        List<CompletableFuture<?>> outcomes = new ArrayList<>(workers.size());
        workers.forEach(worker -> outcomes.add(worker.outcome));
        if (!TaskFutures.awaitFirstFailure(outcomes)) {
            return null;
        }
        List<Boolean> finished = new ArrayList<>(workers.size());
        outcomes.forEach(outcome -> finished.add(outcome.isDone()));
        return finished;
    }

    private static void checkCount(int n) {
        checkArgument(n >= 1, "n must be at least 1, got %s", n);
        checkArgument(n <= Checks.MAX_WORKERS, "n must be at most %s (Launch.MAX_WORKERS), got %s",
                Checks.MAX_WORKERS, n);
    }
}
