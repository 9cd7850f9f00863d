package io.github.multiprocess4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.shm.ProcessLock;
import io.github.multiprocess4j.shm.SharedMemory;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Processes taking a {@link ProcessLock} over and over, killed at any instant, holding it or waiting for it: no two
 * ever hold it at once (a holder that finds a predecessor's mark took over from a process that was killed), the
 * counters it guards add up to what was committed, the survivors finish, and the next locker gets it promptly. Odd
 * rounds use a reentrant lock, taken twice at each turn: a holder killed with two holds gives it up all the same.
 */
class ProcessLockFaultTest extends FaultInjectionTest {

    /** How soon a free lock, or one whose holder was killed, must be taken. */
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    @Override
    void run(Random random, int round) throws Exception {
        int n = 3 + random.nextInt(3);
        long millis = 1_000 + random.nextInt(1_500);
        int maxHoldMicros = 20 + random.nextInt(200);
        long seed = random.nextLong();
        try (ProcessLock lock = round % 2 == 1 ? ProcessLock.createReentrant() : ProcessLock.create();
                SharedMemory board = SharedMemory.create(Workloads.boardSize(n))) {
            LaunchOutcome<Long> outcome;
            try (Killer killer = Killer.start(random, 1 + random.nextInt(3), STARTUP_MILLIS + millis,
                    ChildJvms::running)) {
                outcome = LaunchOutcome.launch(n,
                        i -> Workloads.countUnderLock(lock, board, i, millis, maxHoldMicros, seed + i), killer);
            }
            assertThat(outcome.unexplainedFailures()).as("%s", outcome).isEmpty();

            long started = System.nanoTime();
            assertThat(lock.tryLock(PROMPTLY)).as("the lock is not stuck").isTrue();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            try {
                checkCounters(board, outcome, n);
            } finally {
                lock.unlock();
            }
            assertThat(tookMillis).as("ms to take the lock after the round").isLessThan(PROMPTLY.toMillis());
        }
    }

    private static void checkCounters(SharedMemory board, LaunchOutcome<Long> outcome, int n) {
        int killed = outcome.killed().size();
        long lost = 0;
        long sumOfOwn = 0;
        for (int i = 0; i < n; i++) {
            long own = board.getLong(Workloads.MINE + Long.BYTES * i);
            sumOfOwn += own;
            if (!outcome.failed(i) && own != outcome.result(i)) {
                lost++;
            }
        }
        long total = board.getLong(Workloads.TOTAL);
        assertThat(sumOfOwn - total).as("own counts not yet in the total: one per holder killed at most")
                .isBetween(0L, (long) killed);
        int takeovers = board.getInt(Workloads.TAKEOVERS);
        assertThat(takeovers).as("locks taken over from a dead holder").isLessThanOrEqualTo(killed);
        for (int t = 0; t < takeovers; t++) {
            assertThat(outcome.killed()).as("a holder whose lock was taken over was killed")
                    .contains(board.getLong(Workloads.TAKEOVER_PIDS + Long.BYTES * t));
        }
        long holder = board.getLong(Workloads.HOLDER);
        assertThat(holder == 0 || outcome.killed().contains(holder)).as("the last holder left, or was killed")
                .isTrue();
        Figures.HOLDERS_KILLED.addAndGet(takeovers + (holder == 0 ? 0 : 1));
        Figures.VALUES.addAndGet(n + 2 + takeovers);
        Figures.ITEMS.addAndGet(n);
        assertNothingLost(lost, "cycles of processes that were not killed: " + outcome);
    }
}
