package io.github.multiprocess4j.core.internal.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Waiting on the futures of several tasks at once, the same way in every pool: {@code invokeAll} waits for all,
 * {@code invokeAny} for the first success, a fail-fast {@code map} for all or the first failure. Each method only
 * waits on, and at most cancels, the futures it is given: what a cancellation does where a task runs is the
 * future's own business (a {@code ProcessPool} kills the worker, a {@code ClusterPool} asks the member to interrupt
 * the task). Stateless; every method may be called from any thread.
 */
public final class TaskFutures {

    private TaskFutures() {
    }

    /**
     * Waits until every future is done: normally, exceptionally or cancelled.
     *
     * @param <T> the futures' result type, as the caller knows it
     * @param futures the futures
     * @return the same futures, in the same order, all done
     * @throws InterruptedException if the calling thread is interrupted while waiting; then every future not yet
     *     done is cancelled (with {@code mayInterruptIfRunning}) before this throws
     */
    @SuppressWarnings("unchecked")
    public static <T> List<CompletableFuture<T>> awaitAll(List<? extends CompletableFuture<?>> futures)
            throws InterruptedException {
        try {
            for (CompletableFuture<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException | CancellationException e) {
                    // reported through the future
                }
            }
        } catch (InterruptedException e) {
            futures.forEach(future -> future.cancel(true));
            throw e;
        }
        List<CompletableFuture<T>> done = new ArrayList<>(futures.size());
        futures.forEach(future -> done.add((CompletableFuture<T>) future));
        return done;
    }

    /**
     * Waits for the first future to complete normally and returns its value; then, and whatever happens, cancels
     * all of them (with {@code mayInterruptIfRunning}): those still running are not wanted any more.
     *
     * @param futures the futures, at least one
     * @param everyOneFailed makes the exception to throw when every future failed (or was cancelled); called once
     *     every future is done, with the failure that ended the wait
     * @return the value of a future that completed normally: the first, or, if the last ones completed together,
     *     the first of the list among them
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public static Object awaitFirstSuccess(List<? extends CompletableFuture<?>> futures,
            Function<ExecutionException, ? extends RuntimeException> everyOneFailed) throws InterruptedException {
        CompletableFuture<Object> firstSuccess = new CompletableFuture<>();
        futures.forEach(future -> future.thenAccept(firstSuccess::complete));
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> {
            // this may run before a successful future's thenAccept above: look for one first
            for (CompletableFuture<?> future : futures) {
                if (!future.isCompletedExceptionally()) {
                    firstSuccess.complete(future.join());
                    return;
                }
            }
            firstSuccess.completeExceptionally(new IllegalStateException("every task failed"));
        });
        try {
            return firstSuccess.get();
        } catch (ExecutionException e) {
            throw everyOneFailed.apply(e);
        } finally {
            futures.forEach(future -> future.cancel(true));
        }
    }

    /**
     * Waits until every future has completed normally or one has completed exceptionally (cancelled included).
     *
     * @param futures the futures
     * @return {@code true} if one failed, {@code false} if all succeeded
     * @throws InterruptedException if the calling thread is interrupted while waiting; the futures are left as they
     *     are
     */
    public static boolean awaitFirstFailure(List<? extends CompletableFuture<?>> futures) throws InterruptedException {
        CompletableFuture<Void> failed = new CompletableFuture<>();
        futures.forEach(future -> future.whenComplete((value, failure) -> {
            if (failure != null) {
                failed.complete(null);
            }
        }));
        CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
        try {
            CompletableFuture.anyOf(failed, all).get();
        } catch (ExecutionException e) {
            // allOf failed: so did one of the futures, and failed is complete
        }
        return failed.isDone();
    }
}
