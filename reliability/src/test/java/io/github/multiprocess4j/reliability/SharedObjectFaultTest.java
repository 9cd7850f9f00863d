package io.github.multiprocess4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.shm.SharedObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Processes appending to one {@link SharedObject} list, each its own numbers in order, killed at any instant,
 * in the middle of an update included: the list only ever holds whole committed appends. What was there before
 * stays; every number in it was appended exactly once; each process's numbers form a prefix of what it meant to
 * append, in order; the survivors' are all there.
 */
class SharedObjectFaultTest extends FaultInjectionTest {

    /** Numbers already in the list, so that an update takes long enough to be killed in. */
    private static final int FILLER = 2_000;

    @Override
    void run(Random random, int round) throws Exception {
        int n = 3 + random.nextInt(3);
        long millis = 1_000 + random.nextInt(1_500);
        List<Integer> filler = IntStream.range(1, FILLER + 1).map(x -> -x).boxed()
                .collect(Collectors.toCollection(ArrayList::new));
        try (SharedObject<List<Integer>> shared = SharedObject.create(1 << 20, filler)) {
            LaunchOutcome<Integer> outcome;
            try (Killer killer = Killer.start(random, 1 + random.nextInt(3), STARTUP_MILLIS + millis,
                    ChildJvms::running)) {
                outcome = LaunchOutcome.launch(n, i -> Workloads.appendInOrder(shared, i, millis), killer);
            }
            assertThat(outcome.unexplainedFailures()).as("%s", outcome).isEmpty();

            List<Integer> list = shared.read();
            assertThat(list.subList(0, FILLER)).as("what was there before").isEqualTo(filler);
            List<Integer> appended = list.subList(FILLER, list.size());
            assertThat(new HashSet<>(appended)).as("each number appended once").hasSameSizeAs(appended);
            long lost = 0;
            for (int owner = 0; owner < n; owner++) {
                int process = owner;
                List<Integer> own = appended.stream().filter(value -> value / 1_000_000 == process)
                        .collect(Collectors.toList());
                List<Integer> prefix = IntStream.range(0, own.size()).map(k -> Workloads.appended(process, k))
                        .boxed().collect(Collectors.toList());
                assertThat(own).as("process %d's numbers: a prefix, in order", owner).isEqualTo(prefix);
                if (!outcome.failed(owner) && own.size() != outcome.result(owner)) {
                    lost += Math.abs(outcome.result(owner) - own.size());
                }
            }
            assertThat(appended).as("only the processes' own numbers").allMatch(value -> value >= 0
                    && value / 1_000_000 < n);
            Figures.VALUES.addAndGet(list.size());
            Figures.ITEMS.addAndGet(n);
            assertNothingLost(lost, "appends of processes that were not killed: " + outcome);
        }
    }
}
