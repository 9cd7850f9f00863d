package io.github.multiprocess4j.reliability;

import java.util.Random;

/**
 * {@code Launch.processes} with children killed at any instant, from their start-up to their exit: the killed
 * ones are reported as killed, every other one returns its own result.
 */
class LaunchProcessesFaultTest extends FaultInjectionTest {

    @Override
    void run(Random random, int round) throws Exception {
        int n = 3 + random.nextInt(3);
        long[] workMillis = random.longs(n, 0, 800).toArray();
        int salt = random.nextInt(1_000);
        LaunchOutcome<Integer> outcome;
        try (Killer killer = Killer.start(random, 1 + random.nextInt(2), 1_500, ChildJvms::running)) {
            outcome = LaunchOutcome.launch(n, i -> Workloads.sleepThenAnswer(workMillis[i], i, salt), killer);
        }

        long lost = outcome.unexplainedFailures().size();
        for (int i = 0; i < n; i++) {
            if (!outcome.failed(i) && outcome.result(i) != Workloads.answer(i, salt)) {
                lost++;
            }
        }
        Figures.ITEMS.addAndGet(n);
        assertNothingLost(lost, "results of children that were not killed: " + outcome);
    }
}
