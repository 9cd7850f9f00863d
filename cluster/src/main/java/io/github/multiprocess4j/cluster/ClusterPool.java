package io.github.multiprocess4j.cluster;

import static java.util.Objects.requireNonNull;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import io.github.multiprocess4j.core.Completed;
import io.github.multiprocess4j.core.MapTask;
import io.github.multiprocess4j.core.Task;
import io.github.multiprocess4j.core.TaskPool;
import io.github.multiprocess4j.core.VoidTask;
import io.github.multiprocess4j.core.internal.pool.MapStream;
import io.github.multiprocess4j.core.internal.pool.TaskFutures;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Runs the library's serializable tasks on a cluster's members: {@code ProcessPool} past one machine, with the same
 * method names and signatures ({@code submit}, {@code map}, the streaming {@code imap} and {@code imapUnordered},
 * {@code invokeAll}, {@code invokeAny}, and {@code ExecutorService}'s lifecycle names). Get one from {@link Cluster#pool()}.
 *
 * <pre>{@code
 * try (ClusterPool pool = cluster.pool()) {
 *     List<Integer> squares = pool.map(List.of(1, 2, 3, 4), x -> x * x);     // [1, 4, 9, 16]
 * }
 * }</pre>
 *
 * <h2>Tasks</h2>
 * A task, and what it captures, must be serializable and its classes on every member's class path (run members
 * from the application's jar). It is serialized when submitted, so one that cannot be is refused then, with an
 * {@link IllegalArgumentException} naming the class, and nothing is sent. Tasks go to the members in turn, each
 * running at most as many at once as it has cores (at least two); static state on a member survives from task to task.
 *
 * <h2>Members that are lost</h2>
 * A task whose member leaves or dies before answering is sent to another member, up to the pool's number of
 * retries ({@value #DEFAULT_MAX_RETRIES} by default, as Ray retries); then its future fails with a
 * {@link ClusterTaskFailedException} naming the member it was last lost with. <b>A retried task may run twice</b>:
 * its member may have finished it, or done part of it, before dying. Write tasks to be idempotent: their effects
 * on shared state (a {@link ClusterObject}, a {@link ClusterQueue}, a file) must be safe to repeat, or keyed so that
 * a repeat is recognized. A task that throws is not retried: its future fails with a
 * {@link ClusterTaskFailedException} whose cause is the task's exception. {@link #retriedTasks()} counts the retries.
 *
 * <p>Closing the pool does not leave the cluster and does not stop tasks of other pools. Thread-safety: every method
 * may be called from any thread.
 */
public final class ClusterPool implements TaskPool {

    /**
     * How many tasks (chunks) per data member a stream of {@link #imap} keeps in flight: enough to keep a member's
     * threads fed across the network round trip.
     */
    static final int STREAM_WINDOW_PER_MEMBER = 8;

    /** How many times a task lost with its member is retried unless the pool says otherwise. */
    public static final int DEFAULT_MAX_RETRIES = 3;

    private final HazelcastInstance hazelcast;
    private final IExecutorService executor;
    private final int maxRetries;
    private final AtomicInteger nextMember = new AtomicInteger();
    private final AtomicLong retried = new AtomicLong();

    private final Object lock = new Object();
    // guarded by lock
    private final Set<Submission> outstanding = new HashSet<>();
    private boolean shutdown;

    ClusterPool(HazelcastInstance hazelcast, int maxRetries) {
        this.hazelcast = hazelcast;
        this.executor = hazelcast.getExecutorService(Hazelcasts.EXECUTOR);
        this.maxRetries = maxRetries;
    }

    // ---- submitting ------------------------------------------------------------------------------------------

    /**
     * Sends a task to the next member.
     *
     * @param <T> the result type, serializable
     * @param task the task; it and what it captures must be serializable
     * @return a future that completes with the result, or exceptionally with a {@link ClusterTaskFailedException}
     * @throws RejectedExecutionException if the pool has been shut down
     * @throws IllegalArgumentException if the task cannot be serialized (the message names the class); nothing is
     *     sent
     * @throws NullPointerException if {@code task} is {@code null}
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> submit(Task<T> task) {
        return (CompletableFuture<T>) start(prepare(requireNonNull(task, "task"), -1)).future;
    }

    /**
     * Sends a task to the next member.
     *
     * @param task the task; it and what it captures must be serializable
     * @return a future that completes with {@code null}, or exceptionally with a {@link ClusterTaskFailedException}
     * @throws RejectedExecutionException if the pool has been shut down
     * @throws IllegalArgumentException if the task cannot be serialized (the message names the class); nothing is
     *     sent
     * @throws NullPointerException if {@code task} is {@code null}
     */
    @SuppressWarnings("unchecked")
    public CompletableFuture<Void> submit(VoidTask task) {
        return (CompletableFuture<Void>) (CompletableFuture<?>) start(prepare(requireNonNull(task, "task"), -1))
                .future;
    }

    /**
     * Applies a function to every item on the members and returns the results in the items' order: Python's
     * {@code pool.map(f, items)}. Each item is one task.
     *
     * @param <T> the item type, serializable
     * @param <R> the result type, serializable
     * @param items the items
     * @param function the function; it and what it captures must be serializable
     * @return the results, in the items' order
     * @throws ClusterTaskFailedException if any item failed, after all have finished: the first failure, with the
     *     others suppressed
     * @throws InterruptedException if the calling thread is interrupted; the items not yet done are cancelled
     * @throws RejectedExecutionException if the pool has been shut down
     * @throws IllegalArgumentException if the function or an item cannot be serialized; nothing is sent
     * @throws NullPointerException if {@code items} or {@code function} is {@code null}
     */
    public <T, R> List<R> map(Iterable<? extends T> items, MapTask<? super T, ? extends R> function)
            throws InterruptedException {
        return map(items, function, 1);
    }

    /**
     * Like {@link #map(Iterable, MapTask)}, sending the items in chunks of {@code chunkSize} per task, which saves
     * round trips when there are many small items (Python's {@code chunksize}). A chunk is retried whole.
     *
     * @param <T> the item type, serializable
     * @param <R> the result type, serializable
     * @param items the items
     * @param function the function; it and what it captures must be serializable
     * @param chunkSize items per task, at least 1
     * @return the results, in the items' order
     * @throws ClusterTaskFailedException if any item failed, after all have finished: the first failure, with the
     *     others suppressed
     * @throws InterruptedException if the calling thread is interrupted; the items not yet done are cancelled
     * @throws RejectedExecutionException if the pool has been shut down
     * @throws IllegalArgumentException if {@code chunkSize} is less than 1, or the function or an item cannot be
     *     serialized; nothing is sent
     * @throws NullPointerException if {@code items} or {@code function} is {@code null}
     */
    @SuppressWarnings("unchecked")
    public <T, R> List<R> map(Iterable<? extends T> items, MapTask<? super T, ? extends R> function, int chunkSize)
            throws InterruptedException {
        MapStream.checkArguments(items, function, chunkSize);
        List<T> all = new ArrayList<>();
        items.forEach(all::add);
        List<Submission> chunks = new ArrayList<>();
        for (int start = 0; start < all.size(); start += chunkSize) {
            List<T> chunk = all.subList(start, Math.min(all.size(), start + chunkSize));
            chunks.add(prepare(new RemoteTask.Chunk(function, chunk), start));
        }
        chunks.forEach(this::start);
        TaskFutures.awaitAll(futures(chunks));
        ClusterTaskFailedException failure = failureOf(chunks);
        if (failure != null) {
            throw failure;
        }
        List<R> results = new ArrayList<>(all.size());
        chunks.forEach(chunk -> results.addAll((List<R>) chunk.future.join()));
        return results;
    }

    /**
     * Applies a function to every item on the members and streams the results back in the items' order as they
     * complete: Python's {@code pool.imap(f, items)}. Each item is one task. Unlike {@link #map(Iterable, MapTask)},
     * the items are read lazily: at most {@value #STREAM_WINDOW_PER_MEMBER} tasks per data member of the cluster (as
     * it is when this is called) are in flight, and more are read only as results are consumed, so an input larger
     * than memory streams through. The first tasks are sent before this method returns.
     *
     * <p>The stream must be closed, or consumed to the end: use try-with-resources. Closing it early (after a
     * {@code limit}, a {@code findFirst}, a {@code break}, or an exception) cancels the tasks still in flight, as
     * {@code cancel} on their futures does: members are asked to drop those queued and interrupt those running. A
     * stream left unclosed and unreachable is cancelled the same way when the garbage collector finds it. A task lost
     * with its member is retried as {@code submit}'s are, so an item may run twice.
     *
     * <p>A failed item throws a {@link ClusterTaskFailedException} (its {@link ClusterTaskFailedException#index()}
     * is the item's) from the stream's terminal operation when its turn comes, after the results before it; the
     * tasks still in flight are cancelled then. An interrupt of the consuming thread while it waits for a result
     * cancels the tasks in flight and throws a {@link CancellationException}, keeping the interrupt status. The
     * stream is sequential and to be consumed by one thread at a time; the items' iterator is read on the threads
     * that call this method and consume the stream.
     *
     * @param <T> the item type, serializable
     * @param <R> the result type, serializable
     * @param items the items, read once, lazily
     * @param function the function; it and what it captures must be serializable
     * @return a sequential, ordered stream of the results, to be closed
     * @throws RejectedExecutionException if the pool has been shut down
     * @throws IllegalArgumentException if the function or an item cannot be serialized: from this method, which
     *     then leaves nothing in flight, or from the stream's terminal operation when the item is read
     * @throws NullPointerException if {@code items} or {@code function} is {@code null}
     */
    @Override
    public <T, R> Stream<R> imap(Iterable<? extends T> items, MapTask<? super T, ? extends R> function) {
        return imap(items, function, 1);
    }

    /**
     * Like {@link #imap(Iterable, MapTask)}, sending the items in chunks of {@code chunkSize} per task, as
     * {@link #map(Iterable, MapTask, int)} does; at most {@value #STREAM_WINDOW_PER_MEMBER} chunks per member are in
     * flight. A chunk is retried whole, and fails whole: its {@link ClusterTaskFailedException#index()} is its first
     * item's, and none of its results are handed on.
     *
     * @param <T> the item type, serializable
     * @param <R> the result type, serializable
     * @param items the items, read once, lazily
     * @param function the function; it and what it captures must be serializable
     * @param chunkSize items per task, at least 1
     * @return a sequential, ordered stream of the results, to be closed
     * @throws RejectedExecutionException if the pool has been shut down
     * @throws IllegalArgumentException if {@code chunkSize} is less than 1, or the function or an item cannot be
     *     serialized (see {@link #imap(Iterable, MapTask)})
     * @throws NullPointerException if {@code items} or {@code function} is {@code null}
     */
    @Override
    public <T, R> Stream<R> imap(Iterable<? extends T> items, MapTask<? super T, ? extends R> function,
            int chunkSize) {
        return mapStream(items, function, chunkSize, true);
    }

    /**
     * Like {@link #imap(Iterable, MapTask)}, but each result is handed on as soon as it completes, whatever its
     * item's place, with that place: Python's {@code pool.imap_unordered(f, items)}. A quick item is not held back
     * by a slow one before it. The same rules hold for closing the stream, failures and interrupts.
     *
     * @param <T> the item type, serializable
     * @param <R> the result type, serializable
     * @param items the items, read once, lazily
     * @param function the function; it and what it captures must be serializable
     * @return a sequential stream of the results in completion order, each with its item's index, to be closed
     * @throws RejectedExecutionException if the pool has been shut down
     * @throws IllegalArgumentException if the function or an item cannot be serialized (see
     *     {@link #imap(Iterable, MapTask)})
     * @throws NullPointerException if {@code items} or {@code function} is {@code null}
     */
    @Override
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
     * @param items the items, read once, lazily
     * @param function the function; it and what it captures must be serializable
     * @param chunkSize items per task, at least 1
     * @return a sequential stream of the results in completion order, each with its item's index, to be closed
     * @throws RejectedExecutionException if the pool has been shut down
     * @throws IllegalArgumentException if {@code chunkSize} is less than 1, or the function or an item cannot be
     *     serialized (see {@link #imap(Iterable, MapTask)})
     * @throws NullPointerException if {@code items} or {@code function} is {@code null}
     */
    @Override
    public <T, R> Stream<Completed<R>> imapUnordered(Iterable<? extends T> items,
            MapTask<? super T, ? extends R> function, int chunkSize) {
        return mapStream(items, function, chunkSize, false);
    }

    /** How many members of the cluster run tasks now (lite members do not). */
    private int dataMembers() {
        int members = 0;
        for (Member member : hazelcast.getCluster().getMembers()) {
            if (!member.isLiteMember()) {
                members++;
            }
        }
        return members;
    }

    private <T, R, E> Stream<E> mapStream(Iterable<? extends T> items, MapTask<? super T, ? extends R> function,
            int chunkSize, boolean ordered) {
        MapStream.checkArguments(items, function, chunkSize);
        if (isShutdown()) {
            throw new RejectedExecutionException("the pool has been shut down: it takes no more tasks");
        }
        int window = STREAM_WINDOW_PER_MEMBER * Math.max(1, dataMembers());
        return MapStream.of(requireNonNull(items.iterator(), "items.iterator()"), new MapStream.Chunks<T>() {
            @Override
            public CompletableFuture<?> submit(List<T> chunk, long start) {
                return start(prepare(new RemoteTask.Chunk(function, chunk), (int) Math.min(start, Integer.MAX_VALUE)))
                        .future;
            }

            @Override
            public List<?> results(Object value) {
                return (List<?>) value;
            }

            @Override
            public MapStream.Failure failure(CompletableFuture<?> future, long start) {
                return new MapStream.Failure(failureOf(future, (int) Math.min(start, Integer.MAX_VALUE)), List.of());
            }
        }, chunkSize, window, ordered);
    }

    /**
     * Sends every task to the members and waits until all have finished, like {@code ExecutorService.invokeAll}.
     *
     * @param <T> the result type, serializable
     * @param tasks the tasks
     * @return their futures, all done, in the tasks' order; a failed one holds a {@link ClusterTaskFailedException}
     * @throws InterruptedException if the calling thread is interrupted; the tasks not yet done are cancelled
     * @throws RejectedExecutionException if the pool has been shut down
     * @throws IllegalArgumentException if a task cannot be serialized; then none is sent
     * @throws NullPointerException if {@code tasks} or one of them is {@code null}; then none is sent
     */
    public <T> List<CompletableFuture<T>> invokeAll(Collection<? extends Task<T>> tasks) throws InterruptedException {
        return TaskFutures.awaitAll(futures(startAll(tasks)));
    }

    /**
     * Runs the tasks and returns the result of the first to succeed, cancelling the others, like
     * {@code ExecutorService.invokeAny}.
     *
     * @param <T> the result type, serializable
     * @param tasks the tasks, at least one
     * @return the first successful result
     * @throws ClusterTaskFailedException if every task failed: the first failure, with the others suppressed
     * @throws InterruptedException if the calling thread is interrupted; all the tasks are cancelled
     * @throws RejectedExecutionException if the pool has been shut down
     * @throws IllegalArgumentException if {@code tasks} is empty, or a task cannot be serialized; then none is sent
     * @throws NullPointerException if {@code tasks} or one of them is {@code null}; then none is sent
     */
    @SuppressWarnings("unchecked")
    public <T> T invokeAny(Collection<? extends Task<T>> tasks) throws InterruptedException {
        if (requireNonNull(tasks, "tasks").isEmpty()) {
            throw new IllegalArgumentException("invokeAny needs at least one task");
        }
        List<Submission> submitted = startAll(tasks);
        return (T) TaskFutures.awaitFirstSuccess(futures(submitted), everyOneFailed -> {
            ClusterTaskFailedException first = failureOf(submitted);
            return first != null ? first : new IllegalStateException("every task failed", everyOneFailed);
        });
    }

    /**
     * How many times a task was sent again because its member was lost, since the pool was made.
     *
     * @return the count of retries
     */
    public long retriedTasks() {
        return retried.get();
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    /**
     * Stops taking tasks; those already submitted still run. Does not wait: see {@link #awaitTermination(Duration)}.
     */
    public void shutdown() {
        synchronized (lock) {
            shutdown = true;
            lock.notifyAll();
        }
    }

    /**
     * Stops taking tasks and cancels those not yet finished: their futures fail with a
     * {@link CancellationException} and members are asked to interrupt them.
     *
     * @return the tasks cancelled, as they were submitted ({@link Task}, {@link VoidTask}, or the internal chunks
     *     of a {@code map})
     */
    public List<Serializable> shutdownNow() {
        List<Submission> cancelled;
        synchronized (lock) {
            shutdown = true;
            cancelled = new ArrayList<>(outstanding);
        }
        List<Serializable> tasks = new ArrayList<>();
        for (Submission submission : cancelled) {
            if (submission.future.cancel(true)) {
                tasks.add(submission.task);
            }
        }
        return tasks;
    }

    /**
     * Whether {@link #shutdown()} or {@link #shutdownNow()} has been called.
     *
     * @return {@code true} once the pool takes no more tasks
     */
    public boolean isShutdown() {
        synchronized (lock) {
            return shutdown;
        }
    }

    /**
     * Whether the pool has shut down and every task it took has finished.
     *
     * @return {@code true} once nothing of the pool is left running
     */
    public boolean isTerminated() {
        synchronized (lock) {
            return shutdown && outstanding.isEmpty();
        }
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
        if (requireNonNull(timeout, "timeout").isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        return awaitTermination(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
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
        long deadline = System.nanoTime() + requireNonNull(unit, "unit").toNanos(timeout);
        synchronized (lock) {
            while (!(shutdown && outstanding.isEmpty())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /**
     * Shuts down and waits for the submitted tasks to finish. If the waiting thread is interrupted, cancels them
     * ({@link #shutdownNow()}) and keeps the thread's interrupt status.
     */
    @Override
    public void close() {
        shutdown();
        try {
            awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "ClusterPool[" + outstanding.size() + " tasks outstanding, " + retried.get() + " retried"
                    + (shutdown ? ", shut down" : "") + "]";
        }
    }

    // ---- sending and retrying ---------------------------------------------------------------------------------

    /** One task of this pool, from submission to its future's completion, across its attempts. */
    private static final class Submission {
        final Serializable task;
        final RemoteTask remote;
        final int index;
        final CompletableFuture<Object> future = new CompletableFuture<>();
        // written by the thread that sends an attempt, read by the one that completes it
        volatile int attempts;
        volatile Member member;
        volatile Future<byte[]> running;

        Submission(Serializable task, RemoteTask remote, int index) {
            this.task = task;
            this.remote = remote;
            this.index = index;
        }
    }

    private Submission prepare(Serializable task, int index) {
        return new Submission(task, new RemoteTask(Codec.encode(task, "the task " + task)), index);
    }

    private List<Submission> startAll(Collection<? extends Task<?>> tasks) {
        List<Submission> prepared = new ArrayList<>(requireNonNull(tasks, "tasks").size());
        for (Task<?> task : tasks) {
            prepared.add(prepare(requireNonNull(task, "a task"), -1));
        }
        prepared.forEach(this::start);
        return prepared;
    }

    private Submission start(Submission submission) {
        synchronized (lock) {
            if (shutdown) {
                throw new RejectedExecutionException("the pool has been shut down: it takes no more tasks");
            }
            outstanding.add(submission);
        }
        submission.future.whenComplete((result, failure) -> {
            try {
                Future<byte[]> running = submission.running;
                if (submission.future.isCancelled() && running != null) {
                    running.cancel(true); // a request to the member, which may fail: the task is done here anyway
                }
            } finally {
                synchronized (lock) {
                    outstanding.remove(submission);
                    lock.notifyAll();
                }
            }
        });
        send(submission, null);
        return submission;
    }

    @SuppressWarnings("unchecked")
    private void send(Submission submission, UUID avoid) {
        if (submission.future.isDone()) {
            return;
        }
        Member member;
        try {
            member = pickMember(avoid);
        } catch (RuntimeException e) {
            fail(submission, "no member to run it: " + e.getMessage(), true, e);
            return;
        }
        submission.member = member;
        submission.attempts++;
        Future<byte[]> running;
        try {
            running = executor.submitToMember(submission.remote, member);
        } catch (RuntimeException e) {
            answered(submission, member, null, e);
            return;
        }
        submission.running = running;
        if (submission.future.isCancelled()) {
            running.cancel(true);
            return;
        }
        ((CompletionStage<byte[]>) running).whenComplete((bytes, failure) ->
                answered(submission, member, bytes, failure));
    }

    private Member pickMember(UUID avoid) {
        List<Member> members = new ArrayList<>();
        for (Member member : hazelcast.getCluster().getMembers()) {
            if (!member.isLiteMember() && (avoid == null || !member.getUuid().equals(avoid))) {
                members.add(member);
            }
        }
        if (members.isEmpty() && avoid != null) {
            return pickMember(null);
        }
        if (members.isEmpty()) {
            throw new IllegalStateException("the cluster has no data member");
        }
        return members.get(Math.floorMod(nextMember.getAndIncrement(), members.size()));
    }

    private void answered(Submission submission, Member member, byte[] bytes, Throwable failure) {
        if (submission.future.isDone()) {
            return;
        }
        if (failure == null) {
            RemoteTask.Outcome outcome;
            try {
                outcome = (RemoteTask.Outcome) Codec.decode(bytes, "the answer of " + Cluster.address(member));
            } catch (RuntimeException e) {
                fail(submission, "its answer could not be read: " + e.getMessage(), false, e);
                return;
            }
            if (outcome.failure != null) {
                fail(submission, "it threw " + outcome.failure + " on member " + Cluster.address(member), false,
                        outcome.failure);
            } else {
                submission.future.complete(outcome.value);
            }
            return;
        }
        Throwable cause = unwrap(failure);
        if (cause instanceof CancellationException) {
            submission.future.cancel(false);
        } else if (isMemberLoss(cause)) {
            if (submission.attempts <= maxRetries) {
                retried.incrementAndGet();
                send(submission, member.getUuid());
            } else {
                fail(submission, "lost with member " + Cluster.address(member) + " (" + cause.getClass().getSimpleName()
                        + "), after " + submission.attempts + " attempts; a task is retried at most " + maxRetries
                        + " times", true, cause);
            }
        } else {
            fail(submission, "sending it to member " + Cluster.address(member) + " failed: " + cause, false, cause);
        }
    }

    private void fail(Submission submission, String why, boolean memberLost, Throwable cause) {
        Member member = submission.member;
        String task = submission.index >= 0 ? "item " + submission.index : "the task";
        submission.future.completeExceptionally(new ClusterTaskFailedException(task + " failed: " + why,
                member == null ? "none" : Cluster.address(member), Math.max(1, submission.attempts),
                submission.index, memberLost, cause));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException
                || cause instanceof ExecutionException && !(cause instanceof MemberLeftException))
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static boolean isMemberLoss(Throwable cause) {
        return cause instanceof MemberLeftException || cause instanceof TargetNotMemberException
                || cause instanceof TargetDisconnectedException || cause instanceof HazelcastInstanceNotActiveException
                || cause instanceof RejectedExecutionException;
    }

    private static List<CompletableFuture<?>> futures(List<Submission> submissions) {
        List<CompletableFuture<?>> futures = new ArrayList<>(submissions.size());
        submissions.forEach(submission -> futures.add(submission.future));
        return futures;
    }

    /** The first failure of finished submissions, with the others suppressed; {@code null} if none failed. */
    private static ClusterTaskFailedException failureOf(List<Submission> submissions) {
        ClusterTaskFailedException first = null;
        for (Submission submission : submissions) {
            ClusterTaskFailedException failure = failureOf(submission);
            if (failure == null) {
                continue;
            }
            if (first == null) {
                first = failure;
            } else {
                first.addSuppressed(failure);
            }
        }
        return first;
    }

    /** The failure of a finished submission, or {@code null} if it succeeded. */
    private static ClusterTaskFailedException failureOf(Submission submission) {
        return failureOf(submission.future, submission.index);
    }

    /** The failure of a finished task's future, or {@code null} if it succeeded. */
    private static ClusterTaskFailedException failureOf(CompletableFuture<?> future, int index) {
        if (!future.isCompletedExceptionally()) {
            return null;
        }
        try {
            future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ClusterTaskFailedException) {
                return (ClusterTaskFailedException) e.getCause();
            }
            return new ClusterTaskFailedException("failed: " + e.getCause(), "none", 1, index, false, e.getCause());
        } catch (CancellationException e) {
            return new ClusterTaskFailedException("cancelled", "none", 0, index, false, e);
        }
        throw new IllegalStateException("completed exceptionally but joined");
    }

    private static long saturatedNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
