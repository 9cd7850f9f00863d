package io.github.multiprocess4j.core;

import static io.github.multiprocess4j.core.Checks.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
 *
 * // with options: JVM arguments, a time limit, output handling, names
 * LaunchOptions small = Launch.options().jvmArgs("-Xmx64m").timeout(Duration.ofSeconds(10)).build();
 * List<Long> limited = Launch.with(small).processes(5, () -> ProcessHandle.current().pid());
 * }</pre>
 *
 * <h2>Tasks and options</h2>
 * Each call takes the task in the shape it is written in: a {@link Task} returns a value, a {@link VoidTask}
 * returns nothing, and an {@link IndexedTask} is told its index among the {@code n} copies, so that all three
 * lambda shapes compile without casts. The static calls use the {@linkplain LaunchOptions#defaults() default
 * options}; {@link #with(LaunchOptions)} gives a {@link Launcher} with the same calls under other options.
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
 * <h2>Bad arguments</h2>
 * Every call checks its arguments before any worker starts, and says which is wrong: a count {@code n} below 1 or
 * above {@value #MAX_WORKERS} gives an {@link IllegalArgumentException} with the count; a {@code null} task or
 * options a {@link NullPointerException} naming it; a task that cannot be serialized for a child an
 * {@link IllegalArgumentException} naming what it captured; and a task that no child could load an
 * {@link IllegalStateException} that says why.
 *
 * <p>Thread-safety: all methods may be called from any number of threads at once.
 */
public final class Launch {

    /**
     * The most workers one launch, or one {@link ProcessPool}, may have: Linux's default {@code pid_max}. More
     * processes cannot exist at once on a default system, and more threads are a mistaken argument rather than a
     * plan; refusing them up front spares starting thousands of workers before failing.
     */
    public static final int MAX_WORKERS = Checks.MAX_WORKERS;

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

    /**
     * The calls of this class under the given options: {@code Launch.with(options).processes(n, task)}.
     *
     * @param options JVM arguments, time limit, output handling and name
     * @return a launcher with those options
     * @throws NullPointerException if {@code options} is {@code null}
     */
    public static Launcher with(LaunchOptions options) {
        return new Launcher(options);
    }

    // ---- n threads -------------------------------------------------------------------------------------------

    /**
     * Runs {@code n} copies of a task on {@code n} new threads and waits for all of them: Python's
     * {@code Thread(target=f)}, started {@code n} times and joined.
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
        return Launcher.DEFAULT.threads(n, task);
    }

    /**
     * Like {@link #threads(int, Task)}, for a task that returns nothing.
     *
     * @param n how many threads, from 1 to {@value #MAX_WORKERS}
     * @param task the task each thread runs
     * @throws InterruptedException if the calling thread is interrupted while waiting; the threads are interrupted
     */
    public static void threads(int n, VoidTask task) throws InterruptedException {
        Launcher.DEFAULT.threads(n, task);
    }

    /**
     * Like {@link #threads(int, Task)}, telling each thread its index, from 0 to {@code n - 1}.
     *
     * @param <T> the result type
     * @param n how many threads, from 1 to {@value #MAX_WORKERS}
     * @param task the task each thread runs, told its index
     * @return the results, in index order
     * @throws InterruptedException if the calling thread is interrupted while waiting; the threads are interrupted
     */
    public static <T> List<T> threads(int n, IndexedTask<T> task) throws InterruptedException {
        return Launcher.DEFAULT.threads(n, task);
    }

    // ---- n processes -----------------------------------------------------------------------------------------

    /**
     * Runs {@code n} copies of a task in {@code n} new child JVMs and waits for all of them: Python's
     * {@code Process(target=f)}, started {@code n} times and joined.
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
        return Launcher.DEFAULT.processes(n, task);
    }

    /**
     * Like {@link #processes(int, Task)}, for a task that returns nothing.
     *
     * @param n how many processes, from 1 to {@value #MAX_WORKERS}
     * @param task the task each process runs; it and what it captures must be serializable
     * @throws InterruptedException if the calling thread is interrupted while waiting; the children are killed
     */
    public static void processes(int n, VoidTask task) throws InterruptedException {
        Launcher.DEFAULT.processes(n, task);
    }

    /**
     * Like {@link #processes(int, Task)}, telling each process its index, from 0 to {@code n - 1}: Python's
     * {@code Process(target=f, args=(sm, i))} for {@code i} in {@code range(n)}.
     *
     * @param <T> the result type, serializable
     * @param n how many processes, from 1 to {@value #MAX_WORKERS}
     * @param task the task each process runs, told its index; it and what it captures must be serializable
     * @return the results, in index order
     * @throws InterruptedException if the calling thread is interrupted while waiting; the children are killed
     */
    public static <T> List<T> processes(int n, IndexedTask<T> task) throws InterruptedException {
        return Launcher.DEFAULT.processes(n, task);
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
        return Launcher.DEFAULT.thread(task);
    }

    /**
     * Like {@link #thread(Task)}, for a task that returns nothing.
     *
     * @param task the task
     * @return the started worker
     */
    public static Worker<Void> thread(VoidTask task) {
        return Launcher.DEFAULT.thread(task);
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
        return Launcher.DEFAULT.process(task);
    }

    /**
     * Like {@link #process(Task)}, for a task that returns nothing.
     *
     * @param task the task; it and what it captures must be serializable
     * @return the started worker
     */
    public static Worker<Void> process(VoidTask task) {
        return Launcher.DEFAULT.process(task);
    }

    /**
     * Waits until at least one of the workers has finished, or the time runs out: Python's
     * {@code multiprocessing.connection.wait} on the workers' sentinels. Start several workers, then act on each as
     * it ends.
     *
     * <pre>{@code
     * List<Worker<Long>> running = new ArrayList<>(workers);
     * while (!running.isEmpty()) {
     *     for (Worker<Long> done : Launch.awaitAny(running, Duration.ofSeconds(10))) {
     *         running.remove(done);
     *         System.out.println(done.name() + ": " + done.result());
     *     }
     * }
     * }</pre>
     *
     * @param <W> the workers' type
     * @param workers the workers to wait for, at least one; copied when this is called
     * @param timeout how long to wait at most, not negative; {@link Duration#ZERO} only looks
     * @return the workers that have finished, in the order of {@code workers}; empty if none finished in time
     * @throws InterruptedException if the calling thread is interrupted while waiting; the workers keep running
     * @throws NullPointerException if {@code workers}, one of them or {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code workers} is empty or {@code timeout} is negative
     */
    public static <W extends Worker<?>> List<W> awaitAny(Collection<W> workers, Duration timeout)
            throws InterruptedException {
        List<W> all = new ArrayList<>(requireNonNull(workers, "workers"));
        all.forEach(worker -> requireNonNull(worker, "a worker is null"));
        requireNonNull(timeout, "timeout");
        checkArgument(!all.isEmpty(), "awaitAny needs at least one worker");
        checkArgument(!timeout.isNegative(), "timeout must not be negative, got %s", timeout);
        CompletableFuture<?>[] exits = all.stream().map(Worker::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.anyOf(exits).get(Math.max(1, Durations.toNanos(timeout)), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // none has finished, or onExit failed (it does not): report those done, maybe none
        }
        List<W> finished = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (exits[i].isDone()) {
                finished.add(all.get(i));
            }
        }
        return finished;
    }
}
