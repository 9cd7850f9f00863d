package io.github.multiprocess4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.multiprocess4j.core.internal.channel.ChildMain;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessFailureTest {

    private static final LaunchOptions QUIET = Launch.options().output(Output.CAPTURE).build();

    @Test
    void systemExitIsReportedWithItsCode() throws Exception {
        TaskFailedException failure = failureOf(Launch.with(QUIET).process(() -> System.exit(3)));

        assertThat(failure.exitCode()).hasValue(3);
        assertThat(failure.getMessage()).contains("exited with code 3 before returning a result");
        assertThat(failure.getCause()).isNull();
    }

    @Test
    void haltIsReportedWithItsCode() throws Exception {
        TaskFailedException failure = failureOf(Launch.with(QUIET).process(() -> Runtime.getRuntime().halt(42)));

        assertThat(failure.exitCode()).hasValue(42);
        assertThat(failure.getMessage()).contains("exited with code 42");
    }

    @Test
    void runningOutOfMemoryIsReported() throws Exception {
        LaunchOptions small = QUIET.toBuilder().jvmArgs("-Xmx32m").build();

        TaskFailedException failure = failureOf(Launch.with(small).process(() -> {
            List<long[]> hog = new java.util.ArrayList<>();
            while (true) {
                hog.add(new long[1 << 20]);
            }
        }));

        assertThat(failure.getCause()).isInstanceOf(OutOfMemoryError.class);
        assertThat(failure.exitCode()).hasValue(ChildMain.EXIT_TASK_FAILED);
    }

    @Test
    void aStackOverflowIsReported() throws Exception {
        TaskFailedException failure = failureOf(Launch.with(QUIET).process(() -> recurse(0)));

        assertThat(failure.getCause()).isInstanceOf(StackOverflowError.class);
    }

    @Test
    void aChildKilledWithSigkillIsReportedWithinASecond() throws Exception {
        Worker<Void> worker = Launch.with(QUIET).process(() -> Thread.sleep(60_000));
        awaitStarted(worker);

        long killedAt = System.nanoTime();
        new ProcessBuilder("kill", "-9", Long.toString(worker.pid())).start().waitFor();
        TaskFailedException failure = failureOf(worker);

        assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(1));
        assertThat(failure.exitCode()).hasValue(137);
        assertThat(failure.getMessage()).contains("killed by signal 9 (SIGKILL, exit code 137)");
    }

    @Test
    void killAndTerminateStopAWorker() throws Exception {
        Worker<Void> killed = Launch.with(QUIET).process(() -> Thread.sleep(60_000));
        Worker<Void> terminated = Launch.with(QUIET).process(() -> Thread.sleep(60_000));
        awaitStarted(killed);
        awaitStarted(terminated);

        killed.kill();
        terminated.terminate();

        assertThat(failureOf(killed).exitCode()).hasValue(137);
        assertThat(failureOf(terminated).exitCode()).hasValue(143);
        assertThat(ProcessHandle.of(killed.pid())).isEmpty();
    }

    @Test
    void aTimeoutKillsTheChild() throws Exception {
        LaunchOptions oneSecond = QUIET.toBuilder().timeout(Duration.ofSeconds(1)).build();
        long start = System.nanoTime();

        LaunchException failure = catchThrowableOfType(LaunchException.class,
                () -> Launch.with(oneSecond).processes(1, () -> Thread.sleep(60_000)));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        TaskFailedException only = failure.failures().get(0);
        assertThat(only.timedOut()).isTrue();
        assertThat(only.getMessage()).contains("did not finish within 1 s and was killed");
        assertThat(ProcessHandle.of(only.pid()).map(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void interruptingTheWaitingThreadKillsTheChildren() throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                Launch.with(QUIET).processes(2, () -> Thread.sleep(60_000));
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        waiter.start();
        awaitChildren(2);

        waiter.interrupt();

        assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void failuresOfSeveralKindsAreAllReported() throws Exception {
        LaunchException failure = catchThrowableOfType(LaunchException.class,
                () -> Launch.with(QUIET).processes(4, i -> mixedOutcome(i)));

        assertThat(failure.failures()).extracting(TaskFailedException::index).containsExactly(1, 3);
        assertThat(failure.getSuppressed()).hasSize(1);
        assertThat(failure.getMessage()).startsWith("2 of 4 tasks failed: ")
                .contains("exited with code 5", "java.lang.ArithmeticException");
        assertThat(failure.results()).containsExactly("ok 0", null, "ok 2", null);
    }

    private static String mixedOutcome(int index) {
        if (index == 1) {
            System.exit(5);
        }
        if (index == 3) {
            throw new ArithmeticException("bad sum");
        }
        return "ok " + index;
    }

    @SuppressWarnings("InfiniteRecursion") // on purpose: the child's StackOverflowError is what the test reports
    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @Test
    void anAnswerIsDiscardedWhenItsChildThenExitsAsOneThatLostItsParent() throws Exception {
        TaskFailedException failure = failureOf(Launch.with(QUIET).process(() -> {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> Runtime.getRuntime().halt(ChildMain.EXIT_ORPHANED)));
            return "answered";
        }));

        assertThat(failure.exitCode()).hasValue(ChildMain.EXIT_ORPHANED);
        assertThat(failure.getMessage()).contains("exited with code " + ChildMain.EXIT_ORPHANED);
    }

    private static TaskFailedException failureOf(Worker<?> worker) {
        return catchThrowableOfType(TaskFailedException.class, worker::result);
    }

    /** A child counts as started once it has loaded the task, which a thread dump would show; a pause will do. */
    private static void awaitStarted(Worker<?> worker) throws InterruptedException {
        assertThat(worker.join(Duration.ofMillis(700))).isFalse();
    }

    private static void awaitChildren(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.current().children().count() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(300);
    }
}
