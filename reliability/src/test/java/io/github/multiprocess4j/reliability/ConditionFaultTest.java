package io.github.multiprocess4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.shm.ProcessCondition;
import io.github.multiprocess4j.shm.ProcessLock;
import io.github.multiprocess4j.shm.SharedMemory;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Processes taking tickets under a {@link ProcessLock}, waiting on its {@link ProcessCondition} while there is none,
 * some killed at any instant (waiting, or holding the lock): this JVM makes one ticket at a time and wakes one waiter
 * with {@code signal()}, so a signal that went to a killed waiter and was not passed on leaves the ticket untaken.
 * Every ticket must be taken promptly, the survivors finish when told that no more come, and none waits in vain.
 * Odd rounds use a reentrant lock.
 */
class ConditionFaultTest extends FaultInjectionTest {

    /** How soon a ticket must be taken once made (the first one: once the children have started). */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private static final Duration FIRST_TICKET = Duration.ofSeconds(60);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Override
    void run(Random random, int round) throws Exception {
        int n = 3 + random.nextInt(3);
        int tickets = 20 + random.nextInt(20);
        long gapSeed = random.nextLong();
        try (ProcessLock lock = round % 2 == 1 ? ProcessLock.createReentrant() : ProcessLock.create();
                ProcessCondition condition = lock.newCondition();
                SharedMemory board = SharedMemory.create(SyncWorkloads.boardSize(n))) {
            AtomicReference<String> problem = new AtomicReference<>();
            Thread producer = new Thread(() -> produce(lock, condition, board, tickets, new Random(gapSeed), problem),
                    "ticket producer");
            LaunchOutcome<Integer> outcome;
            producer.start();
            try (Killer killer = Killer.start(random, 1 + random.nextInt(2), STARTUP_MILLIS + 20L * tickets,
                    ChildJvms::running)) {
                outcome = LaunchOutcome.launch(n, i -> SyncWorkloads.takeTickets(lock, condition, board, PATIENCE),
                        killer);
            } finally {
                producer.interrupt();
                producer.join();
            }
            assertThat(problem.get()).as("%s", outcome).isNull();
            assertThat(outcome.unexplainedFailures()).as("%s", outcome).isEmpty();
            for (int i = 0; i < n; i++) {
                if (!outcome.failed(i)) {
                    assertThat(outcome.result(i)).as("survivor %d never waited in vain", i).isNotNegative();
                }
            }
            Figures.HOLDERS_KILLED.addAndGet(outcome.killed().size());
            Figures.VALUES.addAndGet(tickets);
            assertNothingLost(tickets - board.getLongVolatile(SyncWorkloads.TAKEN), "tickets: " + outcome);
        }
    }

    /** Makes the tickets one at a time, each taken before the next, then says that no more come. */
    private static void produce(ProcessLock lock, ProcessCondition condition, SharedMemory board, int tickets,
            Random gaps, AtomicReference<String> problem) {
        try {
            for (int ticket = 1; ticket <= tickets && problem.get() == null; ticket++) {
                Thread.sleep(gaps.nextInt(40));
                try (ProcessLock.Held held = lock.hold()) {
                    board.putLongVolatile(SyncWorkloads.PRODUCED, ticket);
                    condition.signal();
                }
                long deadline = System.nanoTime() + (ticket == 1 ? FIRST_TICKET : PROMPTLY).toNanos();
                while (board.getLongVolatile(SyncWorkloads.TAKEN) < ticket) {
                    if (System.nanoTime() - deadline > 0) {
                        problem.set("ticket " + ticket + " not taken within " + (ticket == 1 ? FIRST_TICKET : PROMPTLY)
                                + ": a signal was lost");
                        break;
                    }
                    TimeUnit.MILLISECONDS.sleep(1);
                }
            }
        } catch (InterruptedException e) {
            problem.compareAndSet(null, "the producer was interrupted before it was done");
        } finally {
            try (ProcessLock.Held held = lock.hold()) {
                board.putLongVolatile(SyncWorkloads.NO_MORE, 1);
                condition.signalAll();
            }
        }
    }
}
