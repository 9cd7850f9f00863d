package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ProcessCondition} within one JVM: the contract, the lock's part in it, bad calls. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessConditionTest {

    @Test
    void aSignalWakesAWaiterWhichHoldsTheLockAgain() throws Exception {
        try (ProcessLock lock = ProcessLock.create(); ProcessCondition condition = lock.newCondition()) {
            assertThat(condition.lock().name()).isEqualTo(lock.name());
            AtomicReference<Object> woken = new AtomicReference<>();
            CountDownLatch waiting = new CountDownLatch(1);
            Thread waiter = new Thread(() -> {
                try (ProcessLock.Held held = lock.hold()) {
                    waiting.countDown();
                    boolean signalled = condition.await(Duration.ofSeconds(30));
                    woken.set(signalled && lock.isHeldByCurrentThread());
                } catch (InterruptedException e) {
                    woken.set(e);
                }
            });
            waiter.start();
            waiting.await();
            try (ProcessLock.Held held = lock.hold()) { // the waiter has let go of it: it waits
                condition.signal();
            }
            waiter.join();
            assertThat(woken.get()).isEqualTo(true);
        }
    }

    @Test
    void aTimedWaitReturnsFalseOnTimeAndKeepsAReentrantLocksHolds() throws Exception {
        try (ProcessLock lock = ProcessLock.createReentrant(); ProcessCondition condition = lock.newCondition()) {
            lock.lock();
            lock.lock();
            long start = System.nanoTime();
            assertThat(condition.await(Duration.ofMillis(100))).isFalse();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
            assertThat(condition.await(Duration.ZERO)).isFalse();
            assertThat(condition.awaitNanos(1_000_000)).isLessThanOrEqualTo(0);
            assertThat(lock.getHoldCount()).isEqualTo(2);
            lock.unlock();
            lock.unlock();
            assertThat(lock.isLocked()).isFalse();
        }
    }

    @Test
    void signalAllWakesEveryWaiterAndASignalSkipsTheTimedOut() throws Exception {
        try (ProcessLock lock = ProcessLock.create(); ProcessCondition condition = ProcessCondition.create(lock)) {
            lock.lock();
            assertThat(condition.await(Duration.ofMillis(1))).isFalse(); // a cancelled ticket before the others
            lock.unlock();
            int threads = 3;
            CountDownLatch waiting = new CountDownLatch(threads);
            CountDownLatch woken = new CountDownLatch(threads);
            List<Thread> waiters = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread waiter = new Thread(() -> {
                    try (ProcessLock.Held held = lock.hold()) {
                        waiting.countDown();
                        if (condition.await(Duration.ofSeconds(30))) {
                            woken.countDown();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                waiters.add(waiter);
                waiter.start();
            }
            try {
                waiting.await();
                try (ProcessLock.Held held = lock.hold()) {
                    condition.signal();
                }
                assertThat(woken.await(1, TimeUnit.SECONDS)).isFalse();
                assertThat(woken.getCount()).as("one signal wakes one").isEqualTo(threads - 1);
                try (ProcessLock.Held held = lock.hold()) {
                    condition.signalAll();
                }
                assertThat(woken.await(10, TimeUnit.SECONDS)).isTrue();
            } finally {
                for (Thread waiter : waiters) {
                    waiter.interrupt();
                    waiter.join(); // each lets go of the lock before the lock is closed
                }
            }
        }
    }

    @Test
    void anInterruptEndsAWaitWithTheLockHeld() throws Exception {
        try (ProcessLock lock = ProcessLock.create(); ProcessCondition condition = lock.newCondition()) {
            lock.lock();
            Thread.currentThread().interrupt();
            assertThatThrownBy(condition::await).isInstanceOf(InterruptedException.class);
            Thread main = Thread.currentThread();
            Thread interrupter = new Thread(() -> {
                sleep(100);
                main.interrupt();
            });
            interrupter.start();
            assertThatThrownBy(() -> condition.await(Duration.ofSeconds(30)))
                    .isInstanceOf(InterruptedException.class);
            interrupter.join();
            assertThat(lock.isHeldByCurrentThread()).isTrue();
            lock.unlock();
        }
    }

    @Test
    void everyCallNeedsTheLockAndBadArgumentsAreRefused() throws Exception {
        try (ProcessLock lock = ProcessLock.create(); ProcessCondition condition = lock.newCondition()) {
            assertThatThrownBy(condition::signal).isInstanceOf(IllegalMonitorStateException.class)
                    .hasMessageContaining(lock.name()).hasMessageContaining(condition.name());
            assertThatThrownBy(condition::signalAll).isInstanceOf(IllegalMonitorStateException.class);
            assertThatThrownBy(condition::await).isInstanceOf(IllegalMonitorStateException.class);
            assertThatThrownBy(() -> condition.await(Duration.ofMillis(1)))
                    .isInstanceOf(IllegalMonitorStateException.class);
            lock.lock();
            try {
                assertThatThrownBy(() -> condition.await(Duration.ofMillis(-1)))
                        .isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> condition.await(null)).isInstanceOf(NullPointerException.class);
                assertThatThrownBy(() -> condition.await(1, null)).isInstanceOf(NullPointerException.class);
                assertThatThrownBy(() -> condition.awaitUntil(null)).isInstanceOf(NullPointerException.class);
                condition.signal(); // no one waits: nothing happens
                condition.signalAll();
            } finally {
                lock.unlock();
            }
            assertThatThrownBy(() -> ProcessCondition.create(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> ProcessCondition.create(null, lock)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> ProcessCondition.create("a/b", lock))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ProcessCondition.attach(lock.name())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ProcessCondition");
            assertThatThrownBy(() -> ProcessCondition.attach("mp4j_cond_missing"))
                    .isInstanceOf(SharedMemoryNotFoundException.class);
        }
        ProcessLock closed = ProcessLock.create();
        closed.close();
        assertThatThrownBy(() -> ProcessCondition.create(closed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void attachingFindsTheLockAndTheCreatorsCloseUnlinksOnlyTheCondition() throws Exception {
        Path directory = SegmentFiles.defaultDirectory();
        try (ProcessLock lock = ProcessLock.create()) {
            ProcessCondition condition = ProcessCondition.create(lock);
            try (ProcessCondition attached = ProcessCondition.attach(condition.name())) {
                assertThat(attached.lock().name()).isEqualTo(lock.name());
                assertThat(attached.toString()).isEqualTo("ProcessCondition('" + condition.name() + "')");
            }
            condition.close();
            assertThat(Files.exists(directory.resolve(condition.name()))).isFalse();
            assertThat(Files.exists(directory.resolve(condition.name() + ".owners"))).isFalse();
            assertThat(Files.exists(directory.resolve(lock.name()))).isTrue();
            assertThatThrownBy(condition::signal).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            lock.lock(); // the condition's own handle on the lock is gone, this one works
            lock.unlock();
        }
    }

    @Test
    void aLockGoneBeforeAttachingIsReported() {
        ProcessLock lock = ProcessLock.create();
        try (ProcessCondition condition = ProcessCondition.create(lock).keep()) {
            lock.close();
            lock.unlink(); // unlinked while the condition names it
            assertThatThrownBy(() -> ProcessCondition.attach(condition.name()).close())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(condition.name())
                    .hasMessageContaining("its lock '" + lock.name() + "' is gone")
                    .hasCauseInstanceOf(SharedMemoryNotFoundException.class);
            condition.unlink();
        }
    }

    @Test
    void aSymbolicLinkAtItsNameOrAtItsLocksNameIsNotFollowed() throws Exception {
        Path directory = SegmentFiles.defaultDirectory();
        try (ProcessLock other = ProcessLock.create()) {
            ProcessLock gone = ProcessLock.create();
            try (ProcessCondition condition = ProcessCondition.create(gone).keep()) {
                Path link = directory.resolve(condition.name() + "_link");
                Files.createSymbolicLink(link, directory.resolve(condition.name()));
                gone.close(); // its files are unlinked; a link to another lock takes the lock's name
                Path lockLink = directory.resolve(gone.name());
                Files.createSymbolicLink(lockLink, directory.resolve(other.name()));
                try {
                    assertThatThrownBy(() -> ProcessCondition.attach(link.getFileName().toString()))
                            .isInstanceOf(UntrustedSegmentException.class);
                    assertThatThrownBy(() -> ProcessCondition.attach(condition.name()))
                            .isInstanceOf(UntrustedSegmentException.class).hasMessageContaining(gone.name());
                } finally {
                    Files.delete(link);
                    Files.delete(lockLink);
                    condition.unlink();
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
