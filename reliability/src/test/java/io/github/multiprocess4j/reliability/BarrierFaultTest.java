package io.github.multiprocess4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.shm.ProcessBarrier;
import io.github.multiprocess4j.shm.SharedMemory;
import java.time.Duration;
import java.util.Random;

/**
 * Parties passing a {@link ProcessBarrier} round after round, killed at any instant: the survivors either all pass
 * every round (the kills came after) or see the barrier broken. None waits out its patience, unless a party was
 * killed before it opened the barrier: the barrier cannot tell such a party from a slow one.
 */
class BarrierFaultTest extends FaultInjectionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(3);

    @Override
    void run(Random random, int round) throws Exception {
        int n = 3 + random.nextInt(3);
        int rounds = 300 + random.nextInt(700);
        try (ProcessBarrier barrier = ProcessBarrier.create(n);
                SharedMemory board = SharedMemory.create(SyncWorkloads.boardSize(n))) {
            LaunchOutcome<Integer> outcome;
            try (Killer killer = Killer.start(random, 1 + random.nextInt(2), STARTUP_MILLIS + 1_000,
                    ChildJvms::running)) {
                outcome = LaunchOutcome.launch(n,
                        i -> SyncWorkloads.passRounds(barrier, board, i, rounds, PATIENCE), killer);
            }
            assertThat(outcome.unexplainedFailures()).as("%s", outcome).isEmpty();
            boolean killedBeforeOpening = false;
            for (int i = 0; i < n; i++) {
                killedBeforeOpening |= outcome.failed(i)
                        && board.getLongVolatile(SyncWorkloads.MINE + Long.BYTES * i) == 0;
            }
            for (int i = 0; i < n; i++) {
                if (!outcome.failed(i)) {
                    assertThat(outcome.result(i)).as("party %d: every round, or broken (%s)", i, outcome)
                            .isIn(rounds, SyncWorkloads.BROKEN,
                                    killedBeforeOpening ? SyncWorkloads.TIMED_OUT : SyncWorkloads.BROKEN);
                }
            }
            Figures.HOLDERS_KILLED.addAndGet(outcome.killed().size());
            Figures.VALUES.addAndGet(n);
        }
    }
}
