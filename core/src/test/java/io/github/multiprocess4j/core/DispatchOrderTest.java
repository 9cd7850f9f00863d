package io.github.multiprocess4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression: a task given to a busy worker by one thread could be written to it before the tasks another thread
 * (a submitter, or the thread that reads the worker's answers) had given it just before, so the worker answered for a
 * task the pool did not expect it to run yet and was killed for breaking the protocol: its task failed with
 * "killed by signal 9". It showed under {@code imap} with 100 items per task, whose workers switch between holding
 * one task and eight in their input, and with several threads submitting at once. Both run here for a few seconds;
 * every task must succeed on the workers the pool started with.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DispatchOrderTest {

    private static final List<Integer> ITEMS = IntStream.range(0, 10_000).boxed().collect(Collectors.toList());

    @Test
    void chunkedStreamsRunEveryTaskOnTheFirstWorkers() throws InterruptedException {
        try (ProcessPool pool = ProcessPool.builder(2).output(Output.DISCARD).build()) {
            List<Long> pids = pool.map(List.of(0, 1), i -> ProcessHandle.current().pid(), 1);
            for (int round = 0; round < 500; round++) {
                try (Stream<Integer> results = pool.imap(ITEMS, x -> x, 100)) {
                    assertThat(results.mapToLong(Integer::longValue).sum()).as("round %s", round)
                            .isEqualTo(49_995_000L);
                }
            }
            assertThat(pids).as("the first workers, none killed").allSatisfy(pid -> assertThat(
                    ProcessHandle.of(pid).map(ProcessHandle::isAlive)).hasValue(true));
        }
    }

    @Test
    void tasksSubmittedFromSeveralThreadsAtOnceAllSucceed() throws Exception {
        ExecutorService submitters = Executors.newFixedThreadPool(4);
        try (ProcessPool pool = ProcessPool.builder(2).output(Output.DISCARD).build()) {
            List<Future<Long>> sums = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                sums.add(submitters.submit(() -> submitInRounds(pool)));
            }
            for (Future<Long> sum : sums) {
                assertThat(sum.get()).isEqualTo(20L * (499L * 500 / 2));
            }
        } finally {
            submitters.shutdownNow();
            assertThat(submitters.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** 20 rounds of 500 tiny tasks submitted at once, then waited for; the sum of their results. */
    private static long submitInRounds(ProcessPool pool) throws Exception {
        long sum = 0;
        for (int round = 0; round < 20; round++) {
            List<CompletableFuture<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int value = i;
                futures.add(pool.submit(() -> value));
            }
            for (CompletableFuture<Integer> future : futures) {
                sum += future.get();
            }
        }
        return sum;
    }
}
