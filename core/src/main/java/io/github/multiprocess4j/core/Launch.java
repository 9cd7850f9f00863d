package io.github.multiprocess4j.core;

import static io.github.multiprocess4j.core.Checks.checkArgument;
import static java.util.Objects.requireNonNull;

import io.github.multiprocess4j.core.internal.codec.StreamFilter;
import io.github.multiprocess4j.core.internal.codec.ValueCodec;
import io.github.multiprocess4j.core.internal.startup.ChildCommand;
import io.github.multiprocess4j.core.internal.startup.Reachability;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks on new threads or in new child JVMs: the entry point of the library.
 *
 * <pre>{@code
 * // CPU-bound work: 5 processes take about the time of 1 (the tour's "multiprocessing" section)
 * Timed.print("5 processes", () -> Launch.processes(5, () -> doCalculation()));
 *
 * // one result per copy, in index order
 * List<Long> pids = Launch.processes(5, () -> ProcessHandle.current().pid());
 *
 * // start, then join later
 * Worker<Void> worker = Launch.process(() -> doSleep());
 * worker.join();
 * }</pre>
 *
 * <h2>Threads and processes</h2>
 * A thread shares everything with the caller. A process is a new JVM started from the same {@code java}
 * binary with the same class path; the task is serialized and sent to it, so it must capture only serializable
 * values (a task capturing anything else is refused before any child starts, with a message naming the
 * culprit). Static fields are not shared: each child starts its classes afresh, as Python's spawned processes
 * do. A child's standard output and error reach the parent line by line ({@link Output}); its result travels on
 * a separate channel, so nothing it prints can be mistaken for a result. A child exits when its parent dies.
 *
 * <p>A child is given files: this JVM's class path, the {@code file:} URLs of the {@code URLClassLoader}s from
 * the task's class loader up, and, for an application run from a Spring Boot executable jar, a copy of the jar's
 * classes and libraries unpacked once into the cache directory (see {@code multiprocess4j.cacheDir}). Before any
 * child starts, the task's class is checked to come from one of those: a task that no child could load (its class
 * defined only in memory, or by a class loader whose URLs are not files) is refused at once with an
 * {@link IllegalStateException} that says where its bytes come from and what to do.
 *
 * <h2>Failures</h2>
 * The methods that launch {@code n} tasks wait for all of them. If any failed, they throw one
 * {@link LaunchException} that carries every failure, and the results of the tasks that succeeded. A failure is
 * a {@link TaskFailedException}: the task threw (its exception, with the child's stack frames, is the cause),
 * ran past its time limit, or its JVM exited or was killed first (the message gives the exit code or signal).
 * If the waiting thread is interrupted, every task of the launch is stopped (children are killed, threads
 * interrupted) and {@link InterruptedException} is thrown.
 *
 * <p>Thread-safety: all methods may be called from any number of threads at once.
 */
public final class Launch {

    /**
     * The most workers one launch, or one {@link ProcessPool}, may have: Linux's default {@code pid_max}. More
     * processes cannot exist at once on a default system, and more threads are a mistaken argument rather than a
     * plan; refusing them up front spares starting thousands of workers before failing.
     */
    public static final int MAX_WORKERS = 32_768;

    private static final AtomicInteger SINGLE_PROCESSES = new AtomicInteger();
    private static final AtomicInteger SINGLE_THREADS = new AtomicInteger();
    private static final long KILL_WAIT_MILLIS = 5_000;

    private Launch() {
    }

    /**
     * A builder for {@link LaunchOptions}: JVM arguments, time limit, output handling and name.
     *
     * @return a new builder holding the defaults
     */
    public static LaunchOptionsBuilder options() {
        return new LaunchOptionsBuilder();
    }

    // ---- n threads -------------------------------------------------------------------------------------------

    /**
     * Runs {@code n} copies of a task on {@code n} new threads and waits for all of them.
     *
     * @param <T> the result type
     * @param n how many threads, from 1 to {@value #MAX_WORKERS}
     * @param task the task each thread runs
     * @return the results, in the order the threads were started
     * @throws LaunchException if any task failed, after all have finished
     * @throws InterruptedException if the calling thread is interrupted while waiting; the threads are
     *     interrupted too
     * @throws IllegalArgumentException if {@code n} is less than 1 or more than {@value #MAX_WORKERS}
     * @throws NullPointerException if {@code task} is {@code null}
     */
    public static <T> List<T> threads(int n, Task<T> task) throws InterruptedException {
        return threads(n, task, LaunchOptions.defaults());
    }

    /**
     * Runs {@code n} copies of a task on {@code n} new threads and waits for all of them.
     *
     * @param <T> the result type
     * @param n how many threads, from 1 to {@value #MAX_WORKERS}
     * @param task the task each thread runs
     * @param options the time limit and name to use; JVM arguments and output handling do not apply to threads
     * @return the results, in the order the threads were started
     * @throws LaunchException if any task failed, after all have finished
     * @throws InterruptedException if the calling thread is interrupted while waiting; the threads are
     *     interrupted too
     * @throws IllegalArgumentException if {@code n} is less than 1 or more than {@value #MAX_WORKERS}
     * @throws NullPointerException if {@code task} or {@code options} is {@code null}
     */
    public static <T> List<T> threads(int n, Task<T> task, LaunchOptions options) throws InterruptedException {
        return startThreads(n, Tasks.indexed(task), options);
    }

    /**
     * Runs {@code n} copies of a task on {@code n} new threads and waits for all of them.
     *
     * @param n how many threads, from 1 to {@value #MAX_WORKERS}
     * @param task the task each thread runs
     * @throws LaunchException if any task failed, after all have finished
     * @throws InterruptedException if the calling thread is interrupted while waiting; the threads are
     *     interrupted too
     * @throws IllegalArgumentException if {@code n} is less than 1 or more than {@value #MAX_WORKERS}
     * @throws NullPointerException if {@code task} is {@code null}
     */
    public static void threads(int n, VoidTask task) throws InterruptedException {
        threads(n, task, LaunchOptions.defaults());
    }

    /**
     * Runs {@code n} copies of a task on {@code n} new threads and waits for all of them.
     *
     * @param n how many threads, from 1 to {@value #MAX_WORKERS}
     * @param task the task each thread runs
     * @param options the time limit and name to use; JVM arguments and output handling do not apply to threads
     * @throws LaunchException if any task failed, after all have finished
     * @throws InterruptedException if the calling thread is interrupted while waiting; the threads are
     *     interrupted too
     * @throws IllegalArgumentException if {@code n} is less than 1 or more than {@value #MAX_WORKERS}
     * @throws NullPointerException if {@code task} or {@code options} is {@code null}
     */
    public static void threads(int n, VoidTask task, LaunchOptions options) throws InterruptedException {
        startThreads(n, Tasks.indexed(task), options);
    }

    /**
     * Runs a task on {@code n} new threads, telling each its index, and waits for all of them.
     *
     * @param <T> the result type
     * @param n how many threads, from 1 to {@value #MAX_WORKERS}
     * @param task the task; thread {@code i} calls {@code task.call(i)}
     * @return the results, in index order
     * @throws LaunchException if any task failed, after all have finished
     * @throws InterruptedException if the calling thread is interrupted while waiting; the threads are
     *     interrupted too
     * @throws IllegalArgumentException if {@code n} is less than 1 or more than {@value #MAX_WORKERS}
     * @throws NullPointerException if {@code task} is {@code null}
     */
    public static <T> List<T> threads(int n, IndexedTask<T> task) throws InterruptedException {
        return threads(n, task, LaunchOptions.defaults());
    }

    /**
     * Runs a task on {@code n} new threads, telling each its index, and waits for all of them.
     *
     * @param <T> the result type
     * @param n how many threads, from 1 to {@value #MAX_WORKERS}
     * @param task the task; thread {@code i} calls {@code task.call(i)}
     * @param options the time limit and name to use; JVM arguments and output handling do not apply to threads
     * @return the results, in index order
     * @throws LaunchException if any task failed, after all have finished
     * @throws InterruptedException if the calling thread is interrupted while waiting; the threads are
     *     interrupted too
     * @throws IllegalArgumentException if {@code n} is less than 1 or more than {@value #MAX_WORKERS}
     * @throws NullPointerException if {@code task} or {@code options} is {@code null}
     */
    public static <T> List<T> threads(int n, IndexedTask<T> task, LaunchOptions options)
            throws InterruptedException {
        return startThreads(n, Tasks.indexed(task), options);
    }

    // ---- n processes -----------------------------------------------------------------------------------------

    /**
     * Runs {@code n} copies of a task in {@code n} new child JVMs and waits for all of them.
     *
     * @param <T> the result type, serializable
     * @param n how many processes, from 1 to {@value #MAX_WORKERS}
     * @param task the task each process runs; it and what it captures must be serializable
     * @return the results, in the order the processes were started
     * @throws LaunchException if any task failed, after all have finished
     * @throws InterruptedException if the calling thread is interrupted while waiting; the children are killed
     * @throws IllegalArgumentException if {@code n} is out of range, or the task cannot be serialized (the message
     *     names what it captured)
     * @throws NullPointerException if {@code task} is {@code null}
     * @throws IllegalStateException if a child JVM could not load the task's class (defined only in memory, say, or
     *     by a class loader whose files a child is not given) or this library; then no JVM is started
     * @throws java.io.UncheckedIOException if a child JVM cannot be started
     */
    public static <T> List<T> processes(int n, Task<T> task) throws InterruptedException {
        return processes(n, task, LaunchOptions.defaults());
    }

    /**
     * Runs {@code n} copies of a task in {@code n} new child JVMs and waits for all of them.
     *
     * @param <T> the result type, serializable
     * @param n how many processes, from 1 to {@value #MAX_WORKERS}
     * @param task the task each process runs; it and what it captures must be serializable
     * @param options JVM arguments, time limit, output handling and name
     * @return the results, in the order the processes were started
     * @throws LaunchException if any task failed, after all have finished
     * @throws InterruptedException if the calling thread is interrupted while waiting; the children are killed
     * @throws IllegalArgumentException if {@code n} is out of range, or the task cannot be serialized (the message
     *     names what it captured)
     * @throws NullPointerException if {@code task} or {@code options} is {@code null}
     * @throws IllegalStateException if a child JVM could not load the task's class (defined only in memory, say, or
     *     by a class loader whose files a child is not given) or this library; then no JVM is started
     * @throws java.io.UncheckedIOException if a child JVM cannot be started
     */
    public static <T> List<T> processes(int n, Task<T> task, LaunchOptions options) throws InterruptedException {
        return startProcesses(n, task, options);
    }

    /**
     * Runs {@code n} copies of a task in {@code n} new child JVMs and waits for all of them.
     *
     * @param n how many processes, from 1 to {@value #MAX_WORKERS}
     * @param task the task each process runs; it and what it captures must be serializable
     * @throws LaunchException if any task failed, after all have finished
     * @throws InterruptedException if the calling thread is interrupted while waiting; the children are killed
     * @throws IllegalArgumentException if {@code n} is out of range, or the task cannot be serialized (the message
     *     names what it captured)
     * @throws NullPointerException if {@code task} is {@code null}
     * @throws IllegalStateException if a child JVM could not load the task's class (defined only in memory, say, or
     *     by a class loader whose files a child is not given) or this library; then no JVM is started
     * @throws java.io.UncheckedIOException if a child JVM cannot be started
     */
    public static void processes(int n, VoidTask task) throws InterruptedException {
        processes(n, task, LaunchOptions.defaults());
    }

    /**
     * Runs {@code n} copies of a task in {@code n} new child JVMs and waits for all of them.
     *
     * @param n how many processes, from 1 to {@value #MAX_WORKERS}
     * @param task the task each process runs; it and what it captures must be serializable
     * @param options JVM arguments, time limit, output handling and name
     * @throws LaunchException if any task failed, after all have finished
     * @throws InterruptedException if the calling thread is interrupted while waiting; the children are killed
     * @throws IllegalArgumentException if {@code n} is out of range, or the task cannot be serialized (the message
     *     names what it captured)
     * @throws NullPointerException if {@code task} or {@code options} is {@code null}
     * @throws IllegalStateException if a child JVM could not load the task's class (defined only in memory, say, or
     *     by a class loader whose files a child is not given) or this library; then no JVM is started
     * @throws java.io.UncheckedIOException if a child JVM cannot be started
     */
    public static void processes(int n, VoidTask task, LaunchOptions options) throws InterruptedException {
        startProcesses(n, task, options);
    }

    /**
     * Runs a task in {@code n} new child JVMs, telling each its index, and waits for all of them: Python's
     * {@code Process(target=f, args=(sm, i))} for {@code i} in {@code range(n)}.
     *
     * @param <T> the result type, serializable
     * @param n how many processes, from 1 to {@value #MAX_WORKERS}
     * @param task the task; process {@code i} calls {@code task.call(i)}; it and what it captures must be
     *     serializable
     * @return the results, in index order
     * @throws LaunchException if any task failed, after all have finished
     * @throws InterruptedException if the calling thread is interrupted while waiting; the children are killed
     * @throws IllegalArgumentException if {@code n} is out of range, or the task cannot be serialized (the message
     *     names what it captured)
     * @throws NullPointerException if {@code task} is {@code null}
     * @throws IllegalStateException if a child JVM could not load the task's class (defined only in memory, say, or
     *     by a class loader whose files a child is not given) or this library; then no JVM is started
     * @throws java.io.UncheckedIOException if a child JVM cannot be started
     */
    public static <T> List<T> processes(int n, IndexedTask<T> task) throws InterruptedException {
        return processes(n, task, LaunchOptions.defaults());
    }

    /**
     * Runs a task in {@code n} new child JVMs, telling each its index, and waits for all of them.
     *
     * @param <T> the result type, serializable
     * @param n how many processes, from 1 to {@value #MAX_WORKERS}
     * @param task the task; process {@code i} calls {@code task.call(i)}; it and what it captures must be
     *     serializable
     * @param options JVM arguments, time limit, output handling and name
     * @return the results, in index order
     * @throws LaunchException if any task failed, after all have finished
     * @throws InterruptedException if the calling thread is interrupted while waiting; the children are killed
     * @throws IllegalArgumentException if {@code n} is out of range, or the task cannot be serialized (the message
     *     names what it captured)
     * @throws NullPointerException if {@code task} or {@code options} is {@code null}
     * @throws IllegalStateException if a child JVM could not load the task's class (defined only in memory, say, or
     *     by a class loader whose files a child is not given) or this library; then no JVM is started
     * @throws java.io.UncheckedIOException if a child JVM cannot be started
     */
    public static <T> List<T> processes(int n, IndexedTask<T> task, LaunchOptions options)
            throws InterruptedException {
        return startProcesses(n, task, options);
    }

    // ---- one worker ------------------------------------------------------------------------------------------

    /**
     * Starts a task on a new thread and returns at once: Python's {@code Thread(target=f).start()}.
     *
     * @param <T> the result type
     * @param task the task
     * @return the started worker
     * @throws NullPointerException if {@code task} is {@code null}
     */
    public static <T> Worker<T> thread(Task<T> task) {
        return thread(task, LaunchOptions.defaults());
    }

    /**
     * Starts a task on a new thread and returns at once.
     *
     * @param <T> the result type
     * @param task the task
     * @param options the time limit and name to use (the name is used as is)
     * @return the started worker
     * @throws NullPointerException if {@code task} or {@code options} is {@code null}
     */
    public static <T> Worker<T> thread(Task<T> task, LaunchOptions options) {
        return startThread(Tasks.indexed(task), options);
    }

    /**
     * Starts a task on a new thread and returns at once.
     *
     * @param task the task
     * @return the started worker
     * @throws NullPointerException if {@code task} is {@code null}
     */
    public static Worker<Void> thread(VoidTask task) {
        return thread(task, LaunchOptions.defaults());
    }

    /**
     * Starts a task on a new thread and returns at once.
     *
     * @param task the task
     * @param options the time limit and name to use (the name is used as is)
     * @return the started worker
     * @throws NullPointerException if {@code task} or {@code options} is {@code null}
     */
    public static Worker<Void> thread(VoidTask task, LaunchOptions options) {
        return startThread(Tasks.indexed(task), options);
    }

    /**
     * Starts a task in a new child JVM and returns at once: Python's {@code Process(target=f).start()}.
     *
     * @param <T> the result type, serializable
     * @param task the task; it and what it captures must be serializable
     * @return the started worker
     * @throws IllegalArgumentException if the task cannot be serialized (the message names what it captured)
     * @throws NullPointerException if {@code task} is {@code null}
     * @throws IllegalStateException if a child JVM could not load the task's class (defined only in memory, say, or
     *     by a class loader whose files a child is not given) or this library; then no JVM is started
     * @throws java.io.UncheckedIOException if the child JVM cannot be started
     */
    public static <T> Worker<T> process(Task<T> task) {
        return process(task, LaunchOptions.defaults());
    }

    /**
     * Starts a task in a new child JVM and returns at once.
     *
     * @param <T> the result type, serializable
     * @param task the task; it and what it captures must be serializable
     * @param options JVM arguments, time limit, output handling and name (the name is used as is)
     * @return the started worker
     * @throws IllegalArgumentException if the task cannot be serialized (the message names what it captured)
     * @throws NullPointerException if {@code task} or {@code options} is {@code null}
     * @throws IllegalStateException if a child JVM could not load the task's class (defined only in memory, say, or
     *     by a class loader whose files a child is not given) or this library; then no JVM is started
     * @throws java.io.UncheckedIOException if the child JVM cannot be started
     */
    public static <T> Worker<T> process(Task<T> task, LaunchOptions options) {
        return startProcess(task, options);
    }

    /**
     * Starts a task in a new child JVM and returns at once.
     *
     * @param task the task; it and what it captures must be serializable
     * @return the started worker
     * @throws IllegalArgumentException if the task cannot be serialized (the message names what it captured)
     * @throws NullPointerException if {@code task} is {@code null}
     * @throws IllegalStateException if a child JVM could not load the task's class (defined only in memory, say, or
     *     by a class loader whose files a child is not given) or this library; then no JVM is started
     * @throws java.io.UncheckedIOException if the child JVM cannot be started
     */
    public static Worker<Void> process(VoidTask task) {
        return process(task, LaunchOptions.defaults());
    }

    /**
     * Starts a task in a new child JVM and returns at once.
     *
     * @param task the task; it and what it captures must be serializable
     * @param options JVM arguments, time limit, output handling and name (the name is used as is)
     * @return the started worker
     * @throws IllegalArgumentException if the task cannot be serialized (the message names what it captured)
     * @throws NullPointerException if {@code task} or {@code options} is {@code null}
     * @throws IllegalStateException if a child JVM could not load the task's class (defined only in memory, say, or
     *     by a class loader whose files a child is not given) or this library; then no JVM is started
     * @throws java.io.UncheckedIOException if the child JVM cannot be started
     */
    public static Worker<Void> process(VoidTask task, LaunchOptions options) {
        return startProcess(task, options);
    }

    // ---- implementation --------------------------------------------------------------------------------------

    private static <T> List<T> startThreads(int n, IndexedTask<T> task, LaunchOptions options)
            throws InterruptedException {
        checkCount(n);
        requireNonNull(options, "options");
        String base = options.name().orElse("thread");
        List<ThreadWorker<T>> workers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            workers.add(ThreadWorker.start(base + "-" + i, i, task, options));
        }
        return awaitAll(workers, () -> workers.forEach(ThreadWorker::kill));
    }

    private static <T> List<T> startProcesses(int n, Object task, LaunchOptions options)
            throws InterruptedException {
        checkCount(n);
        byte[] serialized = encodeForChildren(task, options);
        String base = options.name().orElse("process");
        List<ProcessWorker<T>> workers = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                workers.add(ProcessWorker.start(base + "-" + i, i, task, serialized, options));
            }
        } catch (RuntimeException e) {
            workers.forEach(worker -> worker.killAndAwait(KILL_WAIT_MILLIS));
            throw e;
        }
        return awaitAll(workers, () -> workers.forEach(worker -> worker.killAndAwait(KILL_WAIT_MILLIS)));
    }

    private static <T> Worker<T> startThread(IndexedTask<T> task, LaunchOptions options) {
        requireNonNull(options, "options");
        String name = options.name().orElseGet(() -> "thread-" + SINGLE_THREADS.incrementAndGet());
        return ThreadWorker.start(name, 0, task, options);
    }

    private static <T> Worker<T> startProcess(Object task, LaunchOptions options) {
        byte[] serialized = encodeForChildren(task, options);
        String name = options.name().orElseGet(() -> "process-" + SINGLE_PROCESSES.incrementAndGet());
        return ProcessWorker.start(name, 0, task, serialized, options);
    }

    /**
     * Checks, before any child starts, that a child can run the task, and encodes it.
     *
     * @throws IllegalStateException if no child could load the task's class or this library
     * @throws IllegalArgumentException if the task cannot be serialized
     */
    private static byte[] encodeForChildren(Object task, LaunchOptions options) {
        Tasks.checkTask(task);
        requireNonNull(options, "options");
        StreamFilter.checkPattern();
        Reachability.require(task, ChildCommand.classPathEntries(task.getClass().getClassLoader()),
                "a child JVM (none was started)");
        return ValueCodec.encodeTask(task);
    }

    private static <T> List<T> awaitAll(List<? extends AbstractWorker<T>> workers, Runnable stopAll)
            throws InterruptedException {
        try {
            for (AbstractWorker<T> worker : workers) {
                worker.join();
            }
        } catch (InterruptedException e) {
            stopAll.run();
            throw e;
        }
        List<T> results = new ArrayList<>(workers.size());
        List<TaskFailedException> failures = new ArrayList<>();
        for (AbstractWorker<T> worker : workers) {
            TaskFailedException failure = worker.failure();
            if (failure == null) {
                results.add(worker.outcome.join());
            } else {
                failures.add(failure);
                results.add(null);
            }
        }
        if (!failures.isEmpty()) {
            throw new LaunchException(workers.size(), failures, new ArrayList<>(results));
        }
        return results;
    }

    private static void checkCount(int n) {
        checkArgument(n >= 1, "n must be at least 1, got %s", n);
        checkArgument(n <= MAX_WORKERS, "n must be at most %s (Launch.MAX_WORKERS), got %s", MAX_WORKERS, n);
    }
}
