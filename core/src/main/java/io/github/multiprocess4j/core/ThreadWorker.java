package io.github.multiprocess4j.core;

import io.github.multiprocess4j.core.internal.channel.IoThreads;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** A task on a new platform thread of this JVM. */
final class ThreadWorker<T> extends AbstractWorker<T> {

    private static final long PID = ProcessHandle.current().pid();

    private final Thread thread;

    private ThreadWorker(String name, int index, IndexedTask<T> task) {
        super(name, index);
        thread = new Thread(() -> run(task), name);
    }

    static <T> ThreadWorker<T> start(String name, int index, IndexedTask<T> task, LaunchOptions options) {
        ThreadWorker<T> worker = new ThreadWorker<>(name, index, task);
        worker.thread.start();
        options.timeout().ifPresent(worker::limitTo);
        return worker;
    }

    private void run(IndexedTask<T> task) {
        try {
            outcome.complete(task.call(index));
        } catch (Throwable e) {
            outcome.completeExceptionally(new TaskFailedException(name + " failed: " + e, name, index, PID,
                    null, false, e));
        }
    }

    private void limitTo(Duration timeout) {
        var timer = IoThreads.TIMERS.schedule(() -> {
            TaskFailedException failure = new TaskFailedException(name + " did not finish within "
                    + Durations.describe(timeout) + " and was interrupted", name, index, PID, null, true, null);
            if (outcome.completeExceptionally(failure)) {
                thread.interrupt();
            }
        }, Durations.toNanos(timeout), TimeUnit.NANOSECONDS);
        outcome.whenComplete((value, failure) -> timer.cancel(false));
    }

    @Override
    public long pid() {
        return PID;
    }

    @Override
    public boolean isAlive() {
        return thread.isAlive();
    }

    @Override
    public OptionalInt exitCode() {
        return OptionalInt.empty();
    }

    @Override
    public void terminate() {
        thread.interrupt();
    }

    @Override
    public void kill() {
        thread.interrupt();
    }

    @Override
    public String output() {
        return "";
    }
}
