package io.github.multiprocess4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailFastTest {

    private static final Launcher FAIL_FAST = Launch.with(Launch.options().failFast(true).output(Output.DISCARD)
            .build());

    /** Item 0 returns at once, item 3 fails after a while with the time it failed at, the others run long. */
    static int oneFailsAmongLongOnes(int index) throws InterruptedException {
        if (index == 0) {
            return 0;
        }
        if (index == 3) {
            Thread.sleep(1_000);
            throw new IllegalStateException(Long.toString(System.currentTimeMillis()));
        }
        Thread.sleep(60_000);
        return index;
    }

    /**
     * The launch or map failed at item 3 only, returned within a second of its failure, kept item 0's result and
     * stopped the 6 others.
     */
    private static void assertStoppedAtItem3Promptly(LaunchException failure, long returnedAt) {
        assertThat(failure.failures()).singleElement().satisfies(only -> {
            assertThat(only.index()).isEqualTo(3);
            long failedAt = Long.parseLong(only.getCause().getMessage());
            assertThat(Duration.ofMillis(returnedAt - failedAt)).isLessThan(Duration.ofSeconds(1));
        });
        assertThat(failure.results().get(0)).isEqualTo(0);
        assertThat(failure.stopped()).isEqualTo(6);
    }

    @Test
    void theFirstFailedProcessStopsTheOthersAndTheResultsSoFarAreKept() {
        LaunchException failure = catchThrowableOfType(LaunchException.class,
                () -> FAIL_FAST.processes(8, FailFastTest::oneFailsAmongLongOnes));
        long returnedAt = System.currentTimeMillis();

        assertStoppedAtItem3Promptly(failure, returnedAt);
        assertThat(failure).hasMessageContaining("6 unfinished were stopped");
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).as("children left").isEmpty();
    }

    @Test
    void theFirstFailedThreadInterruptsTheOthers() {
        long startedAt = System.nanoTime();
        LaunchException failure = catchThrowableOfType(LaunchException.class,
                () -> FAIL_FAST.threads(8, FailFastTest::oneFailsAmongLongOnes));

        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofSeconds(10));
        assertThat(failure.failures()).singleElement().satisfies(only -> assertThat(only.index()).isEqualTo(3));
        assertThat(failure.results().get(0)).isEqualTo(0);
        assertThat(failure.stopped()).isEqualTo(6);
    }

    @Test
    void withoutFailFastEveryWorkerIsWaitedFor() {
        LaunchException failure = catchThrowableOfType(LaunchException.class,
                () -> Launch.threads(4, i -> 10 / (i % 2)));
        assertThat(failure.failures()).hasSize(2);
        assertThat(failure.stopped()).isZero();
        assertThat(failure.results()).containsExactly(null, 10, null, 10);
    }

    @Test
    void aFailFastMapStopsAtTheFirstFailureAndThePoolServesOn() throws Exception {
        // four idle workers take items 0 to 3 at once, so that item 3 is not queued behind a long one
        try (ProcessPool pool = ProcessPool.builder(4).output(Output.DISCARD).failFast(true).build()) {
            List<Integer> items = IntStream.range(0, 8).boxed().collect(Collectors.toList());
            LaunchException failure = catchThrowableOfType(LaunchException.class,
                    () -> pool.map(items, FailFastTest::oneFailsAmongLongOnes, 1));
            long returnedAt = System.currentTimeMillis();

            assertStoppedAtItem3Promptly(failure, returnedAt);
            assertThat(pool.map(items, x -> x + 1)).as("the stopped workers were replaced").hasSize(8);
        }
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).as("children left").isEmpty();
    }

    @Test
    void aFailFastInvokeAllReturnsAtTheFirstFailureWithTheOthersCancelled() throws Exception {
        List<Task<Integer>> tasks = IntStream.range(0, 8).<Task<Integer>>mapToObj(i -> () -> oneFailsAmongLongOnes(i))
                .collect(Collectors.toList());
        try (ProcessPool pool = ProcessPool.builder(4).output(Output.DISCARD).failFast(true).build()) {
            List<CompletableFuture<Integer>> futures = pool.invokeAll(tasks);
            long returnedAt = System.currentTimeMillis();

            assertThat(futures).allSatisfy(future -> assertThat(future).isDone());
            assertThat(futures.get(0).get()).isZero();
            Throwable failure = catchThrowableOfType(ExecutionException.class, futures.get(3)::get).getCause();
            assertThat(failure).isInstanceOf(TaskFailedException.class);
            long failedAt = Long.parseLong(failure.getCause().getMessage());
            assertThat(Duration.ofMillis(returnedAt - failedAt)).isLessThan(Duration.ofSeconds(1));
            assertThat(futures.stream().filter(CompletableFuture::isCancelled)).as("stopped").hasSize(6);
            assertThat(pool.map(List.of(1, 2), x -> x + 1)).as("the stopped workers were replaced")
                    .containsExactly(2, 3);
        }
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).as("children left").isEmpty();
    }
}
