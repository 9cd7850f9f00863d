package io.github.multiprocess4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessPoolTimeoutTest {

    private static final List<Integer> HUNDRED = IntStream.range(0, 100).boxed().collect(Collectors.toList());

    @Test
    void aTaskPastItsLimitFailsWithATimeoutAndItsWorkerIsReplaced() throws Exception {
        try (ProcessPool pool = ProcessPool.builder(1).output(Output.DISCARD).build()) {
            long before = pool.submit(() -> ProcessHandle.current().pid()).get();

            long submittedAt = System.nanoTime();
            CompletableFuture<Long> hung = pool.submit(() -> {
                Thread.sleep(60_000);
                return 0L;
            }, Duration.ofMillis(500));
            CompletableFuture<Long> behind = pool.submit(() -> ProcessHandle.current().pid());
            Throwable failure = catchThrowableOfType(ExecutionException.class, hung::get).getCause();

            assertThat(Duration.ofNanos(System.nanoTime() - submittedAt)).isBetween(Duration.ofMillis(450),
                    Duration.ofSeconds(5));
            assertThat(failure).isInstanceOf(TaskFailedException.class)
                    .hasMessageContaining("did not finish the task within 500 ms", "killed")
                    .hasCauseInstanceOf(TimeoutException.class);
            assertThat(((TaskFailedException) failure).timedOut()).isTrue();
            assertThat(((TaskFailedException) failure).pid()).isEqualTo(before);
            long after = behind.get(10, TimeUnit.SECONDS);
            assertThat(after).as("the task queued behind runs on the replacement").isNotEqualTo(before);
            assertThat(pool.map(HUNDRED, x -> x + 1)).isEqualTo(HUNDRED.stream().map(x -> x + 1)
                    .collect(Collectors.toList()));
            assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        }
    }

    @Test
    void thePoolsTaskTimeoutStopsOnlyTheTaskThatOverran() throws Exception {
        try (ProcessPool pool = ProcessPool.builder(2).output(Output.DISCARD).taskTimeout(Duration.ofSeconds(1))
                .build()) {
            CompletableFuture<Object> hung = pool.submit(() -> {
                Thread.sleep(60_000);
                return null;
            });
            List<CompletableFuture<Integer>> quick = HUNDRED.stream()
                    .map(i -> pool.submit(() -> {
                        Thread.sleep(5);
                        return i;
                    }))
                    .collect(Collectors.toList());

            for (int i = 0; i < quick.size(); i++) {
                assertThat(quick.get(i).get()).isEqualTo(i);
            }
            TaskFailedException failure = (TaskFailedException) catchThrowableOfType(ExecutionException.class,
                    hung::get).getCause();
            assertThat(failure.timedOut()).isTrue();
            assertThat(failure).hasCauseInstanceOf(TimeoutException.class);
            assertThat(pool.map(HUNDRED, x -> x * 2, 10)).hasSize(100);
        }
    }

    @Test
    void neitherAWorkersStartNorItsInitializerCountsAgainstATasksLimit() throws Exception {
        try (ProcessPool pool = ProcessPool.builder(1).output(Output.DISCARD).taskTimeout(Duration.ofMillis(500))
                .initializer(() -> Thread.sleep(1_500)).build()) {
            assertThat(pool.submit(() -> 42).get()).as("given at once, started after 1.5 s of initializer")
                    .isEqualTo(42);
        }
    }

    @Test
    void aTaskWithinItsLimitIsNotDisturbed() throws Exception {
        try (ProcessPool pool = ProcessPool.builder(1).output(Output.DISCARD).build()) {
            long pid = pool.submit(() -> ProcessHandle.current().pid()).get();
            for (int i = 0; i < 20; i++) {
                assertThat(pool.submit(() -> ProcessHandle.current().pid(), Duration.ofSeconds(30)).get())
                        .isEqualTo(pid);
            }
        }
    }
}
