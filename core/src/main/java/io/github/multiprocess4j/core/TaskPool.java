package io.github.multiprocess4j.core;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What every pool of workers offers, wherever its workers run: {@link ProcessPool}'s child JVMs on this machine, or
 * the members of a cluster ({@code ClusterPool} in the {@code multiprocess4j-cluster} module). Code written against
 * this interface runs on either, as Python code written for {@code multiprocessing.Pool} runs on Ray's.
 *
 * <pre>{@code
 * static List<String> fingerprints(TaskPool pool, List<Integer> items) throws InterruptedException {
 *     return pool.map(items, Fingerprint::of);
 * }
 *
 * static long countValid(TaskPool pool, Iterable<String> lines) {     // lazily, however many lines
 *     try (Stream<Boolean> valid = pool.imap(lines, Lines::isValid, 100)) {
 *         return valid.filter(Boolean::booleanValue).count();
 *     }
 * }
 * }</pre>
 *
 * <h2>Tasks</h2>
 * A task, and what it captures, must be serializable, and its classes on the workers' class path; one that is not is
 * refused when it is submitted, before anything runs. Results must be serializable too.
 *
 * <h2>Failures</h2>
 * A task that throws, or whose worker is lost for good, fails its future (or the call that waits for it) with the
 * implementation's exception, a {@link RuntimeException} named in its Javadoc: {@link TaskFailedException} and
 * {@link LaunchException} for a {@code ProcessPool}, {@code ClusterTaskFailedException} for a {@code ClusterPool}.
 * What happens to a task whose worker dies differs too: a {@code ProcessPool} fails that task only, a
 * {@code ClusterPool} runs it again elsewhere (so it may run twice).
 *
 * <h2>Lifetime</h2>
 * As an {@link java.util.concurrent.ExecutorService}: {@link #shutdown()} takes no new tasks and lets the submitted
 * ones finish, {@link #shutdownNow()} also stops the running ones and returns those not started, and {@link #close()}
 * shuts down and waits for the end.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public interface TaskPool extends AutoCloseable {

    /**
     * Runs a task on a worker.
     *
     * @param <T> the result type
     * @param task the task
     * @return the task's future
     * @throws java.util.concurrent.RejectedExecutionException if the pool has been shut down
     * @throws IllegalArgumentException if the task cannot be serialized
     * @throws NullPointerException if {@code task} is {@code null}
     */
    <T> CompletableFuture<T> submit(Task<T> task);

    /**
     * Runs a task that returns nothing on a worker.
     *
     * @param task the task
     * @return the task's future, completed with {@code null}
     * @throws java.util.concurrent.RejectedExecutionException if the pool has been shut down
     * @throws IllegalArgumentException if the task cannot be serialized
     * @throws NullPointerException if {@code task} is {@code null}
     */
    CompletableFuture<Void> submit(VoidTask task);

    /**
     * Applies a function to every item on the workers and returns the results in the items' order: Python's
     * {@code pool.map(f, items)}, with the implementation's choice of how many items go to a worker at once.
     *
     * @param <T> the item type, serializable
     * @param <R> the result type, serializable
     * @param items the items
     * @param function the function
     * @return the results, in the items' order
     * @throws InterruptedException if the calling thread is interrupted; the items not yet done are cancelled
     * @throws java.util.concurrent.RejectedExecutionException if the pool has been shut down
     * @throws NullPointerException if {@code items} or {@code function} is {@code null}
     */
    <T, R> List<R> map(Iterable<? extends T> items, MapTask<? super T, ? extends R> function)
            throws InterruptedException;

    /**
     * Like {@link #map(Iterable, MapTask)}, sending {@code chunkSize} items to a worker at once.
     *
     * @param <T> the item type, serializable
     * @param <R> the result type, serializable
     * @param items the items
     * @param function the function
     * @param chunkSize how many items make one task, at least 1
     * @return the results, in the items' order
     * @throws InterruptedException if the calling thread is interrupted; the items not yet done are cancelled
     * @throws IllegalArgumentException if {@code chunkSize} is less than 1
     * @throws java.util.concurrent.RejectedExecutionException if the pool has been shut down
     * @throws NullPointerException if {@code items} or {@code function} is {@code null}
     */
    <T, R> List<R> map(Iterable<? extends T> items, MapTask<? super T, ? extends R> function, int chunkSize)
            throws InterruptedException;

    /**
     * Applies a function to every item on the workers and streams the results back in the items' order as they
     * complete: Python's {@code pool.imap(f, items)}. The items are read lazily, a chunk at a time, while fewer than
     * the implementation's window of chunks are in flight, so an input larger than memory streams through; the
     * first items are submitted before this returns.
     *
     * <p>The stream must be closed, or consumed to the end: use try-with-resources. Closing it early, or its being
     * left unclosed and unreachable (then when the garbage collector finds it), cancels the items still in flight;
     * what a cancellation stops where an item runs is the implementation's. A failed item throws the
     * implementation's exception from the stream's terminal operation when its turn comes, after the results before
     * it; the items still in flight are cancelled then. An interrupt of the consuming thread while it waits cancels
     * the items in flight and throws a {@link java.util.concurrent.CancellationException}, keeping the interrupt
     * status. The stream is sequential and to be consumed by one thread at a time.
     *
     * @param <T> the item type, serializable
     * @param <R> the result type, serializable
     * @param items the items, read once, lazily
     * @param function the function
     * @return a sequential, ordered stream of the results, to be closed
     * @throws java.util.concurrent.RejectedExecutionException if the pool has been shut down
     * @throws NullPointerException if {@code items} or {@code function} is {@code null}
     */
    <T, R> Stream<R> imap(Iterable<? extends T> items, MapTask<? super T, ? extends R> function);

    /**
     * Like {@link #imap(Iterable, MapTask)}, sending {@code chunkSize} items to a worker at once.
     *
     * @param <T> the item type, serializable
     * @param <R> the result type, serializable
     * @param items the items, read once, lazily
     * @param function the function
     * @param chunkSize how many items make one task, at least 1
     * @return a sequential, ordered stream of the results, to be closed
     * @throws IllegalArgumentException if {@code chunkSize} is less than 1
     * @throws java.util.concurrent.RejectedExecutionException if the pool has been shut down
     * @throws NullPointerException if {@code items} or {@code function} is {@code null}
     */
    <T, R> Stream<R> imap(Iterable<? extends T> items, MapTask<? super T, ? extends R> function, int chunkSize);

    /**
     * Like {@link #imap(Iterable, MapTask)}, but each result is handed on as soon as it completes, with its item's
     * place: Python's {@code pool.imap_unordered(f, items)}. A quick item is not held back by a slow one before it.
     *
     * @param <T> the item type, serializable
     * @param <R> the result type, serializable
     * @param items the items, read once, lazily
     * @param function the function
     * @return a sequential stream of the results in completion order, each with its item's index, to be closed
     * @throws java.util.concurrent.RejectedExecutionException if the pool has been shut down
     * @throws NullPointerException if {@code items} or {@code function} is {@code null}
     */
    <T, R> Stream<Completed<R>> imapUnordered(Iterable<? extends T> items, MapTask<? super T, ? extends R> function);

    /**
     * Like {@link #imapUnordered(Iterable, MapTask)}, sending {@code chunkSize} items to a worker at once; the
     * results of one chunk are handed on together, when it completes.
     *
     * @param <T> the item type, serializable
     * @param <R> the result type, serializable
     * @param items the items, read once, lazily
     * @param function the function
     * @param chunkSize how many items make one task, at least 1
     * @return a sequential stream of the results in completion order, each with its item's index, to be closed
     * @throws IllegalArgumentException if {@code chunkSize} is less than 1
     * @throws java.util.concurrent.RejectedExecutionException if the pool has been shut down
     * @throws NullPointerException if {@code items} or {@code function} is {@code null}
     */
    <T, R> Stream<Completed<R>> imapUnordered(Iterable<? extends T> items, MapTask<? super T, ? extends R> function,
            int chunkSize);

    /**
     * Runs every task and waits until all have finished.
     *
     * @param <T> the result type
     * @param tasks the tasks
     * @return their futures, all done, in the tasks' order
     * @throws InterruptedException if the calling thread is interrupted; the tasks not yet done are cancelled
     * @throws NullPointerException if {@code tasks} or one of them is {@code null}
     */
    <T> List<CompletableFuture<T>> invokeAll(Collection<? extends Task<T>> tasks) throws InterruptedException;

    /**
     * Runs every task and returns the result of one that succeeded; the others are cancelled.
     *
     * @param <T> the result type
     * @param tasks the tasks, at least one
     * @return a successful task's result
     * @throws InterruptedException if the calling thread is interrupted
     * @throws IllegalArgumentException if {@code tasks} is empty
     * @throws NullPointerException if {@code tasks} or one of them is {@code null}
     */
    <T> T invokeAny(Collection<? extends Task<T>> tasks) throws InterruptedException;

    /** Takes no new tasks; those submitted still run. */
    void shutdown();

    /**
     * Takes no new tasks and stops the running ones.
     *
     * @return the tasks that had not started
     */
    List<Serializable> shutdownNow();

    /**
     * Whether {@link #shutdown()} or {@link #shutdownNow()} was called.
     *
     * @return {@code true} once shut down
     */
    boolean isShutdown();

    /**
     * Whether the pool is shut down and every task has ended.
     *
     * @return {@code true} once terminated
     */
    boolean isTerminated();

    /**
     * Waits for the pool to terminate after a shutdown.
     *
     * @param timeout how long to wait at most
     * @return whether it terminated in time
     * @throws InterruptedException if the calling thread is interrupted
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /**
     * Waits for the pool to terminate after a shutdown.
     *
     * @param timeout how long to wait at most
     * @param unit the unit of {@code timeout}
     * @return whether it terminated in time
     * @throws InterruptedException if the calling thread is interrupted
     */
    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException;

    /** Shuts the pool down and waits for its tasks to end. */
    @Override
    void close();
}
