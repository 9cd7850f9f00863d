package io.github.multiprocess4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.shm.ProcessSemaphore;
import io.github.multiprocess4j.shm.SharedMemory;
import java.time.Duration;
import java.util.Random;

/**
 * Processes entering a {@link ProcessSemaphore} over and over, killed at any instant, inside it or waiting: the
 * permits of the killed come back (all are available after the round), the survivors finish, and no more processes
 * are ever inside than the permits allow, besides the killed ones still counted inside.
 */
class SemaphoreFaultTest extends FaultInjectionTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    @Override
    void run(Random random, int round) throws Exception {
        int n = 3 + random.nextInt(3);
        int permits = 1 + random.nextInt(2);
        long millis = 1_000 + random.nextInt(1_500);
        try (ProcessSemaphore semaphore = ProcessSemaphore.create(permits);
                SharedMemory board = SharedMemory.create(SyncWorkloads.boardSize(n))) {
            LaunchOutcome<Long> outcome;
            try (Killer killer = Killer.start(random, 1 + random.nextInt(2), STARTUP_MILLIS + millis,
                    ChildJvms::running)) {
                outcome = LaunchOutcome.launch(n,
                        i -> SyncWorkloads.enterAgainAndAgain(semaphore, board, millis), killer);
            }
            assertThat(outcome.unexplainedFailures()).as("%s", outcome).isEmpty();
            int killed = outcome.killed().size();
            assertThat(board.getLongVolatile(SyncWorkloads.MOST_INSIDE)).as("most inside at once")
                    .isLessThanOrEqualTo((long) permits + killed);
            for (int i = 0; i < permits; i++) {
                assertThat(semaphore.tryAcquire(PROMPTLY)).as("permit %d of %d came back", i + 1, permits).isTrue();
            }
            assertThat(semaphore.tryAcquire()).as("no permit more than there were").isFalse();
            for (int i = 0; i < permits; i++) {
                semaphore.release();
            }
            Figures.HOLDERS_KILLED.addAndGet(killed);
            Figures.VALUES.addAndGet(permits);
            assertNothingLost(permits - semaphore.availablePermits(), "permits: " + outcome);
        }
    }
}
