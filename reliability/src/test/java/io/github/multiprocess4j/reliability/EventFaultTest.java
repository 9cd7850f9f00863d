package io.github.multiprocess4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.shm.ProcessEvent;
import java.time.Duration;
import java.util.Random;

/**
 * Processes waiting for a {@link ProcessEvent}, some killed while they wait: the death of a waiter changes nothing,
 * and one {@code set()} after the kills wakes every survivor, long before its patience runs out.
 */
class EventFaultTest extends FaultInjectionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Override
    void run(Random random, int round) throws Exception {
        int n = 3 + random.nextInt(3);
        long window = STARTUP_MILLIS + 500 + random.nextInt(500);
        try (ProcessEvent event = ProcessEvent.create()) {
            Thread setter = new Thread(() -> {
                try {
                    Thread.sleep(window + 200);
                } catch (InterruptedException e) {
                    return;
                }
                event.set();
            });
            LaunchOutcome<Boolean> outcome;
            setter.start();
            try (Killer killer = Killer.start(random, 1 + random.nextInt(2), window, ChildJvms::running)) {
                outcome = LaunchOutcome.launch(n, i -> SyncWorkloads.awaitEvent(event, PATIENCE), killer);
            } finally {
                setter.interrupt();
                setter.join();
            }
            assertThat(outcome.unexplainedFailures()).as("%s", outcome).isEmpty();
            for (int i = 0; i < n; i++) {
                if (!outcome.failed(i)) {
                    assertThat(outcome.result(i)).as("survivor %d saw the event set", i).isTrue();
                }
            }
            assertThat(event.isSet()).isTrue();
            Figures.VALUES.addAndGet(n);
        }
    }
}
