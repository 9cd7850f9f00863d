package io.github.multiprocess4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerExitTest {

    private final List<Worker<?>> started = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() throws InterruptedException {
        for (Worker<?> worker : started) {
            worker.kill();
            worker.join();
        }
    }

    private <T> Worker<T> track(Worker<T> worker) {
        started.add(worker);
        return worker;
    }

    @Test
    void awaitAnyReturnsTheWorkerThatEndsFirst() throws Exception {
        Worker<Integer> slow = track(Launch.process(() -> {
            Thread.sleep(30_000);
            return 1;
        }));
        Worker<Integer> quick = track(Launch.process(() -> 2));
        Worker<Integer> slowThread = track(Launch.thread(() -> {
            Thread.sleep(30_000);
            return 3;
        }));

        List<Worker<Integer>> done = Launch.awaitAny(List.of(slow, quick, slowThread), Duration.ofSeconds(20));

        assertThat(done).containsExactly(quick);
        assertThat(done.get(0).result()).isEqualTo(2);
        assertThat(Launch.awaitAny(List.of(slow, slowThread), Duration.ZERO)).as("none ends at once").isEmpty();
        assertThat(Launch.awaitAny(List.of(slow, slowThread), Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void onExitCompletesWithTheWorkerWhetherItSucceededOrNot() throws Exception {
        Worker<Object> failing = track(Launch.process(() -> {
            throw new IllegalStateException("boom");
        }));
        Worker<String> thread = track(Launch.thread(() -> "ok"));

        assertThat(failing.onExit().get(20, TimeUnit.SECONDS)).isSameAs(failing);
        assertThat(failing.exitCode()).isPresent();
        assertThat(thread.onExit().get(20, TimeUnit.SECONDS)).isSameAs(thread);
        assertThat(failing.onExit().cancel(true)).as("a fresh future each time").isFalse();
    }

    @Test
    void cancellingAnOnExitFutureLeavesTheWorkerRunning() throws Exception {
        Worker<Integer> worker = track(Launch.process(() -> {
            Thread.sleep(500);
            return 7;
        }));
        worker.onExit().cancel(true);

        assertThat(worker.isAlive()).isTrue();
        assertThat(worker.onExit().get(20, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(worker.result()).isEqualTo(7);
    }
}
