package io.github.multiprocess4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.Output;
import io.github.multiprocess4j.core.ProcessPool;
import io.github.multiprocess4j.core.TaskFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ProcessPool} whose workers are killed at any instant, from their start-up to the middle of a task, and
 * while idle: every future completes (no deadlock); a task fails only if a killed worker had it, and each kill
 * fails at most one task; every other task returns its own result; right after the last kill the pool still
 * serves (a task it fails then is one handed to a worker in the instant it was killed, and runs when submitted
 * again); and closing it leaves no process.
 */
class ProcessPoolFaultTest extends FaultInjectionTest {

    private static final int WORKERS = 3;
    private static final long FUTURE_TIMEOUT_SECONDS = 60;

    @Override
    void run(Random random, int round) throws Exception {
        int tasks = 18 + random.nextInt(12);
        long[] workMillis = random.longs(tasks, 5, 120).toArray();
        int salt = random.nextInt(1_000);
        try (ProcessPool pool = ProcessPool.builder(WORKERS).output(Output.DISCARD).build()) {
            List<CompletableFuture<Integer>> futures = new ArrayList<>();
            Set<Long> killed;
            try (Killer killer = Killer.start(random, 2 + random.nextInt(3), 2_500, ChildJvms::running)) {
                for (int i = 0; i < tasks; i++) {
                    futures.add(submit(pool, workMillis[i], i, salt));
                }
                awaitAll(futures);
                killer.awaitPlan();
                killed = killer.killed();
            }
            int failed = check(futures, 0, killed, salt);

            List<CompletableFuture<Integer>> probes = new ArrayList<>();
            for (int i = 0; i < 2 * WORKERS; i++) {
                probes.add(submit(pool, 0, tasks + i, salt));
            }
            awaitAll(probes);
            int probesFailed = check(probes, tasks, killed, salt);
            for (int i = 0; i < probes.size(); i++) {
                if (probes.get(i).isCompletedExceptionally()) {
                    assertThat(submit(pool, 0, tasks + i, salt).get(FUTURE_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                            .as("a probe submitted again").isEqualTo(Workloads.answer(tasks + i, salt));
                }
            }
            assertThat(failed + probesFailed).as("tasks failed by %d kills", killed.size())
                    .isLessThanOrEqualTo(killed.size());
        }
    }

    private static CompletableFuture<Integer> submit(ProcessPool pool, long millis, int index, int salt) {
        return pool.submit(() -> Workloads.sleepThenAnswer(millis, index, salt));
    }

    /**
     * Checks each outcome: its own answer, or a failure by a kill of the worker that had it.
     *
     * @param first the index of the first task
     * @return how many failed
     */
    private static int check(List<CompletableFuture<Integer>> futures, int first, Set<Long> killed, int salt) {
        long lost = 0;
        int failed = 0;
        for (int i = 0; i < futures.size(); i++) {
            try {
                lost += futures.get(i).join() == Workloads.answer(first + i, salt) ? 0 : 1;
            } catch (CompletionException e) {
                assertThat(e.getCause()).as("task %d", i).isInstanceOf(TaskFailedException.class);
                TaskFailedException failure = (TaskFailedException) e.getCause();
                assertThat(failure.exitCode()).as("%s", failure.getMessage()).hasValue(137);
                lost += killed.contains(failure.pid()) ? 0 : 1;
                failed++;
            }
        }
        Figures.ITEMS.addAndGet(futures.size());
        assertNothingLost(lost, "tasks of workers that were not killed");
        return failed;
    }

    private static void awaitAll(List<? extends CompletableFuture<?>> futures) throws InterruptedException {
        for (CompletableFuture<?> future : futures) {
            try {
                future.get(FUTURE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // checked afterwards
            } catch (TimeoutException e) {
                throw new AssertionError("a task did not complete within " + FUTURE_TIMEOUT_SECONDS
                        + " s: the pool is stuck", e);
            }
        }
    }
}
