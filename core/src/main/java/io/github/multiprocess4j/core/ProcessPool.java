package io.github.multiprocess4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of warm child JVMs that run submitted tasks one at a time each, reused from task to task:
 * Python's {@code ProcessPoolExecutor} (or {@code multiprocessing.Pool}) for the JVM. Starting a JVM costs a
 * tenth of a second or more; a task sent to a warm worker costs a round trip of tens of microseconds.
 *
 * <pre>{@code
 * try (ProcessPool pool = ProcessPool.create(4)) {
 *     List<Integer> squares = pool.map(List.of(1, 2, 3, 4), x -> x * x);     // [1, 4, 9, 16]
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
 * replaced); on a waiting task it just removes it. Workers exit when the pool's JVM exits, however it exits.
 *
 * <p>Thread-safety: all methods may be called from any thread.
 */
public final class ProcessPool implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();
    /** Workers dying before they connect this many times in a row mean they cannot start at all. */
    private static final int MAX_FAILED_STARTS = 3;

    private enum State { RUNNING, SHUTDOWN, STOPPED, TERMINATED }

    private final ProcessPoolBuilder settings;
    private final String name;
    private final ClassLoader loader;
    /** The class path its workers get, that of {@link #loader}. */
    private final List<String> classPath;
    /** Who would run a task, for {@link Reachability}'s message. */
    private final String workersDescription;
    private final AtomicInteger workerNumbers = new AtomicInteger();
    private final CountDownLatch terminated = new CountDownLatch(1);

    private final Object lock = new Object();
    // guarded by lock
    private final Deque<PoolTask> pending = new ArrayDeque<>();
    private final Deque<PoolWorker> idle = new ArrayDeque<>();
    private final Set<PoolWorker> workers = new HashSet<>();
    private State state = State.RUNNING;
    /** Workers being started, not yet in {@link #workers}. */
    private int starting;
    private int failedStarts;
    private String brokenBecause;

    ProcessPool(ProcessPoolBuilder settings) {
        StreamFilter.checkPattern();
        this.settings = settings;
        this.name = settings.name != null ? settings.name : "pool-" + POOLS.incrementAndGet();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        this.loader = context != null ? context : ProcessPool.class.getClassLoader();
        this.classPath = ChildCommand.classPathEntries(loader);
        this.workersDescription = "the workers of " + name + " (the task was not queued), which have the class path"
                + " of the context class loader of the thread that created the pool, a " + loader.getClass().getName();
        Reachability.require(null, classPath, "the workers of " + name + " (none was started)");
        for (int i = 0; i < settings.workers; i++) {
            synchronized (lock) {
                starting++;
            }
            startWorker();
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
     * Applies a function to every item on the workers and returns the results in the items' order: Python's
     * {@code pool.map(f, items)}. Each item is one task; see {@link #map(Iterable, MapTask, int)} to send them in
     * chunks when they are many and small.
     *
     * @param <T> the item type, serializable
     * @param <R> the result type, serializable
     * @param items the items
     * @param function the function; it and what it captures must be serializable
     * @return the results, in the items' order
     * @throws LaunchException if any item failed, after all have finished; it holds every failure (with the
     *     item's index) and the other results
     * @throws InterruptedException if the calling thread is interrupted; the items not yet done are cancelled
     * @throws RejectedExecutionException if the pool has been shut down
     * @throws IllegalStateException if this pool's workers could not load the task's class (see {@link Launch}); it
     *     is not queued then
     * @throws NullPointerException if {@code items}, an item's container or {@code function} is {@code null}
     */
    public <T, R> List<R> map(Iterable<? extends T> items, MapTask<? super T, ? extends R> function)
            throws InterruptedException {
        return map(items, function, 1);
    }

    /**
     * Like {@link #map(Iterable, MapTask)}, sending the items in chunks of {@code chunkSize} per task, which saves
     * round trips when there are many small items (Python's {@code chunksize}).
     *
     * @param <T> the item type, serializable
     * @param <R> the result type, serializable
     * @param items the items
     * @param function the function; it and what it captures must be serializable
     * @param chunkSize items per task, at least 1
     * @return the results, in the items' order
     * @throws LaunchException if any item failed, after all have finished; it holds every failure (with the
     *     item's index) and the other results; the items after a failed one in its chunk are not run
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
        List<T> all = new ArrayList<>();
        items.forEach(all::add);
        List<PoolTask> chunks = new ArrayList<>();
        for (int start = 0; start < all.size(); start += chunkSize) {
            List<T> chunk = all.subList(start, Math.min(all.size(), start + chunkSize));
            chunks.add(enqueue(chunkSize == 1 ? single(function, chunk.get(0)) : new ChunkTask<>(function, chunk)));
        }
        awaitAll(chunks);
        return MapResults.collect(all.size(), chunkSize, chunks);
    }

    private static <T, R> Task<R> single(MapTask<? super T, ? extends R> function, T item) {
        return () -> function.call(item);
    }

    /**
     * Runs every task and waits for all of them, like {@code ExecutorService.invokeAll}.
     *
     * @param <T> the result type, serializable
     * @param tasks the tasks
     * @return their futures, in the same order, all completed
     * @throws InterruptedException if the calling thread is interrupted; the tasks not yet done are cancelled
     * @throws RejectedExecutionException if the pool has been shut down
     * @throws IllegalStateException if this pool's workers could not load the task's class (see {@link Launch}); it
     *     is not queued then
     * @throws NullPointerException if {@code tasks} or one of them is {@code null}; then none is run
     */
    @SuppressWarnings("unchecked")
    public <T> List<CompletableFuture<T>> invokeAll(Collection<? extends Task<T>> tasks) throws InterruptedException {
        List<PoolTask> submitted = submitAll(tasks);
        awaitAll(submitted);
        List<CompletableFuture<T>> futures = new ArrayList<>(submitted.size());
        submitted.forEach(task -> futures.add((CompletableFuture<T>) (CompletableFuture<?>) task.future));
        return futures;
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
        CompletableFuture<Object> firstSuccess = new CompletableFuture<>();
        submitted.forEach(task -> task.future.thenAccept(firstSuccess::complete));
        CompletableFuture.allOf(submitted.stream().map(task -> task.future).toArray(CompletableFuture[]::new))
                .whenComplete((ignored, failure) -> {
                    for (PoolTask task : submitted) {
                        if (!task.future.isCompletedExceptionally()) {
                            firstSuccess.complete(task.future.join());
                            return;
                        }
                    }
                    firstSuccess.completeExceptionally(new IllegalStateException("every task failed"));
                });
        try {
            return (T) firstSuccess.get();
        } catch (ExecutionException e) {
            throw new LaunchException(submitted.size(), MapResults.failures(submitted), new ArrayList<>());
        } finally {
            submitted.forEach(task -> task.future.cancel(true));
        }
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

    private void awaitAll(List<PoolTask> tasks) throws InterruptedException {
        try {
            for (PoolTask task : tasks) {
                try {
                    task.future.get();
                } catch (ExecutionException | CancellationException e) {
                    // reported through the future
                }
            }
        } catch (InterruptedException e) {
            tasks.forEach(task -> task.future.cancel(true));
            throw e;
        }
    }

    /** Fails unless this pool's workers can load the task's class. */
    private void requireReachable(Object task) {
        Reachability.require(task, classPath, workersDescription);
    }

    private PoolTask enqueue(Object task) {
        requireReachable(task);
        PoolTask submitted = new PoolTask(task, this);
        PoolWorker worker;
        boolean startAnother = false;
        synchronized (lock) {
            if (state != State.RUNNING) {
                throw new RejectedExecutionException(brokenBecause != null ? brokenBecause
                        : name + " has been shut down: it takes no more tasks");
            }
            worker = idle.pollFirst();
            if (worker != null) {
                worker.current = submitted;
            } else if (pending.isEmpty() && (worker = canQueueMore()) != null) {
                worker.queued.addLast(submitted);
            } else {
                pending.addLast(submitted);
                startAnother = workers.size() + starting < settings.workers;
                if (startAnother) {
                    starting++;
                }
            }
        }
        if (worker != null) {
            deliver(worker, List.of(submitted));
        } else if (startAnother) {
            startWorker();
        }
        return submitted;
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    /**
     * Stops taking tasks; those already submitted still run, then the workers exit. Does not wait: see
     * {@link #awaitTermination(Duration)}.
     */
    public void shutdown() {
        List<PoolWorker> toRetire = new ArrayList<>();
        synchronized (lock) {
            if (state != State.RUNNING) {
                return;
            }
            state = State.SHUTDOWN;
            if (pending.isEmpty()) {
                toRetire.addAll(idle);
                idle.forEach(worker -> retiring(worker, false));
                idle.clear();
            }
            checkTerminated();
        }
        toRetire.forEach(PoolWorker::retire);
    }

    /**
     * Stops at once: the tasks not yet started are cancelled and returned, and every worker is killed, failing
     * the tasks they were running.
     *
     * @return the tasks that never started, as they were submitted ({@link Task}, {@link VoidTask}, or the
     *     internal chunks of a {@code map})
     */
    public List<Serializable> shutdownNow() {
        List<PoolTask> neverStarted;
        List<PoolWorker> toKill;
        synchronized (lock) {
            if (state == State.TERMINATED) {
                return List.of();
            }
            state = State.STOPPED;
            neverStarted = new ArrayList<>(pending);
            pending.clear();
            idle.clear();
            toKill = new ArrayList<>(workers);
            for (PoolWorker worker : toKill) {
                neverStarted.addAll(worker.queued);
                worker.queued.clear();
            }
            toKill.forEach(worker -> retiring(worker, false));
            checkTerminated();
        }
        List<Serializable> tasks = new ArrayList<>(neverStarted.size());
        for (PoolTask task : neverStarted) {
            task.future.cancel(false);
            tasks.add((Serializable) task.task);
        }
        toKill.forEach(worker -> worker.child.kill());
        return tasks;
    }

    /**
     * Whether {@link #shutdown()} or {@link #shutdownNow()} has been called.
     *
     * @return {@code true} once the pool takes no more tasks
     */
    public boolean isShutdown() {
        synchronized (lock) {
            return state != State.RUNNING;
        }
    }

    /**
     * Whether the pool has shut down and every worker has exited.
     *
     * @return {@code true} once nothing of the pool is left running
     */
    public boolean isTerminated() {
        return terminated.getCount() == 0;
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
        return terminated.await(Durations.toNanos(timeout), TimeUnit.NANOSECONDS);
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
        return terminated.await(timeout, requireNonNull(unit, "unit"));
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
                terminated.await();
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

    @Override
    public String toString() {
        synchronized (lock) {
            return "ProcessPool[" + name + ", " + state + ", " + workers.size() + " workers, " + idle.size()
                    + " idle, " + pending.size() + " waiting]";
        }
    }

    // ---- workers ---------------------------------------------------------------------------------------------

    /** Starts a worker for which {@link #starting} has been counted. */
    private void startWorker() {
        PoolWorker worker;
        try {
            worker = new PoolWorker(name + "-" + workerNumbers.incrementAndGet(), settings, loader, this);
        } catch (IOException | RuntimeException e) {
            synchronized (lock) {
                starting--;
                checkTerminated();
            }
            throw new UncheckedIOException("cannot start a worker JVM for " + name + ": " + e.getMessage(),
                    e instanceof IOException ? (IOException) e : new IOException(e));
        }
        PoolTask next = null;
        boolean retire = false;
        synchronized (lock) {
            starting--;
            workers.add(worker);
            if (state == State.STOPPED) {
                retiring(worker, false);
            } else {
                next = pending.pollFirst();
                worker.current = next;
                if (next == null && state == State.RUNNING) {
                    becomeIdle(worker);
                } else if (next == null) {
                    // shut down while it was starting, with nothing left to do
                    retiring(worker, false);
                    retire = true;
                }
            }
        }
        worker.child.gone().thenAccept(exitCode -> workerGone(worker, exitCode));
        if (state() == State.STOPPED) {
            worker.child.kill();
        } else if (next != null) {
            deliver(worker, List.of(next));
        } else if (retire) {
            worker.retire();
        }
    }

    private State state() {
        synchronized (lock) {
            return state;
        }
    }

    /**
     * A worker answered: complete its task's future, move its queued task up, and give it more work, or let it
     * rest or retire.
     */
    void answered(PoolWorker worker, Frames.Frame frame) {
        PoolTask done;
        List<PoolTask> toSend = new ArrayList<>(2);
        boolean retire = false;
        synchronized (lock) {
            done = worker.current;
            if (done == null || done.id != Messages.id(frame.payload)) {
                done = null;
            } else {
                worker.answeredAt(System.nanoTime());
                worker.current = worker.queued.pollFirst();
                worker.completed++;
                failedStarts = 0;
                if (worker.retiring) {
                    // being stopped: it takes nothing more
                } else if (settings.maxTasksPerWorker > 0 && worker.completed >= settings.maxTasksPerWorker) {
                    retiring(worker, state == State.RUNNING);
                    retire = true;
                } else {
                    if (worker.current == null && state != State.STOPPED && !pending.isEmpty()) {
                        worker.current = pending.pollFirst();
                        toSend.add(worker.current);
                    }
                    while (worker.current != null && mayQueueOn(worker) && !pending.isEmpty()) {
                        PoolTask next = pending.pollFirst();
                        worker.queued.addLast(next);
                        toSend.add(next);
                    }
                    if (worker.current == null && state == State.RUNNING) {
                        becomeIdle(worker);
                    } else if (worker.current == null) {
                        retiring(worker, false);
                        retire = true;
                    }
                }
            }
        }
        if (done == null) {
            worker.child.kill();
            return;
        }
        deliver(worker, toSend);
        if (retire) {
            worker.retire();
        }
        complete(done, worker, frame);
    }

    /**
     * Sends tasks to a worker, in order. A task that cannot be written never reached the worker, which has died
     * before it could run it: it goes back to the front of the queue for the worker's replacement, unless
     * {@link #workerGone} has dealt with it already (or the pool is stopping, and the death will fail it).
     */
    private void deliver(PoolWorker worker, List<PoolTask> tasks) {
        for (int i = 0; i < tasks.size(); i++) {
            if (!worker.send(tasks.get(i))) {
                takeBack(worker, tasks.subList(i, tasks.size()));
                return;
            }
        }
    }

    private void takeBack(PoolWorker worker, List<PoolTask> undelivered) {
        synchronized (lock) {
            if (state == State.STOPPED) {
                return;
            }
            for (int i = undelivered.size() - 1; i >= 0; i--) {
                PoolTask task = undelivered.get(i);
                if (worker.queued.remove(task)) {
                    // back to the pool's queue
                } else if (worker.current == task) {
                    worker.current = null;
                } else {
                    continue;
                }
                requeueFirst(task);
            }
        }
    }

    /** Puts a task that has not run back at the front of the queue, unless it was cancelled meanwhile. */
    // guarded by lock
    private void requeueFirst(PoolTask task) {
        if (!task.future.isDone()) {
            pending.addFirst(task);
        }
    }

    /** The busy worker with the fewest queued tasks that can take one more, or {@code null}. */
    // guarded by lock
    private PoolWorker canQueueMore() {
        PoolWorker best = null;
        for (PoolWorker worker : workers) {
            if (worker.current != null && mayQueueOn(worker)
                    && (best == null || worker.queued.size() < best.queued.size())) {
                best = worker;
            }
        }
        return best;
    }

    /** Whether a busy worker can take one more task in its input, without running past its task limit. */
    // guarded by lock
    private boolean mayQueueOn(PoolWorker worker) {
        int queued = worker.queued.size();
        return queued < worker.queueDepth() && !worker.retiring && state != State.STOPPED
                && (settings.maxTasksPerWorker == 0 || worker.completed + queued + 2 <= settings.maxTasksPerWorker);
    }

    private void complete(PoolTask task, PoolWorker worker, Frames.Frame frame) {
        try {
            if (frame.type == Frames.RESULT) {
                task.future.complete(ValueCodec.decode(frame.payload, Messages.ID_BYTES, task.loader));
            } else {
                Throwable cause = Messages.readFailure(frame.payload, task.loader);
                task.future.completeExceptionally(new TaskFailedException(worker + " failed: " + cause,
                        worker.name, 0, worker.child.pid(), null, false, cause));
            }
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            task.future.completeExceptionally(new TaskFailedException(worker + " sent back what cannot be read: "
                    + e, worker.name, 0, worker.child.pid(), null, false, e));
        }
    }

    /**
     * A worker's JVM is gone: fail the task it was running, replace it if the pool still needs it. A task that
     * never reached the worker (it died before the task was written to it, or before it connected) never ran: it
     * goes back to the front of the queue, unless it was cancelled meanwhile. Workers that keep dying before they
     * connect, other than those the pool stopped itself, make the pool broken, and every waiting task fails with the
     * reason.
     */
    private void workerGone(PoolWorker worker, int exitCode) {
        PoolTask lost;
        boolean replace;
        List<PoolTask> abandoned = List.of();
        worker.exited();
        synchronized (lock) {
            workers.remove(worker);
            idle.remove(worker);
            lost = worker.current;
            worker.current = null;
            if (state != State.STOPPED) {
                worker.queued.descendingIterator().forEachRemaining(this::requeueFirst);
            }
            worker.queued.clear();
            boolean neverStarted = !worker.child.connected();
            if (!worker.retiring) {
                failedStarts = neverStarted ? failedStarts + 1 : 0;
            }
            if (lost != null && (neverStarted || !lost.reached(worker)) && state != State.STOPPED) {
                requeueFirst(lost);
                lost = null;
            }
            if (failedStarts >= MAX_FAILED_STARTS && state != State.STOPPED) {
                brokenBecause = name + " is broken: " + MAX_FAILED_STARTS + " worker JVMs in a row died before"
                        + " starting; the last " + ExitCodes.describe(exitCode) + describeStderr(worker);
                state = State.STOPPED;
                abandoned = new ArrayList<>(pending);
                pending.clear();
            }
            // A task submitted while this worker was retiring (idle too long) waits in pending, counted against
            // this worker's place: it needs a new worker even though the retired one is not to be replaced.
            replace = (worker.replaceWhenGone && state == State.RUNNING
                    || (state == State.RUNNING || state == State.SHUTDOWN) && !pending.isEmpty())
                    && workers.size() + starting < settings.workers;
            if (replace) {
                starting++;
            }
            checkTerminated();
        }
        if (lost != null) {
            String message = worker + " " + ExitCodes.describe(exitCode) + " while running this task"
                    + (worker.replaceWhenGone || brokenBecause != null ? "" : " (the pool was stopped)")
                    + describeStderr(worker);
            lost.future.completeExceptionally(new TaskFailedException(message, worker.name, 0, worker.child.pid(),
                    exitCode, false, null));
        }
        for (PoolTask task : abandoned) {
            task.future.completeExceptionally(new RejectedExecutionException(brokenBecause));
        }
        if (replace) {
            try {
                startWorker();
            } catch (UncheckedIOException e) {
                failEverything(e);
            }
        }
    }

    private void failEverything(RuntimeException cause) {
        List<PoolTask> abandoned;
        synchronized (lock) {
            brokenBecause = name + " is broken: " + cause.getMessage();
            state = State.STOPPED;
            abandoned = new ArrayList<>(pending);
            pending.clear();
            checkTerminated();
        }
        abandoned.forEach(task -> task.future.completeExceptionally(cause));
    }

    private static String describeStderr(PoolWorker worker) {
        String stderr = worker.child.stderrTail();
        return stderr.isEmpty() ? "" : "; the end of its standard error:\n" + stderr;
    }

    /**
     * A task's future was cancelled: forget it if it waits, stop it if it runs and the caller asked to. A task
     * already queued in a worker's input still runs there, and its result is dropped.
     */
    void cancelled(PoolTask task, boolean stopIfRunning) {
        PoolWorker runningOn = null;
        synchronized (lock) {
            if (pending.remove(task)) {
                return;
            }
            for (PoolWorker worker : workers) {
                if (worker.current == task && stopIfRunning) {
                    runningOn = worker;
                    retiring(worker, true);
                }
            }
        }
        if (runningOn != null) {
            runningOn.child.kill();
        }
    }

    // guarded by lock
    private void becomeIdle(PoolWorker worker) {
        idle.addLast(worker);
        long spell = ++worker.idleSpell;
        if (settings.idleTimeout != null) {
            IoThreads.TIMERS.schedule(() -> idleTooLong(worker, spell), Durations.toNanos(settings.idleTimeout),
                    TimeUnit.NANOSECONDS);
        }
    }

    private void idleTooLong(PoolWorker worker, long spell) {
        synchronized (lock) {
            if (worker.idleSpell != spell || !idle.remove(worker)) {
                return;
            }
            retiring(worker, false);
        }
        worker.retire();
    }

    // guarded by lock
    private void retiring(PoolWorker worker, boolean replace) {
        worker.retiring = true;
        worker.replaceWhenGone = replace;
    }

    // guarded by lock
    private void checkTerminated() {
        if (state != State.RUNNING && workers.isEmpty() && starting == 0 && pending.isEmpty()) {
            state = State.TERMINATED;
            terminated.countDown();
        }
    }
}
