package io.github.multiprocess4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessPoolTest {

    private static final List<Integer> THOUSAND = IntStream.range(0, 1000).boxed().collect(Collectors.toList());

    @Test
    void aThousandTinyTasksComeBackInOrderFromReusedWorkers() throws Exception {
        try (ProcessPool pool = ProcessPool.create(2)) {
            List<Integer> squares = pool.map(THOUSAND, x -> x * x);
            List<Long> pids = pool.map(THOUSAND, x -> ProcessHandle.current().pid());

            assertThat(squares).hasSize(1000).isEqualTo(THOUSAND.stream().map(x -> x * x).collect(Collectors.toList()));
            assertThat(pids.stream().distinct()).hasSizeBetween(1, 2)
                    .doesNotContain(ProcessHandle.current().pid());
        }
    }

    @Test
    void chunkedMapGivesTheSameResults() throws Exception {
        try (ProcessPool pool = ProcessPool.create(2)) {
            assertThat(pool.map(THOUSAND, x -> x + 1, 64)).isEqualTo(pool.map(THOUSAND, x -> x + 1));
            assertThat(pool.map(List.of(), x -> x, 10)).isEmpty();
            assertThat(pool.map(THOUSAND, x -> x, 1000)).as("one chunk bigger than a pipe's buffer")
                    .isEqualTo(THOUSAND);
        }
    }

    @Test
    void mapWithoutAChunkSizePicksPythonsAboutFourChunksPerWorker() throws Exception {
        assertThat(ProcessPool.autoChunkSize(0, 2)).isEqualTo(1);
        assertThat(ProcessPool.autoChunkSize(7, 2)).isEqualTo(1);
        assertThat(ProcessPool.autoChunkSize(8, 2)).isEqualTo(1);
        assertThat(ProcessPool.autoChunkSize(9, 2)).isEqualTo(2);
        assertThat(ProcessPool.autoChunkSize(1000, 2)).isEqualTo(125);
        assertThat(ProcessPool.autoChunkSize(Integer.MAX_VALUE, 1)).isEqualTo(536_870_912);
        try (ProcessPool pool = ProcessPool.create(2)) {
            List<Long> pids = pool.map(THOUSAND, x -> ProcessHandle.current().pid());
            long runs = IntStream.range(1, pids.size()).filter(i -> !pids.get(i).equals(pids.get(i - 1))).count() + 1;
            assertThat(runs).as("runs of items on one worker: one per chunk at most").isLessThanOrEqualTo(8);
            LaunchException failure = catchThrowableOfType(LaunchException.class,
                    () -> pool.map(THOUSAND, x -> 100 / (x - 500)));
            assertThat(failure.failures()).singleElement().satisfies(only -> assertThat(only.index()).isEqualTo(500));
            assertThat(failure.results().subList(0, 500)).doesNotContainNull();
        }
    }

    @Test
    void aFailingItemIsReportedWithItsIndexAndTheOtherResultsKept() throws Exception {
        try (ProcessPool pool = ProcessPool.create(2)) {
            for (int chunkSize : new int[] {1, 4}) {
                LaunchException failure = catchThrowableOfType(LaunchException.class,
                        () -> pool.map(List.of(1, 2, 0, 4, 5), x -> 100 / x, chunkSize));

                assertThat(failure.failures()).singleElement().satisfies(only -> {
                    assertThat(only.index()).isEqualTo(2);
                    assertThat(only.getCause()).isInstanceOf(ArithmeticException.class);
                });
                assertThat(failure.results().subList(0, 2)).containsExactly(100, 50);
            }
        }
    }

    @Test
    void submitReturnsFuturesAndExceptionsArriveThroughThem() throws Exception {
        try (ProcessPool pool = ProcessPool.create(2)) {
            CompletableFuture<Integer> answer = pool.submit(() -> 6 * 7);
            CompletableFuture<Void> nothing = pool.submit(() -> Thread.sleep(10));
            CompletableFuture<Object> boom = pool.submit(() -> {
                throw new IllegalStateException("boom");
            });

            assertThat(answer.get()).isEqualTo(42);
            assertThat(nothing.get()).isNull();
            assertThat(catchThrowableOfType(ExecutionException.class, boom::get).getCause())
                    .isInstanceOf(TaskFailedException.class)
                    .cause().isInstanceOf(IllegalStateException.class).hasMessage("boom");
        }
    }

    @Test
    void aWorkerKilledMidTaskFailsOnlyThatTaskAndIsReplaced(@TempDir Path temp) throws Exception {
        try (ProcessPool pool = ProcessPool.create(2)) {
            String marker = temp.resolve("pid").toString();
            CompletableFuture<Long> victim = pool.submit(() -> ChildTasks.writePidThenSleep(marker));
            long pid = awaitPid(Paths.get(marker));

            long killedAt = System.nanoTime();
            new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
            Throwable failure = catchThrowableOfType(ExecutionException.class, victim::get).getCause();

            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(1));
            assertThat(failure).isInstanceOf(TaskFailedException.class)
                    .hasMessageContaining("killed by signal 9", "while running this task");
            assertThat(((TaskFailedException) failure).exitCode()).hasValue(137);
            assertThat(pool.map(IntStream.range(0, 100).boxed().collect(Collectors.toList()), x -> x * 2))
                    .hasSize(100).startsWith(0, 2, 4);
        }
    }

    @Test
    void aWorkerKilledInABurstOfQuickTasksFailsAtMostTheOneItWasRunning() throws Exception {
        try (ProcessPool pool = ProcessPool.create(2)) {
            List<CompletableFuture<String>> burst = IntStream.range(0, 4000)
                    .mapToObj(i -> pool.submit(() -> i + " " + ProcessHandle.current().pid()))
                    .collect(Collectors.toList());
            String early = burst.get(200).get();
            long victim = Long.parseLong(early.substring(early.indexOf(' ') + 1));
            new ProcessBuilder("kill", "-9", Long.toString(victim)).start().waitFor();

            int failed = 0;
            for (int i = 0; i < burst.size(); i++) {
                try {
                    String answer = burst.get(i).get();
                    assertThat(answer).startsWith(i + " ");
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(TaskFailedException.class)
                            .hasMessageContaining("while running this task");
                    failed++;
                }
            }
            assertThat(failed).as("tasks failed by one kill; those queued behind it must run elsewhere")
                    .isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aTaskSubmittedAfterAnIdleWorkerDiedRunsOnAnotherWorker() throws Exception {
        try (ProcessPool pool = ProcessPool.builder(1).output(Output.DISCARD).build()) {
            for (int attempt = 0; attempt < 5; attempt++) {
                long pid = pool.submit(() -> ProcessHandle.current().pid()).get();
                ProcessHandle idle = ProcessHandle.of(pid).orElseThrow();
                idle.destroyForcibly();
                idle.onExit().get(10, TimeUnit.SECONDS);

                CompletableFuture<Long> next = pool.submit(() -> ProcessHandle.current().pid());

                assertThat(next.get(30, TimeUnit.SECONDS)).as("attempt %d", attempt).isNotEqualTo(pid);
            }
        }
    }

    @Test
    void closingRightAfterATasksWorkerDiedDoesNotWaitForever() throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            ProcessPool pool = ProcessPool.builder(1).output(Output.DISCARD).build();
            CompletableFuture<Object> dies = pool.submit(() -> {
                Runtime.getRuntime().halt(9);
                return null;
            });
            assertThat(catchThrowableOfType(ExecutionException.class, dies::get).getCause())
                    .hasMessageContaining("exited with code 9");

            pool.close();

            assertThat(pool.isTerminated()).as("attempt %d", attempt).isTrue();
        }
    }

    @Test
    void aWorkerThatExitsIsReportedWithItsExitCode() throws Exception {
        try (ProcessPool pool = ProcessPool.builder(1).output(Output.DISCARD).build()) {
            CompletableFuture<Object> exits = pool.submit(() -> {
                System.exit(7);
                return null;
            });

            assertThat(catchThrowableOfType(ExecutionException.class, exits::get).getCause())
                    .hasMessageContaining("exited with code 7");
            assertThat(pool.submit(() -> "still serving").get()).isEqualTo("still serving");
        }
    }

    @Test
    void cancellingARunningTaskKillsAndReplacesItsWorker(@TempDir Path temp) throws Exception {
        try (ProcessPool pool = ProcessPool.create(1)) {
            String marker = temp.resolve("pid").toString();
            CompletableFuture<Long> hangs = pool.submit(() -> ChildTasks.writePidThenSleep(marker));
            CompletableFuture<String> queued = pool.submit(() -> "after the hang");
            long pid = awaitPid(Paths.get(marker));

            assertThat(hangs.cancel(true)).isTrue();

            assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("after the hang");
            assertThat(hangs).isCancelled();
            awaitGone(pid);
        }
    }

    @Test
    void aTaskCancelledBeforeItsWorkerConnectedDoesNotRunOnTheReplacement(@TempDir Path temp) throws Exception {
        Path marker = temp.resolve("pid");
        String markerName = marker.toString();
        ProcessPool pool = ProcessPool.create(1);
        try {
            CompletableFuture<Long> cancelled = pool.submit(() -> ChildTasks.writePidThenSleep(markerName));
            assertThat(cancelled.cancel(true)).isTrue();    // its worker is still starting, and is killed

            assertThat(pool.submit(() -> "next").get(30, TimeUnit.SECONDS)).isEqualTo("next");
            long closing = System.nanoTime();
            pool.close();
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(20));
            assertThat(marker).doesNotExist();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void cancellingAWaitingTaskRemovesIt() throws Exception {
        try (ProcessPool pool = ProcessPool.create(1)) {
            CompletableFuture<Void> first = pool.submit(() -> Thread.sleep(300));
            CompletableFuture<String> second = pool.submit(() -> "never");
            CompletableFuture<String> third = pool.submit(() -> "third");

            assertThat(second.cancel(false)).isTrue();

            assertThat(third.get()).isEqualTo("third");
            assertThat(first).isCompleted();
            assertThat(second).isCancelled();
        }
    }

    @Test
    void invokeAnyReturnsTheFirstSuccessAndCancelsTheRest() throws Exception {
        try (ProcessPool pool = ProcessPool.create(2)) {
            Task<String> slow = () -> {
                Thread.sleep(60_000);
                return "slow";
            };
            Task<String> fast = () -> "fast";

            long start = System.nanoTime();
            assertThat(pool.invokeAny(List.of(slow, fast))).isEqualTo("fast");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));

            Task<String> failing = () -> {
                throw new IllegalStateException("no");
            };
            LaunchException allFailed = catchThrowableOfType(LaunchException.class,
                    () -> pool.invokeAny(List.of(failing, failing)));
            assertThat(allFailed.failures()).hasSize(2).extracting(TaskFailedException::index).containsExactly(0, 1);
        }
    }

    @Test
    void invokeAllWaitsForEveryTask() throws Exception {
        try (ProcessPool pool = ProcessPool.create(2)) {
            List<CompletableFuture<Integer>> futures = pool.invokeAll(List.of(() -> 1, () -> 2, () -> 3));

            assertThat(futures).allMatch(CompletableFuture::isDone).extracting(CompletableFuture::join)
                    .containsExactly(1, 2, 3);
        }
    }

    @Test
    void shutdownFinishesQueuedTasksAndAwaitTerminationHonoursItsTimeout() throws Exception {
        ProcessPool pool = ProcessPool.create(1);
        CompletableFuture<Void> slow = pool.submit(() -> Thread.sleep(700));
        CompletableFuture<String> queued = pool.submit(() -> "queued");

        pool.shutdown();

        assertThat(pool.isShutdown()).isTrue();
        assertThatThrownBy(() -> pool.submit(() -> 1)).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("shut down");
        long start = System.nanoTime();
        assertThat(pool.awaitTermination(Duration.ofMillis(100))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(95), Duration.ofSeconds(2));
        assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.isTerminated()).isTrue();
        assertThat(slow).isCompleted();
        assertThat(queued.get()).isEqualTo("queued");
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void shutdownNowKillsWorkersAndReturnsTheUnstartedTasks(@TempDir Path temp) throws Exception {
        ProcessPool pool = ProcessPool.create(1);
        String marker = temp.resolve("pid").toString();
        CompletableFuture<Long> running = pool.submit(() -> ChildTasks.writePidThenSleep(marker));
        Task<String> waiting = () -> "waiting";
        CompletableFuture<String> waitingFuture = pool.submit(waiting);
        awaitPid(Paths.get(marker));

        List<java.io.Serializable> neverStarted = pool.shutdownNow();

        assertThat(neverStarted).containsExactly(waiting);
        assertThat(waitingFuture).isCancelled();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(catchThrowableOfType(ExecutionException.class, running::get).getCause())
                .isInstanceOf(TaskFailedException.class).hasMessageContaining("killed");
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void staticStateSurvivesBetweenTasksUnlessEachTaskGetsAFreshWorker() throws Exception {
        try (ProcessPool pool = ProcessPool.create(1)) {
            assertThat(pool.map(List.of(1, 2, 3), x -> ChildTasks.STATIC_LIST.add("x") ? ChildTasks.STATIC_LIST.size() : -1))
                    .containsExactly(1, 2, 3);
        }
        try (ProcessPool fresh = ProcessPool.builder(1).maxTasksPerWorker(1).build()) {
            List<Integer> sizes = fresh.map(List.of(1, 2, 3),
                    x -> ChildTasks.STATIC_LIST.add("x") ? ChildTasks.STATIC_LIST.size() : -1);
            List<Long> pids = fresh.map(List.of(1, 2, 3), x -> ProcessHandle.current().pid());

            assertThat(sizes).containsExactly(1, 1, 1);
            assertThat(pids).doesNotHaveDuplicates();
        }
    }

    @Test
    void idleWorkersExitAndComeBackWhenWorkArrives() throws Exception {
        try (ProcessPool pool = ProcessPool.builder(1).idleTimeout(Duration.ofMillis(200)).build()) {
            long first = pool.submit(() -> ProcessHandle.current().pid()).get();
            awaitGone(first);

            long second = pool.submit(() -> ProcessHandle.current().pid()).get();

            assertThat(second).isNotEqualTo(first);
        }
    }

    /**
     * A worker retired for idling has exited, but the pool has not yet seen it go (it reads what the worker printed
     * to the end, and a process the task started holds that output open). A task submitted then waited for a worker
     * that was never started, for ever: the pool counted the dead one as its worker.
     */
    @Test
    void aTaskSubmittedWhileARetiredWorkerIsBeingReapedGetsANewWorker() throws Exception {
        ProcessPool pool = ProcessPool.builder(1).idleTimeout(Duration.ofMillis(100)).build();
        try {
            long first = pool.submit(() -> {
                new ProcessBuilder("sleep", "2").inheritIO().start();
                return ProcessHandle.current().pid();
            }).get();
            awaitGone(first);

            long second = pool.submit(() -> ProcessHandle.current().pid()).get();

            assertThat(second).isNotEqualTo(first);
        } finally {
            pool.shutdownNow();
            pool.close();
        }
    }

    /** A pool once kept its builder and read settings from it while running: a later change reached its workers. */
    @Test
    void changingTheBuilderAfterBuildChangesNoPool() throws Exception {
        ProcessPoolBuilder builder = ProcessPool.builder(1);
        try (ProcessPool pool = builder.build()) {
            builder.jvmArgs("-Dmultiprocess4j.test.changed=yes").maxTasksPerWorker(1)
                    .idleTimeout(Duration.ofMillis(50));
            pool.submit(() -> 0).get();
            Thread.sleep(300);

            List<Long> pids = pool.map(List.of(1, 2, 3), x -> ProcessHandle.current().pid());
            String property = pool.submit(() -> System.getProperty("multiprocess4j.test.changed")).get();

            assertThat(pids.stream().distinct()).as("neither retired after each task nor for idling").hasSize(1);
            assertThat(property).as("the workers' JVM arguments").isNull();
        }
    }

    @Test
    void aPoolWhoseWorkersCannotStartSaysWhy() throws Exception {
        try (ProcessPool pool = ProcessPool.builder(1).jvmArgs("-XX:+NoSuchOptionAnywhere").build()) {
            CompletableFuture<Integer> doomed = pool.submit(() -> 1);

            Throwable failure = catchThrowableOfType(ExecutionException.class,
                    () -> doomed.get(30, TimeUnit.SECONDS)).getCause();
            assertThat(failure).hasMessageContaining("NoSuchOptionAnywhere");
            assertThatThrownBy(() -> pool.submit(() -> 2)).isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("broken", "NoSuchOptionAnywhere");
        }
    }

    @Test
    void badArgumentsAreRefusedClearly() {
        assertThatThrownBy(() -> ProcessPool.create(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a pool needs at least 1 worker, got 0");
        assertThatThrownBy(() -> ProcessPool.builder(1).maxTasksPerWorker(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessPool.builder(1).output(Output.CAPTURE))
                .isInstanceOf(IllegalArgumentException.class);
        try (ProcessPool pool = ProcessPool.create(1)) {
            assertThatThrownBy(() -> pool.submit((Task<Integer>) null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("task");
            assertThatThrownBy(() -> pool.map(List.of(1), x -> x, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("chunkSize must be at least 1, got 0");
            assertThatThrownBy(() -> pool.map(null, x -> x)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> pool.invokeAny(List.of())).isInstanceOf(IllegalArgumentException.class);
            Thread notSerializable = new Thread(() -> { });
            assertThatThrownBy(() -> pool.submit(() -> notSerializable.getName()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Thread");
        }
    }

    /** Regression: a pool of {@code Integer.MAX_VALUE} workers went on starting JVMs until the machine gave out. */
    @Test
    void morePoolWorkersThanCanRunAreRefusedBeforeAnyStarts() {
        assertThatThrownBy(() -> ProcessPool.create(Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a pool has at most 32768 workers (Launch.MAX_WORKERS), got 2147483647");
        assertThatThrownBy(() -> ProcessPool.builder(Launch.MAX_WORKERS + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 32769");
    }

    /**
     * Regression: an idle timeout or a wait beyond 292 years failed with an ArithmeticException (long overflow),
     * the idle timeout as soon as a worker had nothing to do; a negative wait was taken for no wait at all.
     */
    @Test
    void enormousTimeoutsWaitAsLongAsItTakesAndNegativeOnesAreRefused() throws Exception {
        Duration enormous = Duration.ofSeconds(Long.MAX_VALUE);
        ProcessPool pool = ProcessPool.builder(1).idleTimeout(enormous).build();
        try (pool) {
            assertThat(pool.submit(() -> 7).get(30, TimeUnit.SECONDS)).isEqualTo(7);
            assertThatThrownBy(() -> pool.awaitTermination(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("timeout must not be negative, got PT-0.001S");
            assertThat(pool.awaitTermination(-1, TimeUnit.SECONDS)).as("ExecutorService's rule").isFalse();
        }

        assertThat(pool.awaitTermination(enormous)).isTrue();
    }

    /** Regression: the tasks before a null one were submitted, and ran, though the call failed. */
    @Test
    void aNullTaskAmongSeveralRunsNoneOfThem(@TempDir Path temp) throws Exception {
        String marker = temp.resolve("ran").toString();
        Task<Integer> writesMarker = () -> ChildTasks.touch(marker);
        try (ProcessPool pool = ProcessPool.create(1)) {
            assertThatThrownBy(() -> pool.invokeAll(Arrays.asList(writesMarker, null)))
                    .isInstanceOf(NullPointerException.class).hasMessage("task");
            assertThatThrownBy(() -> pool.invokeAny(Arrays.asList(writesMarker, null)))
                    .isInstanceOf(NullPointerException.class).hasMessage("task");
        }

        assertThat(Paths.get(marker)).as("written by a task that ran").doesNotExist();
    }

    /** The pid a task wrote once it started running. */
    private static long awaitPid(Path marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (Files.exists(marker)) {
                String pid = Files.readString(marker).trim();
                if (!pid.isEmpty()) {
                    return Long.parseLong(pid);
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the task never started");
    }

    private static void awaitGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    }
}
