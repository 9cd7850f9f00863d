package io.github.multiprocess4j.core;

import static io.github.multiprocess4j.core.Checks.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What thread and process workers share: a name, an index, and an outcome that completes once. */
abstract class AbstractWorker<T> implements Worker<T> {

    final String name;
    final int index;
    /** Completes with the result, or exceptionally with a {@link TaskFailedException}. */
    final CompletableFuture<T> outcome = new CompletableFuture<>();

    AbstractWorker(String name, int index) {
        this.name = name;
        this.index = index;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final void join() throws InterruptedException {
        try {
            outcome.get();
        } catch (ExecutionException e) {
            // failed: join only waits
        }
    }

    @Override
    public final boolean join(Duration timeout) throws InterruptedException {
        requireNonNull(timeout, "timeout");
        checkArgument(!timeout.isNegative(), "timeout must not be negative, got %s", timeout);
        try {
            outcome.get(Math.max(1, Durations.toNanos(timeout)), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            // failed: join only waits
        } catch (TimeoutException e) {
            return false;
        }
        return true;
    }

    @Override
    public final T result() throws InterruptedException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw (TaskFailedException) e.getCause();
        }
    }

    @Override
    public final CompletableFuture<Worker<T>> onExit() {
        return outcome.handle((value, failure) -> this);
    }

    /** The failure, or {@code null} if the worker succeeded; call only after it has finished. */
    final TaskFailedException failure() {
        if (!outcome.isCompletedExceptionally()) {
            return null;
        }
        try {
            outcome.join();
            throw new AssertionError("completed exceptionally but joined");
        } catch (java.util.concurrent.CompletionException e) {
            return (TaskFailedException) e.getCause();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + (outcome.isDone() ? ", done]" : ", running]");
    }
}
