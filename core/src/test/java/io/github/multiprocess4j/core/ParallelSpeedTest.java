package io.github.multiprocess4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Processes are for CPU-bound work: two of them beat doing the work twice in a row. Other programs on a shared
 * machine can take a core away for a while, so the best of a few attempts counts.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ParallelSpeedTest {

    private static final int ATTEMPTS = 3;

    @Test
    void twoProcessesBeatTwoLoopsInARow() throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two cores");
        long iterations = iterationsTaking(Duration.ofMillis(1200));

        double bestRatio = Double.MAX_VALUE;
        String attempts = "";
        for (int attempt = 0; attempt < ATTEMPTS && bestRatio >= 0.9; attempt++) {
            Duration sequential = Timed.call(() -> ChildTasks.spin(iterations) + ChildTasks.spin(iterations))
                    .duration();
            Duration parallel = Timed.call(() -> Launch.processes(2, () -> ChildTasks.spin(iterations))).duration();
            bestRatio = Math.min(bestRatio, (double) parallel.toNanos() / sequential.toNanos());
            attempts += " [parallel " + parallel + ", sequential " + sequential + "]";
        }

        assertThat(bestRatio).as("parallel / sequential in%s", attempts).isLessThan(0.9);
    }

    private static long iterationsTaking(Duration target) throws Exception {
        long iterations = 1_000_000;
        ChildTasks.spin(iterations);
        Duration took = Timed.call(() -> ChildTasks.spin(iterations)).duration();
        return iterations * target.toNanos() / Math.max(1, took.toNanos());
    }
}
