package io.github.multiprocess4j.core;

import io.github.multiprocess4j.core.internal.channel.Answer;
import io.github.multiprocess4j.core.internal.channel.ChildMain;
import io.github.multiprocess4j.core.internal.channel.ChildProcess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * One warm child JVM of a {@link ProcessPool}: it runs the tasks written to its input one after another and answers
 * each. Which tasks it gets is the {@link Dispatcher}'s business; when it starts and what follows its death, the
 * {@link Supervisor}'s. It turns its answers and its death into the outcome of the tasks it had.
 *
 * <p>Thread-safe. Tasks are written in the order they were assigned ({@link #assign}), whichever threads write
 * them. Writing a task is ordered against the verdict on the child's exit ({@link #exited()}), so that a task is
 * known to have reached it, or not, once it is gone.
 */
final class PoolWorker {

    /** Its number in the pool, from 1; replacements get new numbers. */
    final int number;
    final String name;
    private final ChildProcess child;

    /** How the pool's initializer failed here, or {@code null}. */
    private volatile String initializerFailure;

    /** The tasks assigned to it and not yet written, in the order the dispatcher assigned them. */
    private final Queue<PoolTask> outbox = new ConcurrentLinkedQueue<>();
    /** Orders the writing of tasks before the verdict on the child's exit, and one write after another. */
    private final Object sending = new Object();
    // guarded by sending
    private boolean exited;

    /**
     * Starts the worker's JVM.
     *
     * @param answers told of each answer, with this worker, in order, on one thread
     * @throws IOException if the process cannot be started
     */
    PoolWorker(String poolName, int number, PoolSettings settings, ClassLoader loader,
            BiConsumer<PoolWorker, Answer> answers) throws IOException {
        this.number = number;
        this.name = poolName + "-" + number;
        this.child = ChildProcess.start(name, settings.jvmArgs(), settings.output(), loader, ChildMain.POOL,
                answer -> answers.accept(this, answer), settings.environment(), settings.workingDirectory());
    }

    /**
     * Puts a task in line to be written to the child, behind those assigned before it: the {@link Dispatcher} calls
     * this under its lock, in the order in which it gives the worker tasks, so that the child runs them in that order
     * even when several threads then {@link #flush()} at once. Takes no lock.
     */
    void assign(PoolTask task) {
        outbox.add(task);
    }

    /**
     * Writes every task in line to the child, in order, and records on each written that it reached this worker.
     * Whichever thread calls this first writes what others assigned too; a thread that finds the line empty returns
     * at once, its tasks written already.
     *
     * @return the tasks not written, in order, because the child died before it could read them; usually none
     */
    List<PoolTask> flush() {
        synchronized (sending) {
            PoolTask task;
            while ((task = outbox.poll()) != null) {
                if (!send(task)) {
                    List<PoolTask> undelivered = new ArrayList<>();
                    undelivered.add(task);
                    while ((task = outbox.poll()) != null) {
                        undelivered.add(task);
                    }
                    return undelivered;
                }
            }
            return List.of();
        }
    }

    /** Writes one task, under {@link #sending}; {@code false} if the child died before it could read it. */
    private boolean send(PoolTask task) {
        if (exited) {
            return false;
        }
        try {
            child.sendTask(task.id, 0, task.encoded);
        } catch (IOException e) {
            return false;
        }
        task.reached(number);
        return true;
    }

    /**
     * Marks the child as exited: once this returns, every task written to it is marked as such, and no other will
     * be.
     */
    void exited() {
        synchronized (sending) {
            exited = true;
        }
    }

    /** Asks the child to exit once it has nothing left to do. */
    void retire() {
        child.askToExit();
    }

    /** Kills the child at once. */
    void kill() {
        child.kill();
    }

    /** Completes with the child's exit code once it is gone and its answers have been handled. */
    CompletableFuture<Integer> gone() {
        return child.gone();
    }

    /** Runs an action once the child has connected back (at once if it has); never if it does not. */
    void whenConnected(Runnable action) {
        child.whenConnected(action);
    }

    /** Whether the child got as far as connecting back: a worker that did not never started. */
    boolean connected() {
        return child.connected();
    }

    /** Completes a task with what this worker answered for it, decoded with the task's class loader. */
    void complete(PoolTask task, Answer answer) {
        try {
            if (!answer.isFailure()) {
                task.future.complete(answer.value(task.loader));
            } else {
                Throwable cause = answer.failure(task.loader);
                task.future.completeExceptionally(failure("failed: " + cause, null, cause));
            }
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            task.future.completeExceptionally(failure("sent back what cannot be read: " + e, null, e));
        }
    }

    /** Fails the task this worker was running when it died; {@code note} follows the reason. */
    void failLost(PoolTask task, int exitCode, String note) {
        task.future.completeExceptionally(failure(ExitCodes.describe(exitCode) + " while running this task" + note
                + describeStderr(), exitCode, null));
    }

    /**
     * The pool's initializer failed here: the worker is leaving, and {@code firstTask}, which it was to run first (if
     * one was waiting), fails with the initializer's exception.
     */
    void initializerFailed(PoolTask initializer, Answer answer, PoolTask firstTask) {
        Throwable cause;
        try {
            cause = answer.failure(initializer.loader);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            cause = e;
        }
        initializerFailure = String.valueOf(cause);
        if (firstTask != null) {
            firstTask.future.completeExceptionally(failure("could not run the task: the pool's initializer failed: "
                    + cause + "; the worker is replaced", null, cause));
        }
    }

    /** How the pool's initializer failed here, or {@code null} if it did not. */
    String initializerFailure() {
        return initializerFailure;
    }

    /** Fails a task that ran past its time limit on this worker, which is about to be killed for it. */
    void failTimedOut(PoolTask task) {
        String limit = Durations.describe(task.limit);
        TimeoutException cause = new TimeoutException("the task ran past its limit of " + limit);
        task.future.completeExceptionally(new TaskFailedException(this + " did not finish the task within " + limit
                + "; the worker was killed and is replaced", name, 0, child.pid(), null, true, cause));
    }

    /** The end of the child's standard error, to quote after a reason, or nothing. */
    String describeStderr() {
        String stderr = child.stderrTail();
        return stderr.isEmpty() ? "" : "; the end of its standard error:\n" + stderr;
    }

    private TaskFailedException failure(String what, Integer exitCode, Throwable cause) {
        return new TaskFailedException(this + " " + what, name, 0, child.pid(), exitCode, false, cause);
    }

    @Override
    public String toString() {
        return name + " (pid " + child.pid() + ")";
    }
}
