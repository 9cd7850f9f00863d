package io.github.multiprocess4j.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A body run on its own daemon thread, with what tests ask of it: its result, its failure, whether it waits. Public
 * for the tests of {@code SharedQueue}, in the shm module.
 */
public final class Spawned<T> {

    /** How long a test waits for something that should happen promptly before calling it hung. */
    public static final Duration PATIENCE = Duration.ofSeconds(10);

    private static final Set<Thread.State> WAITING = EnumSet.of(Thread.State.WAITING, Thread.State.TIMED_WAITING);
    /**
     * Where a waiting room's poller of a structure in shared memory sleeps in the kernel, its state {@code RUNNABLE}:
     * listening on its JVM's doorbell, or on a futex.
     */
    private static final Set<String> KERNEL_SLEEPS = Set.of("io.github.multiprocess4j.ipc.DoorbellListener.listen",
            "io.github.multiprocess4j.ipc.Futex.await");

    /** A body that returns nothing. */
    public interface Body {
        void run() throws Exception;
    }

    private final FutureTask<T> task;
    private final Thread thread;

    private Spawned(Callable<T> body, String name) {
        task = new FutureTask<>(body);
        thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    public static <T> Spawned<T> call(String name, Callable<T> body) {
        return new Spawned<>(body, name);
    }

    public static Spawned<Void> run(String name, Body body) {
        return new Spawned<>(() -> {
            body.run();
            return null;
        }, name);
    }

    /** The body's result; rethrows what it threw. */
    public T result() throws Exception {
        try {
            return task.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        } catch (TimeoutException e) {
            throw new AssertionError(thread.getName() + " did not finish within " + PATIENCE, e);
        }
    }

    /** What the body threw; fails the test if it returned instead. */
    public Throwable failure() throws InterruptedException {
        try {
            T value = task.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            return fail("%s returned %s instead of throwing", thread.getName(), value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError(thread.getName() + " did not finish within " + PATIENCE, e);
        }
    }

    public boolean isDone() {
        return task.isDone();
    }

    /**
     * Waits until the thread is parked or asleep in the kernel (in the queue call it makes, for the bodies in these
     * tests).
     */
    public Spawned<T> awaitWaiting() throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!isWaiting()) {
            assertThat(task.isDone()).as("%s finished instead of waiting", thread.getName()).isFalse();
            assertThat(System.nanoTime() - deadline).as("%s never waited", thread.getName()).isNegative();
            Thread.sleep(1);
        }
        return this;
    }

    private boolean isWaiting() {
        Thread.State state = thread.getState();
        if (WAITING.contains(state)) {
            return true;
        }
        if (state == Thread.State.RUNNABLE) {
            for (StackTraceElement frame : thread.getStackTrace()) {
                if (KERNEL_SLEEPS.contains(frame.getClassName() + "." + frame.getMethodName())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Asserts that the body is still running (waiting) after {@code delay}. */
    public void assertStillWaitingAfter(Duration delay) throws InterruptedException {
        Thread.sleep(delay.toMillis());
        assertThat(task.isDone()).as("%s should still be waiting", thread.getName()).isFalse();
    }

    public void interrupt() {
        thread.interrupt();
    }
}
