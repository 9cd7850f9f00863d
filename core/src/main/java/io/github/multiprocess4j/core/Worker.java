package io.github.multiprocess4j.core;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * One started task, on a thread or in a child JVM: Python's {@code Thread} or {@code Process} after
 * {@code start()}. Get one from {@link Launch#thread(Task)} or {@link Launch#process(Task)}; start several,
 * then join them all.
 *
 * <pre>{@code
 * List<Worker<Void>> workers = new ArrayList<>();
 * for (int i = 0; i < 5; i++) {
 *     workers.add(Launch.process(() -> doCalculation()));
 * }
 * for (Worker<Void> worker : workers) {
 *     worker.join();
 * }
 * }</pre>
 *
 * <p>Thread-safety: every method may be called from any thread, at any time. Waiting methods return as soon as
 * the worker has finished: for a child JVM, that is after it has exited and everything it printed has been
 * forwarded.
 *
 * @param <T> the type of the task's result
 */
public interface Worker<T> {

    /**
     * The worker's name, such as {@code process-3}, also the name of its thread when it runs on one.
     *
     * @return the name
     */
    String name();

    /**
     * The process the task runs in: the child JVM's pid, or this JVM's own pid for a thread.
     *
     * @return the process id
     */
    long pid();

    /**
     * Whether the task is still running. A thread abandoned after its time limit may still be alive.
     *
     * @return {@code true} until the thread or process has finished
     */
    boolean isAlive();

    /**
     * Waits until the worker has finished, successfully or not. Unlike {@link #result()}, does not throw when
     * the task failed.
     *
     * @throws InterruptedException if the calling thread is interrupted while waiting; the worker keeps running
     */
    void join() throws InterruptedException;

    /**
     * Waits at most {@code timeout} for the worker to finish.
     *
     * @param timeout how long to wait, not negative
     * @return {@code true} if the worker has finished, {@code false} if it is still running
     * @throws InterruptedException if the calling thread is interrupted while waiting; the worker keeps running
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    boolean join(Duration timeout) throws InterruptedException;

    /**
     * A future that completes with this worker once it has finished, successfully or not (as {@link #join()} would
     * return then): the JDK's {@code Process.onExit()}, Python's {@code sentinel}. It never completes exceptionally;
     * read the outcome with {@link #result()}. Each call returns a new future, so cancelling or completing one
     * touches neither the worker nor other callers' futures. {@link Launch#awaitAny} waits on several.
     *
     * @return a future of this worker, completed when it has finished
     */
    CompletableFuture<Worker<T>> onExit();

    /**
     * Waits for the worker to finish and returns its task's result.
     *
     * @return the result (for a {@link VoidTask}, {@code null})
     * @throws TaskFailedException if the task threw, timed out, or its process died or was killed first; the
     *     cause is the task's own exception when there is one
     * @throws InterruptedException if the calling thread is interrupted while waiting; the worker keeps running
     */
    T result() throws InterruptedException;

    /**
     * The exit code of a child JVM once it has finished: {@code 0} after a result, {@code 1} after the task threw,
     * the code passed to {@code System.exit}, or {@code 128 + n} when signal {@code n} killed it (137 for
     * SIGKILL). Like Python's {@code Process.exitcode}.
     *
     * @return the exit code; empty while running, and always for a thread
     */
    OptionalInt exitCode();

    /**
     * Asks the worker to stop: a child JVM gets SIGTERM (its shutdown hooks run), a thread is interrupted.
     * Does nothing if it has finished. Does not wait.
     */
    void terminate();

    /**
     * Stops the worker at once: a child JVM gets SIGKILL; a thread, which cannot be killed, is interrupted.
     * Does nothing if it has finished. Does not wait.
     */
    void kill();

    /**
     * What the child JVM printed, line by line in arrival order (standard output and error together), when it
     * was launched with {@link Output#CAPTURE}.
     *
     * @return the captured lines, each ending in {@code \n}; empty for other output modes and for threads
     */
    String output();
}
