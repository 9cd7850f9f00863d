package io.github.multiprocess4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void aChildWhoseTaskLeftAThreadRunningStillEnds() throws Exception {
        Worker<Integer> worker = track(Launch.process(() -> {
            Thread lingering = new Thread(() -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            lingering.setDaemon(false);
            lingering.start();
            return 5;
        }));

        assertThat(worker.onExit().get(20, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(worker.result()).isEqualTo(5);
        assertThat(worker.exitCode()).hasValue(0);
    }

    @Test
    void theShutdownHooksOfASucceedingChildRun(@TempDir Path directory) throws Exception {
        String hookFile = directory.resolve("hook-ran").toString();
        Worker<Integer> worker = track(Launch.process(() -> {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Files.writeString(Path.of(hookFile), "ran");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
            return 6;
        }));

        assertThat(worker.onExit().get(20, TimeUnit.SECONDS).exitCode()).hasValue(0);
        assertThat(worker.result()).isEqualTo(6);
        assertThat(Files.readString(Path.of(hookFile), StandardCharsets.UTF_8)).isEqualTo("ran");
    }
}
