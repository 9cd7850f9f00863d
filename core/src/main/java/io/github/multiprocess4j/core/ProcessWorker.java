package io.github.multiprocess4j.core;

import io.github.multiprocess4j.core.internal.channel.Answer;
import io.github.multiprocess4j.core.internal.channel.ChildMain;
import io.github.multiprocess4j.core.internal.channel.ChildProcess;
import io.github.multiprocess4j.core.internal.channel.IoThreads;
import java.io.IOException;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** A task in a child JVM of its own, which exits after answering. */
final class ProcessWorker<T> extends AbstractWorker<T> {

    /** Tasks this large are written to the child's standard input by another thread, as it may block. */
    private static final int ASYNC_SEND_BYTES = 32 * 1024;

    private final ClassLoader loader;
    private final ChildProcess child;
    private volatile boolean timedOut;
    private volatile Duration timeout;
    /** The answer, set by the frame reader before the child is gone: a value holder or a failure. */
    private volatile Object answer;
    private volatile boolean answered;

    private ProcessWorker(String name, int index, ClassLoader loader, LaunchOptions options) throws IOException {
        super(name, index);
        this.loader = loader;
        this.child = ChildProcess.start(name, options.jvmArgs(), options.output(), loader, ChildMain.ONCE,
                this::onAnswer, options.environment(), options.workingDirectory().orElse(null));
    }

    /**
     * Starts a child JVM and sends it the already serialized task.
     *
     * @throws java.io.UncheckedIOException if the child JVM cannot be started
     */
    static <T> ProcessWorker<T> start(String name, int index, Object task, byte[] serializedTask,
            LaunchOptions options) {
        ProcessWorker<T> worker;
        try {
            worker = new ProcessWorker<>(name, index, task.getClass().getClassLoader(), options);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot start a child JVM for " + name + ": " + e.getMessage(), e);
        }
        worker.send(index, serializedTask);
        options.timeout().ifPresent(worker::limitTo);
        worker.child.gone().thenAccept(worker::finish);
        return worker;
    }

    private void send(int index, byte[] task) {
        Runnable send = () -> {
            try {
                child.sendTask(0, index, task);
            } catch (IOException e) {
                // the child died before reading its task; its exit is reported
            }
        };
        if (task.length < ASYNC_SEND_BYTES) {
            send.run();
        } else {
            IoThreads.start(name + "-send", send);
        }
    }

    private void limitTo(Duration limit) {
        timeout = limit;
        var timer = IoThreads.TIMERS.schedule(() -> {
            if (child.isAlive()) {
                timedOut = true;
                child.kill();
            }
        }, Durations.toNanos(limit), TimeUnit.NANOSECONDS);
        outcome.whenComplete((value, failure) -> timer.cancel(false));
    }

    private void onAnswer(Answer received) {
        if (answered) {
            answer = new Failure(new java.io.StreamCorruptedException("the child sent a second answer"));
            return;
        }
        try {
            answer = received.isFailure() ? new Failure(received.failure(loader)) : received.value(loader);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            answer = new Failure(new IOException("cannot read what the child sent back: " + e, e));
        }
        answered = true;
    }

    /**
     * Decides the outcome once the child is gone. An answer counts only if the child then exited as a child that
     * answered does: one that exits because it lost its parent or broke the protocol did not send it.
     */
    @SuppressWarnings("unchecked")
    private void finish(int exitCode) {
        boolean answered = this.answered && exitCode != ChildMain.EXIT_ORPHANED && exitCode != ChildMain.EXIT_BROKEN;
        Object answer = this.answer;
        if (answered && !(answer instanceof Failure)) {
            outcome.complete((T) answer);
            return;
        }
        String who = name + " (pid " + pid() + ")";
        String message;
        Throwable cause = null;
        Throwable channelFailure = child.channelFailure();
        if (answered) {
            cause = ((Failure) answer).cause;
            message = who + " failed: " + cause;
        } else if (timedOut) {
            message = who + " did not finish within " + Durations.describe(timeout) + " and was killed";
        } else if (channelFailure != null) {
            cause = channelFailure;
            message = who + " could not report back: " + channelFailure.getMessage();
        } else {
            message = who + " " + ExitCodes.describe(exitCode) + " before returning a result";
            String stderr = child.stderrTail();
            if (!stderr.isEmpty()) {
                message += "; the end of its standard error:\n" + stderr;
            }
        }
        outcome.completeExceptionally(
                new TaskFailedException(message, name, index, pid(), exitCode, timedOut && !answered, cause));
    }

    /** Called by {@code Launch} to kill and wait for the children when its caller is interrupted. */
    void killAndAwait(long millis) {
        child.kill();
        try {
            child.gone().get(millis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // best effort: the kill has been sent
        }
    }

    @Override
    public long pid() {
        return child.pid();
    }

    @Override
    public boolean isAlive() {
        return !outcome.isDone();
    }

    @Override
    public OptionalInt exitCode() {
        return child.gone().isDone() ? OptionalInt.of(child.gone().join()) : OptionalInt.empty();
    }

    @Override
    public void terminate() {
        child.terminate();
    }

    @Override
    public void kill() {
        child.kill();
    }

    @Override
    public String output() {
        return child.output();
    }

    /** Marks a failure among answers, which may themselves be any value, exceptions included. */
    private static final class Failure {
        final Throwable cause;

        Failure(Throwable cause) {
            this.cause = cause;
        }
    }
}
