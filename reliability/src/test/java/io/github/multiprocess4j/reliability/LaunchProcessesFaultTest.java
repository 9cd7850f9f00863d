package io.github.multiprocess4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.LaunchException;
import io.github.multiprocess4j.core.LaunchOptions;
import io.github.multiprocess4j.core.Output;
import io.github.multiprocess4j.core.TaskFailedException;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * {@code Launch.processes} with children killed at any instant, from their start-up to their exit: the killed
 * ones are reported as killed, every other one returns its own result.
 */
class LaunchProcessesFaultTest extends FaultInjectionTest {

    private static final LaunchOptions QUIET = Launch.options().output(Output.DISCARD).build();

    @Override
    void run(Random random, int round) throws Exception {
        int n = 3 + random.nextInt(3);
        long[] workMillis = random.longs(n, 0, 800).toArray();
        int salt = random.nextInt(1_000);
        List<Integer> results;
        List<TaskFailedException> failures;
        Set<Long> killed;
        try (Killer killer = Killer.start(random, 1 + random.nextInt(2), 1_500, ChildJvms::running)) {
            try {
                results = Launch.processes(n, i -> Workloads.sleepThenAnswer(workMillis[i], i, salt), QUIET);
                failures = List.of();
            } catch (LaunchException e) {
                @SuppressWarnings("unchecked")
                List<Integer> partial = (List<Integer>) (List<?>) e.results();
                results = partial;
                failures = e.failures();
            }
            killed = killer.killed();
        }

        long lost = 0;
        for (TaskFailedException failure : failures) {
            assertThat(failure.exitCode()).as("%s", failure.getMessage()).hasValue(137);
            if (!killed.contains(failure.pid())) {
                lost++;
            }
        }
        for (int i = 0; i < n; i++) {
            int index = i;
            boolean failed = failures.stream().anyMatch(failure -> failure.index() == index);
            if (!failed && !Integer.valueOf(Workloads.answer(i, salt)).equals(results.get(i))) {
                lost++;
            }
        }
        Figures.ITEMS.addAndGet(n);
        assertNothingLost(lost, "results of children that were not killed: " + results + ", failures "
                + failures + ", killed " + killed);
    }
}
