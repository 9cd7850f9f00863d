package io.github.multiprocess4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LaunchThreadsTest {

    @Test
    void fiveSleepingThreadsTakeAboutAsLongAsOne() throws Exception {
        Timed<Void> timed = Timed.call(() -> Launch.threads(5, () -> Thread.sleep(500)));

        assertThat(timed.duration()).isBetween(Duration.ofMillis(495), Duration.ofMillis(1500));
    }

    @Test
    void threadsShareTheCallersObjects() throws Exception {
        Set<String> names = ConcurrentHashMap.newKeySet();

        List<Integer> indexes = Launch.threads(4, i -> {
            names.add(Thread.currentThread().getName());
            return i;
        });

        assertThat(indexes).containsExactly(0, 1, 2, 3);
        assertThat(names).containsExactlyInAnyOrder("thread-0", "thread-1", "thread-2", "thread-3");
    }

    @Test
    void nonSerializableCapturesAreFineOnThreads() throws Exception {
        Thread notSerializable = Thread.currentThread();

        assertThat(Launch.threads(2, () -> notSerializable.getName())).hasSize(2);
    }

    @Test
    void everyFailureIsReportedAndTheOtherResultsKept() {
        LaunchException failure = catchThrowableOfType(LaunchException.class,
                () -> Launch.threads(3, i -> ChildTasks.failIfOne(i)));

        assertThat(failure.failures()).singleElement().satisfies(only -> {
            assertThat(only.workerName()).isEqualTo("thread-1");
            assertThat(only.exitCode()).isEmpty();
            assertThat(only.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(only.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        });
        assertThat(failure.results()).containsExactly(0, null, 2);
    }

    @Test
    void aTimeoutInterruptsTheThread() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        LaunchOptions limit = Launch.options().timeout(Duration.ofMillis(200)).build();

        LaunchException failure = catchThrowableOfType(LaunchException.class,
                () -> Launch.with(limit).threads(1, () -> {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw e;
                    }
                }));

        assertThat(failure.failures().get(0).timedOut()).isTrue();
        assertThat(failure.failures().get(0)).hasMessageContaining("did not finish within 200 ms");
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aSingleThreadWorkerJoinsAndReturns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Worker<String> worker = Launch.with(Launch.options().name("waiter").build()).thread(() -> {
            release.await();
            return "done";
        });

        assertThat(worker.name()).isEqualTo("waiter");
        assertThat(worker.isAlive()).isTrue();
        assertThat(worker.join(Duration.ofMillis(20))).isFalse();
        release.countDown();
        assertThat(worker.result()).isEqualTo("done");
        worker.join();
        assertThat(worker.exitCode()).isEmpty();
        assertThat(worker.output()).isEmpty();
    }

    @Test
    void interruptingTheWaiterInterruptsTheThreads() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch interruptedThreads = new CountDownLatch(2);
        Thread waiter = new Thread(() -> {
            try {
                Launch.threads(2, () -> {
                    started.countDown();
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        interruptedThreads.countDown();
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        started.await();

        waiter.interrupt();

        assertThat(interruptedThreads.await(5, TimeUnit.SECONDS)).isTrue();
        waiter.join(5_000);
        assertThat(waiter.isAlive()).isFalse();
    }

    @Test
    void badArgumentsAreRefusedClearly() {
        assertThatThrownBy(() -> Launch.threads(0, () -> 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n must be at least 1, got 0");
        assertThatThrownBy(() -> Launch.threads(1, (IndexedTask<Integer>) null))
                .isInstanceOf(NullPointerException.class).hasMessage("task");
        assertThatThrownBy(() -> Launch.with(null).thread(() -> 1)).isInstanceOf(NullPointerException.class)
                .hasMessage("options");
        assertThatThrownBy(() -> Launch.thread(() -> 1).join(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
    }

    /** Regression: {@code Integer.MAX_VALUE} threads failed with an OutOfMemoryError, sizing a list for them. */
    @Test
    void moreThreadsThanCanRunAreRefusedBeforeAnyStarts() {
        assertThatThrownBy(() -> Launch.threads(Integer.MAX_VALUE, () -> 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n must be at most 32768 (Launch.MAX_WORKERS), got 2147483647");
        assertThatThrownBy(() -> Launch.threads(Launch.MAX_WORKERS + 1, i -> i))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 32769");
    }

    /** Regression: a time limit or a join beyond 292 years failed with an ArithmeticException (long overflow). */
    @Test
    void anEnormousTimeLimitOrJoinWaitsAsLongAsItTakes() throws Exception {
        Duration enormous = Duration.ofSeconds(Long.MAX_VALUE);

        Worker<Integer> worker = Launch.with(Launch.options().timeout(enormous).build()).thread(() -> 7);

        assertThat(worker.join(enormous)).isTrue();
        assertThat(worker.result()).isEqualTo(7);
    }

    /** Regression: {@code failed(-1)} answered {@code false}, as if there were a task -1 that had succeeded. */
    @Test
    void askingWhetherATaskThatWasNotLaunchedFailedIsRefused() {
        LaunchException failure = catchThrowableOfType(LaunchException.class,
                () -> Launch.threads(3, i -> ChildTasks.failIfOne(i)));

        assertThat(failure.failed(1)).isTrue();
        assertThat(failure.failed(2)).isFalse();
        assertThatThrownBy(() -> failure.failed(3)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("index 3 is out of range: 3 tasks were launched");
        assertThatThrownBy(() -> failure.failed(-1)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("index -1");
    }
}
