package io.github.multiprocess4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Workers and the parent's readers of their answers wait for more by spinning only briefly, then sleep in the kernel:
 * an idle pool costs (next to) no CPU. Measured as CPU time, which a busy machine does not inflate.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdlePoolCpuTest {

    private static final Duration IDLE = Duration.ofSeconds(3);
    /** Of one core, over {@link #IDLE}, workers and readers together. */
    private static final double MAX_SHARE = 0.02;

    @Test
    void anIdlePoolOfFourSleeps() throws Exception {
        try (ProcessPool pool = ProcessPool.builder(4).output(Output.DISCARD).build()) {
            List<CompletableFuture<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                futures.add(pool.submit(() -> 1));
            }
            for (CompletableFuture<Integer> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
            Thread.sleep(500);
            List<ProcessHandle> workers = ProcessHandle.current().children().toList();
            assertThat(workers).hasSize(4);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long[] readers = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().endsWith("-results")).mapToLong(Thread::getId).toArray();
            assertThat(readers).hasSize(4);

            long before = cpuNanos(workers) + cpuNanos(threads, readers);
            Thread.sleep(IDLE.toMillis());
            long used = cpuNanos(workers) + cpuNanos(threads, readers) - before;

            assertThat((double) used / IDLE.toNanos()).as("share of a core used by an idle pool of 4 (%d ms in %s)",
                    used / 1_000_000, IDLE).isLessThan(MAX_SHARE);
        }
    }

    private static long cpuNanos(List<ProcessHandle> processes) {
        return processes.stream().mapToLong(process -> process.info().totalCpuDuration()
                .orElseThrow(() -> new AssertionError("no CPU time for " + process)).toNanos()).sum();
    }

    private static long cpuNanos(ThreadMXBean threads, long[] ids) {
        return Arrays.stream(ids).map(threads::getThreadCpuTime).sum();
    }
}
