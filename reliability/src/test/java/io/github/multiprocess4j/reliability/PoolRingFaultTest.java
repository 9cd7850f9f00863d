package io.github.multiprocess4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.multiprocess4j.core.Output;
import io.github.multiprocess4j.core.ProcessPool;
import io.github.multiprocess4j.core.TaskFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A pool worker killed while its answer is half written into the shared-memory ring it answers through. The parent's
 * reader of that ring is held up (by a callback of the task before, which runs on it), so the worker's big answer
 * fills the ring and the worker waits for room; it is then SIGKILLed, and the reader let go. The task it was
 * answering fails as killed, the half frame is dropped, the task before it has its answer, and the next tasks, on
 * the worker's replacement, succeed, a big answer among them.
 */
class PoolRingFaultTest extends FaultInjectionTest {

    private static final long TIMEOUT_SECONDS = 60;

    @Override
    void run(Random random, int round) throws Exception {
        int salt = random.nextInt(1_000);
        int answerBytes = (1 + random.nextInt(8)) << 20;
        Path directory = Files.createTempDirectory("pool-ring-fault");
        String marker = directory.resolve("answering").toString();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ProcessPool pool = ProcessPool.builder(1).output(Output.DISCARD).build()) {
            CompletableFuture<Integer> before = pool.submit(() -> Workloads.sleepThenAnswer(200, 0, salt));
            before.thenRun(() -> holdTheReader(held, release));
            CompletableFuture<byte[]> big = pool.submit(() -> Workloads.markThenBigAnswer(marker, answerBytes, salt));

            assertThat(held.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the reader is held").isTrue();
            long pid = awaitMarker(Path.of(marker));
            Thread.sleep(100 + random.nextInt(200));
            ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
            worker.destroyForcibly();
            worker.onExit().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Figures.FAULTS.incrementAndGet();
            release.countDown();

            assertThat(before.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(Workloads.answer(0, salt));
            TaskFailedException failure = (TaskFailedException) catchThrowableOfType(ExecutionException.class,
                    () -> big.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).getCause();
            assertThat(failure.pid()).isEqualTo(pid);
            assertThat(failure.exitCode()).as("%s", failure.getMessage()).hasValue(137);

            long lost = 0;
            for (int i = 1; i <= 3; i++) {
                int index = i;
                lost += pool.submit(() -> Workloads.answer(index, salt)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                        == Workloads.answer(index, salt) ? 0 : 1;
            }
            Files.delete(Path.of(marker));
            byte[] again = pool.submit(() -> Workloads.markThenBigAnswer(marker, answerBytes, salt))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            lost += Workloads.isBigAnswer(again, answerBytes, salt) ? 0 : 1;
            Figures.ITEMS.addAndGet(5);
            assertNothingLost(lost, "answers after the killed worker's");
        } finally {
            release.countDown();
            Files.deleteIfExists(Path.of(marker));
            Files.delete(directory);
        }
    }

    /** Holds the thread that completed the future, if it is the pool's reader of the worker's answers. */
    private static void holdTheReader(CountDownLatch held, CountDownLatch release) {
        if (!Thread.currentThread().getName().endsWith("-results")) {
            throw new AssertionError("the answer was not delivered by the reader of the worker's answers but by "
                    + Thread.currentThread().getName());
        }
        held.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the big task to write its worker's pid: it is about to answer. */
    private static long awaitMarker(Path marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (Files.exists(marker)) {
                String pid = Files.readString(marker);
                if (!pid.isEmpty()) {
                    return Long.parseLong(pid);
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the big task did not start within " + TIMEOUT_SECONDS + " s");
    }
}
