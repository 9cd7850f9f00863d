package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ProcessEvent}, {@link ProcessSemaphore} and {@link ProcessBarrier} within one JVM. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessSyncTest {

    @Test
    void anEventIsSetClearedAndAwaitedOnTime() throws Exception {
        try (ProcessEvent event = ProcessEvent.create()) {
            assertThat(event.name()).matches("mp4j_event_[0-9a-f]{8}");
            assertThat(event.isSet()).isFalse();
            long start = System.nanoTime();
            assertThat(event.await(Duration.ofMillis(200))).isFalse();
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(waitedMillis).isBetween(200L, 400L);
            assertThat(event.await(Duration.ZERO)).isFalse();

            event.set();
            event.set();
            assertThat(event.isSet()).isTrue();
            assertThat(event.await(Duration.ZERO)).isTrue();
            event.await();
            event.clear();
            assertThat(event.isSet()).isFalse();
            assertThatThrownBy(() -> event.await(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aSetWakesEveryWaitingThreadEvenIfClearedAtOnce() throws Exception {
        try (ProcessEvent event = ProcessEvent.create()) {
            int threads = 4;
            CountDownLatch started = new CountDownLatch(threads);
            AtomicInteger woken = new AtomicInteger();
            List<Thread> waiters = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread waiter = new Thread(() -> {
                    started.countDown();
                    try {
                        if (event.await(Duration.ofSeconds(10))) {
                            woken.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                waiters.add(waiter);
                waiter.start();
            }
            started.await();
            Thread.sleep(100);
            event.set();
            event.clear();
            for (Thread waiter : waiters) {
                waiter.join();
            }
            assertThat(woken).hasValue(threads);
        }
    }

    @Test
    void aSemaphoreCountsPermitsPerProcess() throws Exception {
        try (ProcessSemaphore semaphore = ProcessSemaphore.create(2)) {
            assertThat(semaphore.name()).matches("mp4j_sem_[0-9a-f]{8}");
            assertThat(semaphore.isBounded()).isFalse();
            assertThat(semaphore.tryAcquire()).isTrue();
            try (ProcessSemaphore.Held held = semaphore.hold()) {
                assertThat(semaphore.availablePermits()).isZero();
                assertThat(semaphore.heldByThisProcess()).isEqualTo(2);
                assertThat(semaphore.tryAcquire()).isFalse();
                long start = System.nanoTime();
                assertThat(semaphore.tryAcquire(Duration.ofMillis(100))).isFalse();
                assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
            }
            semaphore.release();
            assertThat(semaphore.availablePermits()).isEqualTo(2);
            semaphore.release();
            assertThat(semaphore.availablePermits()).as("a release holding none adds a permit, as Python's")
                    .isEqualTo(3);
        }
    }

    @Test
    void aBoundedSemaphoreRefusesAnExtraRelease() throws Exception {
        try (ProcessSemaphore semaphore = ProcessSemaphore.createBounded(1)) {
            assertThat(semaphore.isBounded()).isTrue();
            assertThatThrownBy(semaphore::release).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("BoundedSemaphore '" + semaphore.name() + "' released too many times");
            semaphore.acquire();
            semaphore.release();
            assertThatThrownBy(semaphore::release).isInstanceOf(IllegalStateException.class);
            assertThat(semaphore.availablePermits()).isEqualTo(1);
        }
    }

    @Test
    void aReleaseWakesAThreadWaitingForAPermit() throws Exception {
        try (ProcessSemaphore semaphore = ProcessSemaphore.create(0)) {
            AtomicReference<Boolean> taken = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    taken.set(semaphore.tryAcquire(Duration.ofSeconds(10)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.start();
            Thread.sleep(50);
            semaphore.release();
            waiter.join();
            assertThat(taken.get()).isTrue();
        }
    }

    @Test
    void closingTheLastHandleGivesThisProcesssPermitsBack() throws Exception {
        try (ProcessSemaphore semaphore = ProcessSemaphore.create(3)) {
            ProcessSemaphore other = ProcessSemaphore.attach(semaphore.name());
            other.acquire();
            other.acquire();
            other.close();
            assertThat(semaphore.availablePermits()).as("still this JVM's: another handle is open").isEqualTo(1);
        }
    }

    @Test
    void badArgumentsAndWrongKindsAreRefused() {
        assertThatThrownBy(() -> ProcessSemaphore.create(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 or more permits, got -1");
        assertThatThrownBy(() -> ProcessBarrier.create(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to");
        assertThatThrownBy(() -> ProcessEvent.attach(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ProcessEvent.create("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessBarrier.attach("mp4j_no_such_barrier"))
                .isInstanceOf(SharedMemoryNotFoundException.class);
        try (ProcessEvent event = ProcessEvent.create(); ProcessLock lock = ProcessLock.create()) {
            assertThatThrownBy(() -> ProcessSemaphore.attach(event.name())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is not a ProcessSemaphore");
            assertThatThrownBy(() -> ProcessBarrier.attach(lock.name())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is not a ProcessBarrier");
            assertThat(event.isSet()).as("the refused attaches left the event alone").isFalse();
        }
    }

    @Test
    void aSymbolicLinkAtTheNameIsNotFollowed() throws Exception {
        try (ProcessSemaphore semaphore = ProcessSemaphore.create(1); SharedLong value = SharedLong.create(1)) {
            java.nio.file.Path directory = SegmentFiles.defaultDirectory();
            java.nio.file.Path link = directory.resolve(semaphore.name() + "_link");
            java.nio.file.Path valueLink = directory.resolve(value.name() + "_link");
            java.nio.file.Files.createSymbolicLink(link, directory.resolve(semaphore.name()));
            java.nio.file.Files.createSymbolicLink(valueLink, directory.resolve(value.name()));
            try {
                assertThatThrownBy(() -> ProcessSemaphore.attach(link.getFileName().toString()))
                        .isInstanceOf(UntrustedSegmentException.class);
                assertThatThrownBy(() -> SharedLong.attach(valueLink.getFileName().toString()))
                        .isInstanceOf(UntrustedSegmentException.class);
            } finally {
                java.nio.file.Files.delete(link);
                java.nio.file.Files.delete(valueLink);
            }
            assertThat(semaphore.availablePermits()).isEqualTo(1);
        }
    }

    @Test
    void aBarrierLetsItsPartiesPassTogetherWithArrivalIndexes() throws Exception {
        int parties = 3;
        try (ProcessBarrier barrier = ProcessBarrier.create(parties)) {
            assertThat(barrier.parties()).isEqualTo(parties);
            for (int round = 0; round < 50; round++) {
                Set<Integer> indexes = ConcurrentHashMap.newKeySet();
                List<Thread> threads = new ArrayList<>();
                AtomicReference<Throwable> failure = new AtomicReference<>();
                for (int t = 0; t < parties; t++) {
                    Thread thread = new Thread(() -> {
                        try {
                            indexes.add(barrier.await(Duration.ofSeconds(10)));
                        } catch (Exception e) {
                            failure.set(e);
                        }
                    });
                    threads.add(thread);
                    thread.start();
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                assertThat(failure.get()).isNull();
                assertThat(indexes).containsExactlyInAnyOrder(0, 1, 2);
            }
            assertThat(barrier.isBroken()).isFalse();
        }
    }

    @Test
    void aTimeoutBreaksTheBarrierForEveryoneUntilReset() throws Exception {
        try (ProcessBarrier barrier = ProcessBarrier.create(3)) {
            AtomicReference<Throwable> other = new AtomicReference<>();
            Thread waiter = waitingParty(barrier, other);
            assertThatThrownBy(() -> barrier.await(Duration.ofMillis(100))).isInstanceOf(TimeoutException.class);
            waiter.join();
            assertThat(other.get()).isInstanceOf(BrokenBarrierException.class);
            assertThat(barrier.isBroken()).isTrue();
            assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class)
                    .hasMessageContaining("reset()");

            barrier.reset();
            assertThat(barrier.isBroken()).isFalse();
            assertThat(barrier.numberWaiting()).isZero();
        }
    }

    @Test
    void resetBreaksTheRoundForItsWaiters() throws Exception {
        try (ProcessBarrier barrier = ProcessBarrier.create(2)) {
            AtomicReference<Throwable> other = new AtomicReference<>();
            Thread waiter = waitingParty(barrier, other);
            barrier.reset();
            waiter.join();
            assertThat(other.get()).isInstanceOf(BrokenBarrierException.class);
            assertThat(barrier.isBroken()).as("reset leaves it whole").isFalse();
        }
    }

    /** Starts a thread that waits at {@code barrier} and keeps what it throws; returns once it waits. */
    private static Thread waitingParty(ProcessBarrier barrier, AtomicReference<Throwable> thrown)
            throws InterruptedException {
        Thread waiter = new Thread(() -> {
            try {
                barrier.await(Duration.ofSeconds(10));
            } catch (Exception e) {
                thrown.set(e);
            }
        });
        waiter.start();
        while (barrier.numberWaiting() == 0) {
            Thread.sleep(1);
        }
        return waiter;
    }
}
