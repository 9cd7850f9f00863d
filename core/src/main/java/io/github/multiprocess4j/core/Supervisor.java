package io.github.multiprocess4j.core;

import io.github.multiprocess4j.core.internal.channel.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workers of a {@link ProcessPool} as processes: it starts them, up to the pool's size, and hands each to the
 * {@link Dispatcher}; when one dies it fails the task that died with it and starts another where the pool still
 * wants one. Workers that keep dying before they even connect (a bad JVM argument, say), or whose initializer keeps
 * failing, break the pool: the waiting tasks fail with the reason, and no more are taken. It also tells when the pool
 * has terminated: shut down, with no task waiting and no worker left or starting.
 *
 * <p>Thread-safe. Its lock guards the workers being started and the verdicts on the pool; it may take the
 * dispatcher's lock while it holds its own, never the other way round. Processes are started outside it.
 */
final class Supervisor {

    /**
     * Workers dying before they connect, or failing the pool's initializer, this many times in a row mean they cannot
     * start at all.
     */
    private static final int MAX_FAILED_STARTS = 3;

    private final String poolName;
    private final PoolSettings settings;
    private final ClassLoader loader;
    private final Dispatcher dispatcher;
    private final AtomicInteger workerNumbers = new AtomicInteger();
    /** Workers that could not start, in a row; a task's answer from any worker starts the count again. */
    private final AtomicInteger failedStarts = new AtomicInteger();
    private final CountDownLatch terminated = new CountDownLatch(1);

    private final Object lock = new Object();
    // guarded by lock
    /** Workers being started, not yet counted by the dispatcher. */
    private int starting;
    private String brokenBecause;

    Supervisor(String poolName, PoolSettings settings, ClassLoader loader, Dispatcher dispatcher) {
        this.poolName = poolName;
        this.settings = settings;
        this.loader = loader;
        this.dispatcher = dispatcher;
    }

    /**
     * Starts the pool's workers, one after another.
     *
     * @throws UncheckedIOException if one cannot be started; those started before go on
     */
    void startAll() {
        for (int i = 0; i < settings.workers(); i++) {
            synchronized (lock) {
                starting++;
            }
            startWorker();
        }
    }

    /** A task waits: starts another worker if the pool has fewer than its size. */
    void workerWanted() {
        synchronized (lock) {
            if (!dispatcher.wantsWorker(false, starting)) {
                return;
            }
            starting++;
        }
        startWorker();
    }

    /**
     * Starts a worker for which {@link #starting} has been counted.
     *
     * @throws UncheckedIOException if its JVM cannot be started
     */
    private void startWorker() {
        PoolWorker worker;
        try {
            worker = new PoolWorker(poolName, workerNumbers.incrementAndGet(), settings, loader, this::answered);
        } catch (IOException | RuntimeException e) {
            synchronized (lock) {
                starting--;
                checkTerminated();
            }
            throw new UncheckedIOException("cannot start a worker JVM for " + poolName + ": " + e.getMessage(),
                    e instanceof IOException ? (IOException) e : new IOException(e));
        }
        synchronized (lock) {
            starting--;
            dispatcher.add(worker);
        }
        worker.gone().thenAccept(exitCode -> workerGone(worker, exitCode));
        dispatcher.workerReady(worker);
    }

    /** A worker answered; a task's answer shows that workers can start, a failed initializer that they cannot. */
    private void answered(PoolWorker worker, Answer answer) {
        if (dispatcher.answered(worker, answer)) {
            failedStarts.incrementAndGet();
        } else {
            failedStarts.set(0);
        }
    }

    /**
     * A worker's JVM is gone: fail the task that died with it, and start another where the pool still wants one
     * (also in place of one that was retired, when tasks came while it was going: they could not start another, as
     * it still counted). Workers that keep dying before they connect, other than those the pool stopped itself,
     * break the pool.
     */
    private void workerGone(PoolWorker worker, int exitCode) {
        worker.exited();
        boolean neverStarted = !worker.connected();
        Dispatcher.Gone gone;
        List<PoolTask> abandoned = List.of();
        String broken = null;
        boolean replace;
        synchronized (lock) {
            gone = dispatcher.workerGone(worker, neverStarted);
            if (!gone.withdrawn() && (neverStarted || gone.diedInitializing())) {
                failedStarts.incrementAndGet();
            } else if (!gone.withdrawn()) {
                failedStarts.set(0);
            }
            if (failedStarts.get() >= MAX_FAILED_STARTS && dispatcher.state() != Dispatcher.State.STOPPED) {
                brokenBecause = poolName + " is broken: " + MAX_FAILED_STARTS + " worker JVMs in a row "
                        + whyNotStarted(worker, exitCode, gone.diedInitializing());
                abandoned = dispatcher.breakDown(brokenBecause);
            }
            broken = brokenBecause;
            replace = dispatcher.wantsWorker(gone.replaceWhenGone(), starting);
            if (replace) {
                starting++;
            }
            checkTerminated();
        }
        if (gone.lost() != null) {
            String note = gone.replaceWhenGone() || broken != null ? "" : " (the pool was stopped)";
            worker.failLost(gone.lost(), exitCode, note);
        }
        for (PoolTask task : abandoned) {
            task.future.completeExceptionally(new RejectedExecutionException(broken));
        }
        if (replace) {
            try {
                startWorker();
            } catch (UncheckedIOException e) {
                breakDown(e);
            }
        }
    }

    /** Why the last of the workers that could not start did not, for the message of a broken pool. */
    private static String whyNotStarted(PoolWorker worker, int exitCode, boolean diedInitializing) {
        String initializerFailure = worker.initializerFailure();
        if (initializerFailure != null) {
            return "failed their initializer; the last with " + initializerFailure;
        }
        return (diedInitializing ? "died running their initializer" : "died before starting") + "; the last "
                + ExitCodes.describe(exitCode) + worker.describeStderr();
    }

    /** A replacement could not be started: the pool cannot go on, and every waiting task fails with the reason. */
    private void breakDown(RuntimeException cause) {
        List<PoolTask> abandoned;
        synchronized (lock) {
            brokenBecause = poolName + " is broken: " + cause.getMessage();
            abandoned = dispatcher.breakDown(brokenBecause);
            checkTerminated();
        }
        abandoned.forEach(task -> task.future.completeExceptionally(cause));
    }

    /**
     * Stops at once: the tasks not yet started are cancelled, and every worker is killed, failing the task it runs.
     *
     * @return the tasks that never started, as submitted
     */
    List<PoolTask> stopNow() {
        List<PoolTask> neverStarted;
        List<PoolWorker> toKill;
        synchronized (lock) {
            if (isTerminated()) {
                return List.of();
            }
            neverStarted = dispatcher.stopNow();
            toKill = dispatcher.workers();
            checkTerminated();
        }
        neverStarted.forEach(task -> task.future.cancel(false));
        toKill.forEach(PoolWorker::kill);
        return neverStarted;
    }

    /** Counts the pool terminated once it is, after a shutdown or a death. */
    void checkTerminated() {
        synchronized (lock) {
            if (starting == 0 && terminated.getCount() > 0 && dispatcher.finished()) {
                terminated.countDown();
            }
        }
    }

    boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    /** Waits for the pool to terminate, at most {@code timeout}; zero or negative does not wait. */
    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    /** Waits for the pool to terminate. */
    void awaitTermination() throws InterruptedException {
        terminated.await();
    }
}
