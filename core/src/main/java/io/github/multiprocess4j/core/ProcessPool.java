package io.github.multiprocess4j.core;

import static io.github.multiprocess4j.core.Checks.checkArgument;
import static java.util.Objects.requireNonNull;

import io.github.multiprocess4j.core.internal.codec.ChunkTask;
import io.github.multiprocess4j.core.internal.codec.ItemTask;
import io.github.multiprocess4j.core.internal.codec.SharedFunction;
import io.github.multiprocess4j.core.internal.codec.StreamFilter;
import io.github.multiprocess4j.core.internal.pool.MapStream;
import io.github.multiprocess4j.core.internal.pool.TaskFutures;
import io.github.multiprocess4j.core.internal.startup.ChildCommand;
import io.github.multiprocess4j.core.internal.startup.Reachability;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A fixed number of warm child JVMs that run submitted tasks one at a time each, reused from task to task:
 * Python's {@code ProcessPoolExecutor} (or {@code multiprocessing.Pool}) for the JVM. Starting a JVM costs a
 * tenth of a second or more; a task sent to a warm worker costs a round trip of tens of microseconds.
 *
 * <pre>{@code
 * try (ProcessPool pool = ProcessPool.create(4)) {
 *     List<Integer> squares = pool.map(List.of(1, 2, 3, 4), x -> x * x);     // [1, 4, 9, 16]
 *     try (Stream<Integer> results = pool.imap(hugeInput, x -> x * x)) {    // lazily, in order, as they come
 *         results.forEach(System.out::println);
 *     }
 *     CompletableFuture<Double> sum = pool.submit(() -> doCalculation());
 * }
 * }</pre>
 *
 * <h2>Tasks</h2>
 * Tasks are the serializable {@link Task}, {@link VoidTask} and {@link MapTask}, travelling as they do with
 * {@link Launch#processes(int, Task)}: what they capture must be serializable, and a task that is not is refused
 * when submitted, with a message naming the capture. This class deliberately does not implement
 * {@code ExecutorService}: a lambda typed as {@code Callable} or {@code Runnable} is not serializable, and
 * overloading {@code submit(Callable)} with {@code submit(Task)} would make every lambda ambiguous. The lifecycle
 * methods keep {@code ExecutorService}'s names and meaning. The workers get the class path of the context class
 * loader of the thread that creates the pool (as {@link Launch} describes it); a task whose class they could not
 * load is refused when submitted, with an {@link IllegalStateException} that says why.
 *
 * <h2>Workers</h2>
 * Tasks start in submission order, each on whichever worker is free; when every worker is busy, each may hold
 * one more task in its input so that it starts on it without a round trip, and while its tasks take well under a
 * millisecond, up to eight, so that a burst of tiny tasks streams through. A task queued behind a long one waits
 * for it even if another worker falls idle. Static state in a worker survives from one
 * task to the next (as in Python's pools); use {@link ProcessPoolBuilder#maxTasksPerWorker(int)} to get fresh
 * JVMs. A worker that dies (it exits, runs out of memory, is killed) fails only the future of the task it was
 * running, with a {@link TaskFailedException} naming its exit code, and is replaced; the pool keeps serving. If
 * workers keep dying before they even start (a bad JVM argument, say), the pool gives up: pending tasks fail and
 * further submissions are refused. {@code future.cancel(true)} on a running task kills its worker (which is
 * replaced); on a waiting task it just removes it. A task that runs past its time limit
 * ({@link ProcessPoolBuilder#taskTimeout(Duration)}, {@link #submit(Task, Duration)}) fails with a timeout, and its
 * worker is killed and replaced the same way. Workers exit when the pool's JVM exits, however it exits.
 *
 * <p>Thread-safety: all methods may be called from any thread.
 */
public final class ProcessPool implements TaskPool {

    private static final AtomicInteger POOLS = new AtomicInteger();
    /** Tasks in flight per worker for a stream: the one it runs, those in its input, and one more to hand over. */
    static final int STREAM_WINDOW_PER_WORKER = Dispatcher.QUICK_DEPTH + 2;

    private final String name;
    /** The class path its workers get, that of the context class loader of the thread that created the pool. */
    private final List<String> classPath;
    /** Who would run a task, for {@link Reachability}'s message. */
    private final String workersDescription;
    private final Dispatcher dispatcher;
    private final Supervisor supervisor;
    /** How many workers the pool keeps. */
    private final int workers;
    /** Whether {@link #map} and {@link #invokeAll} stop at the first failure. */
    private final boolean failFast;
    /** How many tasks (chunks) a stream of {@link #imap} keeps in flight: enough to keep every worker's input fed. */
    private final int streamWindow;
    /** The builder's {@link ProcessPoolBuilder#taskTimeout(Duration)}, or {@code null}. */
    private final Duration taskTimeout;

    ProcessPool(PoolSettings settings) {
        StreamFilter.checkPattern();
        this.name = settings.name() != null ? settings.name() : "pool-" + POOLS.incrementAndGet();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = context != null ? context : ProcessPool.class.getClassLoader();
        this.classPath = ChildCommand.classPathEntries(loader);
        this.workersDescription = "the workers of " + name + " (the task was not queued), which have the class path"
                + " of the context class loader of the thread that created the pool, a " + loader.getClass().getName();
        Reachability.require(null, classPath, "the workers of " + name + " (none was started)");
        if (settings.initializer() != null) {
            Reachability.require(settings.initializer(), classPath, "the workers of " + name
                    + " (none was started), for the initializer");
        }
        this.dispatcher = new Dispatcher(name, settings);
        this.workers = settings.workers();
        this.failFast = settings.failFast();
        this.streamWindow = settings.workers() * STREAM_WINDOW_PER_WORKER;
        this.taskTimeout = settings.taskTimeout();
        this.supervisor = new Supervisor(name, settings, loader, dispatcher);
        try {
            supervisor.startAll();
        } catch (RuntimeException e) {
            supervisor.stopNow();
            throw e;
        }
    }

    /**
     * Starts a pool of {@code workers} child JVMs with the default settings.
     *
     * @param workers how many, from 1 to {@value Launch#MAX_WORKERS} (Python's default is the number of cores)
     * @return a running pool
     * @throws IllegalArgumentException if {@code workers} is less than 1 or more than {@value Launch#MAX_WORKERS}
     * @throws IllegalStateException if a worker JVM could not load this library (see {@link Launch}); then none is
     *     started
     * @throws java.io.UncheckedIOException if a worker JVM cannot be started
     */
    public static ProcessPool create(int workers) {
        return builder(workers).build();
    }

    /**
     * Starts a pool with one worker per processor available to this JVM ({@code Runtime.availableProcessors()},
     * which follows container limits), with the default settings, as Python's pools do without a count.
     *
     * @return a running pool
     * @throws IllegalStateException if a worker JVM could not load this library (see {@link Launch}); then none is
     *     started
     * @throws java.io.UncheckedIOException if a worker JVM cannot be started
     */
    public static ProcessPool create() {
        return builder().build();
    }

    /**
     * A builder for a pool with one worker per processor available to this JVM.
     *
     * @return a new builder
     */
    public static ProcessPoolBuilder builder() {
        return builder(Math.min(Runtime.getRuntime().availableProcessors(), Launch.MAX_WORKERS));
    }

    /**
     * A builder for a pool of {@code workers} child JVMs: JVM arguments, tasks per worker, idle timeout, name.
     *
     * @param workers how many, from 1 to {@value Launch#MAX_WORKERS}
     * @return a new builder
     * @throws IllegalArgumentException if {@code workers} is less than 1 or more than {@value Launch#MAX_WORKERS}
     */
    public static ProcessPoolBuilder builder(int workers) {
        return new ProcessPoolBuilder(workers);
    }

    // ---- submitting ------------------------------------------------------------------------------------------

    /**
     * Queues a task for the next free worker.
     *
     * @param <T> the result type, serializable
     * @param task the task; it and what it captures must be serializable
     * @return a future that completes with the result, or exceptionally with a {@link TaskFailedException}
     * @throws RejectedExecutionException if the pool has been shut down or cannot start workers
     * @throws IllegalStateException if this pool's workers could not load the task's class (see {@link Launch}); it
     *     is not queued then
     * @throws IllegalArgumentException if the task cannot be serialized (the message names what it captured)
     * @throws NullPointerException if {@code task} is {@code null}
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> submit(Task<T> task) {
        return (CompletableFuture<T>) enqueue(Tasks.checkTask(task)).future;
    }

    /**
     * Queues a task for the next free worker.
     *
     * @param task the task; it and what it captures must be serializable
     * @return a future that completes with {@code null}, or exceptionally with a {@link TaskFailedException}
     * @throws RejectedExecutionException if the pool has been shut down or cannot start workers
     * @throws IllegalStateException if this pool's workers could not load the task's class (see {@link Launch}); it
     *     is not queued then
     * @throws IllegalArgumentException if the task cannot be serialized (the message names what it captured)
     * @throws NullPointerException if {@code task} is {@code null}
     */
    @SuppressWarnings("unchecked")
    public CompletableFuture<Void> submit(VoidTask task) {
        return (CompletableFuture<Void>) (CompletableFuture<?>) enqueue(Tasks.checkTask(task)).future;
    }

    /**
     * Queues a task for the next free worker, with a time limit of its own in place of the pool's
     * {@link ProcessPoolBuilder#taskTimeout(Duration)}: once it has run for {@code timeout} on a worker, it fails
     * with a {@link TaskFailedException} whose {@link TaskFailedException#timedOut()} is {@code true} and whose cause
     * is a {@link java.util.concurrent.TimeoutException}, and its worker is killed and replaced; other tasks are
     * unaffected. The time spent waiting for a worker does not count.
     *
     * @param <T> the result type, serializable
     * @param task the task; it and what it captures must be serializable
     * @param timeout how long it may run, positive
     * @return a future that completes with the result, or exceptionally with a {@link TaskFailedException}
     * @throws RejectedExecutionException if the pool has been shut down or cannot start workers
     * @throws IllegalStateException if this pool's workers could not load the task's class (see {@link Launch}); it
     *     is not queued then
     * @throws IllegalArgumentException if the task cannot be serialized (the message names what it captured), or
     *     {@code timeout} is zero or negative
     * @throws NullPointerException if {@code task} or {@code timeout} is {@code null}
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> submit(Task<T> task, Duration timeout) {
        Tasks.checkTask(task);
        return (CompletableFuture<T>) enqueue(task, Durations.requirePositive(timeout, "timeout")).future;
    }

    /**
     * Queues a task for the next free worker, with a time limit of its own, as {@link #submit(Task, Duration)} does.
     *
     * @param task the task; it and what it captures must be serializable
     * @param timeout how long it may run, positive
     * @return a future that completes with {@code null}, or exceptionally with a {@link TaskFailedException}
     * @throws RejectedExecutionException if the pool has been shut down or cannot start workers
     * @throws IllegalStateException if this pool's workers could not load the task's class (see {@link Launch}); it
     *     is not queued then
     * @throws IllegalArgumentException if the task cannot be serialized (the message names what it captured), or
     *     {@code timeout} is zero or negative
     * @throws NullPointerException if {@code task} or {@code timeout} is {@code null}
     */
    @SuppressWarnings("unchecked")
    public CompletableFuture<Void> submit(VoidTask task, Duration timeout) {
        Tasks.checkTask(task);
        return (CompletableFuture<Void>) (CompletableFuture<?>) enqueue(task,
                Durations.requirePositive(timeout, "timeout")).future;
    }

    /**
     * Applies a function to every item on the workers and returns the results in the items' order: Python's
     * {@code pool.map(f, items)}. The items are sent in chunks of the size Python picks,
     * about four chunks per worker ({@code ceil(items / (4 * workers))}, at least 1), which saves round trips when
     * they are many and small and still spreads them over the workers; see {@link #map(Iterable, MapTask, int)} to
     * choose the size (1 for a task per item, so that a failure or a dying worker costs one item only).
     *
     * <p>The function is serialized once per call, and each worker rebuilds it once and applies that instance to
     * every item of the call it runs (with every chunk size, and in {@code imap} and {@code imapUnordered} too): a
     * function with state of its own keeps it from item to item within a worker, as Python's does within a chunk.
     *
     * @param <T> the item type, serializable
     * @param <R> the result type, serializable
     * @param items the items
     * @param function the function; it and what it captures must be serializable, and are serialized once per call
     * @return the results, in the items' order
     * @throws LaunchException if any item failed, after all have finished (or at the first failure, if the pool was
     *     built with {@link ProcessPoolBuilder#failFast(boolean)}); it holds every failure (with the item's index)
     *     and the other results; the items after a failed one in its chunk are not run
     * @throws InterruptedException if the calling thread is interrupted; the items not yet done are cancelled
     * @throws RejectedExecutionException if the pool has been shut down
     * @throws IllegalStateException if this pool's workers could not load the task's class (see {@link Launch}); it
     *     is not queued then
     * @throws NullPointerException if {@code items}, an item's container or {@code function} is {@code null}
     */
    public <T, R> List<R> map(Iterable<? extends T> items, MapTask<? super T, ? extends R> function)
            throws InterruptedException {
        requireNonNull(items, "items");
        requireNonNull(function, "function");
        requireReachable(function);
        List<T> all = copy(items);
        return mapAll(all, function, autoChunkSize(all.size(), workers));
    }

    /**
     * The chunk size {@link #map(Iterable, MapTask)} picks, Python's {@code Pool.map} rule: about four chunks per
     * worker, so that the workers share the items evenly even if some chunks take longer, with few round trips.
     *
     * @param items how many items
     * @param workers how many workers
     * @return {@code ceil(items / (4 * workers))}, at least 1
     */
    static int autoChunkSize(int items, int workers) {
        long perChunk = 4L * workers;
        return (int) Math.max(1, (items + perChunk - 1) / perChunk);
    }

    private static <T> List<T> copy(Iterable<? extends T> items) {
        List<T> all = new ArrayList<>();
        items.forEach(all::add);
        return all;
    }

    /**
     * Like {@link #map(Iterable, MapTask)}, sending the items in chunks of {@code chunkSize} per task, which saves
     * round trips when there are many small items (Python's {@code chunksize}).
     *
     * @param <T> the item type, serializable
     * @param <R> the result type, serializable
     * @param items the items
     * @param function the function; it and what it captures must be serializable, and are serialized once per call
     * @param chunkSize items per task, at least 1
     * @return the results, in the items' order
     * @throws LaunchException if any item failed, after all have finished (or at the first failure, if the pool was
     *     built with {@link ProcessPoolBuilder#failFast(boolean)}); it holds every failure (with the item's index)
     *     and the other results; the items after a failed one in its chunk are not run
     * @throws InterruptedException if the calling thread is interrupted; the items not yet done are cancelled
     * @throws RejectedExecutionException if the pool has been shut down
     * @throws IllegalStateException if this pool's workers could not load the task's class (see {@link Launch}); it
     *     is not queued then
     * @throws IllegalArgumentException if {@code chunkSize} is less than 1
     * @throws NullPointerException if {@code items} or {@code function} is {@code null}
     */
    public <T, R> List<R> map(Iterable<? extends T> items, MapTask<? super T, ? extends R> function, int chunkSize)
            throws InterruptedException {
        requireNonNull(items, "items");
        requireNonNull(function, "function");
        checkArgument(chunkSize >= 1, "chunkSize must be at least 1, got %s", chunkSize);
        requireReachable(function);
        return mapAll(copy(items), function, chunkSize);
    }

    private <T, R> List<R> mapAll(List<T> all, MapTask<? super T, ? extends R> function, int chunkSize)
            throws InterruptedException {
        List<PoolTask> chunks = new ArrayList<>();
        SharedFunction<T, R> shared = new SharedFunction<>(function);
        for (int start = 0; start < all.size(); start += chunkSize) {
            List<T> chunk = all.subList(start, Math.min(all.size(), start + chunkSize));
            chunks.add(enqueue(chunkSize == 1 ? new ItemTask<>(shared, chunk.get(0)) : new ChunkTask<>(shared, chunk)));
        }
        Set<PoolTask> stopped = failFast ? awaitFirstFailure(chunks) : Set.of();
        if (!failFast) {
            TaskFutures.awaitAll(futures(chunks));
        }
        return MapResults.collect(all.size(), chunkSize, chunks, stopped);
    }

    /**
     * Applies a function to every item on the workers and streams the results back in the items' order as they
     * complete: Python's {@code pool.imap(f, items)}. Unlike {@link #map(Iterable, MapTask)}, the items are read
     * lazily: at most {@value #STREAM_WINDOW_PER_WORKER} items per worker are in flight (read but not yet handed
     * on), and more are read only as results are consumed, so an input larger than memory streams through, and
     * neither the items nor the results are kept once handed on. The first items are submitted before this method
     * returns.
     *
     * <p>The stream must be closed, or consumed to the end: use try-with-resources. Closing it early (after a
     * {@code limit}, a {@code findFirst}, a {@code break}, or an exception) cancels the items that have not started;
     * those already written to a worker finish there and their results are dropped, so the pool is free again as
     * soon as they are done, and no worker is killed. A stream left unclosed and unreachable is cancelled the same
     * way when the garbage collector finds it, which may be much later.
     *
     * <p>A failed item throws a {@link TaskFailedException} (its {@link TaskFailedException#index()} is the item's,
     * its cause the item's exception) from the stream's terminal operation when its turn comes, after the results
     * before it; the items after it are cancelled then. An interrupt of the consuming thread while it waits for a
     * result cancels the items in flight and throws a {@link CancellationException}, keeping the interrupt status.
     * The stream is sequential and, like any stream, to be consumed by one thread at a time; the items' iterator
     * is read on the threads that call this method and consume the stream.
     *
     * @param <T> the item type, serializable
     * @param <R> the result type, serializable
     * @param items the items, read once, lazily; {@code null} items are passed to the function
     * @param function the function; it and what it captures must be serializable, and are serialized once per call
     * @return a sequential, ordered stream of the results, to be closed
     * @throws RejectedExecutionException if the pool has been shut down
     * @throws IllegalStateException if this pool's workers could not load the function's class (see
     *     {@link Launch}); nothing is queued then
     * @throws NullPointerException if {@code items} or {@code function} is {@code null}
     */
    public <T, R> Stream<R> imap(Iterable<? extends T> items, MapTask<? super T, ? extends R> function) {
        return imap(items, function, 1);
    }

    /**
     * Like {@link #imap(Iterable, MapTask)}, sending the items in chunks of {@code chunkSize} per task (Python's
     * {@code chunksize}); at most {@value #STREAM_WINDOW_PER_WORKER} chunks per worker are in flight. The items after
     * a failed one in its chunk are not run.
     *
     * @param <T> the item type, serializable
     * @param <R> the result type, serializable
     * @param items the items, read once, lazily; {@code null} items are passed to the function
     * @param function the function; it and what it captures must be serializable, and are serialized once per call
     * @param chunkSize items per task, at least 1
     * @return a sequential, ordered stream of the results, to be closed
     * @throws RejectedExecutionException if the pool has been shut down
     * @throws IllegalStateException if this pool's workers could not load the function's class (see
     *     {@link Launch}); nothing is queued then
     * @throws IllegalArgumentException if {@code chunkSize} is less than 1
     * @throws NullPointerException if {@code items} or {@code function} is {@code null}
     */
    public <T, R> Stream<R> imap(Iterable<? extends T> items, MapTask<? super T, ? extends R> function,
            int chunkSize) {
        return stream(items, function, chunkSize, true);
    }

    /**
     * Like {@link #imap(Iterable, MapTask)}, but each result is handed on as soon as it completes, whatever its
     * item's place, with that place: Python's {@code pool.imap_unordered(f, items)}. A quick item is not held back
     * by a slow one before it. The same rules hold for closing the stream, failures and interrupts.
     *
     * @param <T> the item type, serializable
     * @param <R> the result type, serializable
     * @param items the items, read once, lazily; {@code null} items are passed to the function
     * @param function the function; it and what it captures must be serializable, and are serialized once per call
     * @return a sequential stream of the results in completion order, each with its item's index, to be closed
     * @throws RejectedExecutionException if the pool has been shut down
     * @throws IllegalStateException if this pool's workers could not load the function's class (see
     *     {@link Launch}); nothing is queued then
     * @throws NullPointerException if {@code items} or {@code function} is {@code null}
     */
    public <T, R> Stream<Completed<R>> imapUnordered(Iterable<? extends T> items,
            MapTask<? super T, ? extends R> function) {
        return imapUnordered(items, function, 1);
    }

    /**
     * Like {@link #imapUnordered(Iterable, MapTask)}, sending the items in chunks of {@code chunkSize} per task; the
     * results of one chunk are handed on together, when it completes.
     *
     * @param <T> the item type, serializable
     * @param <R> the result type, serializable
     * @param items the items, read once, lazily; {@code null} items are passed to the function
     * @param function the function; it and what it captures must be serializable, and are serialized once per call
     * @param chunkSize items per task, at least 1
     * @return a sequential stream of the results in completion order, each with its item's index, to be closed
     * @throws RejectedExecutionException if the pool has been shut down
     * @throws IllegalStateException if this pool's workers could not load the function's class (see
     *     {@link Launch}); nothing is queued then
     * @throws IllegalArgumentException if {@code chunkSize} is less than 1
     * @throws NullPointerException if {@code items} or {@code function} is {@code null}
     */
    public <T, R> Stream<Completed<R>> imapUnordered(Iterable<? extends T> items,
            MapTask<? super T, ? extends R> function, int chunkSize) {
        return stream(items, function, chunkSize, false);
    }

    private <T, R, E> Stream<E> stream(Iterable<? extends T> items, MapTask<? super T, ? extends R> function,
            int chunkSize, boolean ordered) {
        MapStream.checkArguments(items, function, chunkSize);
        requireReachable(function);
        if (isShutdown()) {
            throw new RejectedExecutionException(name + " has been shut down: it takes no more tasks");
        }
        return MapStream.of(requireNonNull(items.iterator(), "items.iterator()"),
                new StreamChunks<T, R>(function, chunkSize, this::enqueue), chunkSize, streamWindow, ordered);
    }

    /**
     * The futures in the order they complete, each handed on once it is done (successfully, exceptionally or
     * cancelled): Python's {@code concurrent.futures.as_completed}. Futures already done come first. The stream
     * blocks in its terminal operation until the next future completes; closing it early cancels nothing (the
     * futures are the caller's). If the consuming thread is interrupted while it waits, the stream throws a
     * {@link CancellationException} and the thread keeps its interrupt status.
     *
     * @param <T> the futures' result type
     * @param futures the futures, such as those {@link #submit(Task)} returned; copied when this is called
     * @return a sequential stream of the same futures, as many, in completion order
     * @throws NullPointerException if {@code futures} or one of them is {@code null}
     */
    public static <T> Stream<CompletableFuture<T>> asCompleted(Collection<? extends CompletableFuture<T>> futures) {
        List<CompletableFuture<T>> copy = new ArrayList<>(requireNonNull(futures, "futures"));
        copy.forEach(future -> requireNonNull(future, "a future is null"));
        BlockingQueue<CompletableFuture<T>> done = new LinkedBlockingQueue<>();
        copy.forEach(future -> future.whenComplete((value, error) -> done.add(future)));
        return Stream.generate(() -> takeCompleted(done)).limit(copy.size());
    }

    private static <T> CompletableFuture<T> takeCompleted(BlockingQueue<CompletableFuture<T>> done) {
        try {
            return done.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CancellationException cancelled = new CancellationException("interrupted while waiting for a future");
            cancelled.initCause(e);
            throw cancelled;
        }
    }

    /**
     * Runs every task and waits for all of them, like {@code ExecutorService.invokeAll}. If the pool was built with
     * {@link ProcessPoolBuilder#failFast(boolean)}, waits only until every task has succeeded or one has failed, as
     * Python's {@code concurrent.futures.wait(fs, return_when=FIRST_EXCEPTION)} does, and then cancels the others:
     * those waiting are dropped, those running are stopped (their workers killed and replaced); their futures are
     * cancelled and the failed one holds its {@link TaskFailedException}.
     *
     * @param <T> the result type, serializable
     * @param tasks the tasks
     * @return their futures, in the same order, all completed (some cancelled after a failure, when fail-fast)
     * @throws InterruptedException if the calling thread is interrupted; the tasks not yet done are cancelled
     * @throws RejectedExecutionException if the pool has been shut down
     * @throws IllegalStateException if this pool's workers could not load the task's class (see {@link Launch}); it
     *     is not queued then
     * @throws NullPointerException if {@code tasks} or one of them is {@code null}; then none is run
     */
    public <T> List<CompletableFuture<T>> invokeAll(Collection<? extends Task<T>> tasks) throws InterruptedException {
        List<PoolTask> submitted = submitAll(tasks);
        if (failFast) {
            awaitFirstFailure(submitted);
        }
        return TaskFutures.awaitAll(futures(submitted));
    }

    /**
     * Runs the tasks and returns the result of the first to succeed, cancelling the others (those running are
     * stopped, their workers replaced), like {@code ExecutorService.invokeAny}.
     *
     * @param <T> the result type, serializable
     * @param tasks the tasks, at least one
     * @return the first successful result
     * @throws LaunchException if every task failed; it holds every failure
     * @throws InterruptedException if the calling thread is interrupted; all the tasks are cancelled
     * @throws RejectedExecutionException if the pool has been shut down
     * @throws IllegalStateException if this pool's workers could not load the task's class (see {@link Launch}); it
     *     is not queued then
     * @throws IllegalArgumentException if {@code tasks} is empty
     * @throws NullPointerException if {@code tasks} or one of them is {@code null}; then none is run
     */
    @SuppressWarnings("unchecked")
    public <T> T invokeAny(Collection<? extends Task<T>> tasks) throws InterruptedException {
        checkArgument(!requireNonNull(tasks, "tasks").isEmpty(), "invokeAny needs at least one task");
        List<PoolTask> submitted = submitAll(tasks);
        return (T) TaskFutures.awaitFirstSuccess(futures(submitted),
                everyOneFailed -> new LaunchException(submitted.size(), MapResults.failures(submitted),
                        new ArrayList<>()));
    }

    /** Submits every task, or none if one of them is {@code null}. */
    private List<PoolTask> submitAll(Collection<? extends Task<?>> tasks) {
        List<Task<?>> checked = new ArrayList<>(requireNonNull(tasks, "tasks"));
        checked.forEach(Tasks::checkTask);
        checked.forEach(this::requireReachable);
        List<PoolTask> submitted = new ArrayList<>(checked.size());
        for (Task<?> task : checked) {
            submitted.add(enqueue(task));
        }
        return submitted;
    }

    private static List<CompletableFuture<?>> futures(List<PoolTask> tasks) {
        List<CompletableFuture<?>> futures = new ArrayList<>(tasks.size());
        tasks.forEach(task -> futures.add(task.future));
        return futures;
    }

    /**
     * Waits until every task has succeeded or one has failed; then cancels the others, killing the workers that run
     * them.
     *
     * @return the tasks stopped unfinished, none if all succeeded
     */
    private static Set<PoolTask> awaitFirstFailure(List<PoolTask> tasks) throws InterruptedException {
        boolean failed;
        try {
            failed = TaskFutures.awaitFirstFailure(futures(tasks));
        } catch (InterruptedException e) {
            tasks.forEach(task -> task.future.cancel(true));
            throw e;
        }
        Set<PoolTask> stopped = new HashSet<>();
        if (failed) {
            for (PoolTask task : tasks) {
                if (task.future.cancel(true)) {
                    stopped.add(task);
                }
            }
        }
        return stopped;
    }

    /** Fails unless this pool's workers can load the task's class. */
    private void requireReachable(Object task) {
        Reachability.require(task, classPath, workersDescription);
    }

    private PoolTask enqueue(Object task) {
        return enqueue(task, taskTimeout);
    }

    private PoolTask enqueue(Object task, Duration limit) {
        requireReachable(task);
        PoolTask submitted = new PoolTask(task, limit, dispatcher::cancelled);
        if (dispatcher.submit(submitted)) {
            supervisor.workerWanted();
        }
        return submitted;
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    /**
     * Stops taking tasks; those already submitted still run, then the workers exit. Does not wait: see
     * {@link #awaitTermination(Duration)}.
     */
    public void shutdown() {
        shutdown(false);
    }

    /**
     * Stops taking tasks, like {@link #shutdown()}; with {@code cancelPending}, also cancels the tasks still waiting
     * for a worker, as Python's {@code executor.shutdown(cancel_futures=True)} does: their futures complete with a
     * {@link CancellationException}. Tasks already running go on, as do those already written to a worker's input
     * behind a running one (one, or up to 8 when its tasks are quick). Idle workers
     * exit once nothing is left for them. Does not wait: see {@link #awaitTermination(Duration)}.
     *
     * @param cancelPending whether the tasks waiting for a worker are cancelled
     */
    public void shutdown(boolean cancelPending) {
        dispatcher.shutdown(cancelPending).forEach(task -> task.future.cancel(false));
        supervisor.checkTerminated();
    }

    /**
     * Stops at once: the tasks not yet started are cancelled and returned, and every worker is killed, failing
     * the tasks they were running.
     *
     * @return the tasks that never started, as they were submitted ({@link Task}, {@link VoidTask}, or the
     *     internal chunks of a {@code map})
     */
    public List<Serializable> shutdownNow() {
        List<Serializable> tasks = new ArrayList<>();
        supervisor.stopNow().forEach(task -> tasks.add((Serializable) task.task));
        return tasks;
    }

    /**
     * Whether {@link #shutdown()} or {@link #shutdownNow()} has been called.
     *
     * @return {@code true} once the pool takes no more tasks
     */
    public boolean isShutdown() {
        return dispatcher.state() != Dispatcher.State.RUNNING;
    }

    /**
     * Whether the pool has shut down and every worker has exited.
     *
     * @return {@code true} once nothing of the pool is left running
     */
    public boolean isTerminated() {
        return supervisor.isTerminated();
    }

    /**
     * Waits for the pool to terminate after a shutdown.
     *
     * @param timeout how long to wait at most, not negative; {@link Duration#ZERO} does not wait
     * @return {@code true} if it terminated, {@code false} if the time ran out first
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        requireNonNull(timeout, "timeout");
        checkArgument(!timeout.isNegative(), "timeout must not be negative, got %s", timeout);
        return supervisor.awaitTermination(Durations.toNanos(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits for the pool to terminate after a shutdown, as {@code ExecutorService.awaitTermination} does.
     *
     * @param timeout how long to wait at most; zero or negative does not wait
     * @param unit the unit of {@code timeout}
     * @return {@code true} if it terminated, {@code false} if the time ran out first
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws NullPointerException if {@code unit} is {@code null}
     */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return supervisor.awaitTermination(timeout, requireNonNull(unit, "unit"));
    }

    /**
     * Shuts down and waits for the submitted tasks to finish and the workers to exit. If the waiting thread is
     * interrupted, stops at once ({@link #shutdownNow()}), still waits for the workers to be gone, and keeps the
     * thread's interrupt status.
     */
    @Override
    public void close() {
        shutdown();
        boolean interrupted = false;
        while (!isTerminated()) {
            try {
                supervisor.awaitTermination();
            } catch (InterruptedException e) {
                if (!interrupted) {
                    shutdownNow();
                }
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether no task waits and no worker runs one (for tests). */
    boolean idle() {
        return dispatcher.idle();
    }

    @Override
    public String toString() {
        return "ProcessPool[" + name + ", " + (isTerminated() ? "TERMINATED" : dispatcher) + "]";
    }
}
