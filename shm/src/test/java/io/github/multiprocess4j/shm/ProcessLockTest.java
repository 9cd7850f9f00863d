package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.multiprocess4j.ipc.ProcessSlots;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ProcessLock} within one JVM. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessLockTest {

    @Test
    void aNewLockIsUnlockedAndLivesInTwoOwnerOnlyFiles() throws Exception {
        try (ProcessLock lock = ProcessLock.create()) {
            Path segment = SegmentFiles.defaultDirectory().resolve(lock.name());

            assertThat(lock.name()).matches("mp4j_lock_[0-9a-f]{8}");
            assertThat(lock.isLocked()).isFalse();
            assertThat(segment).exists();
            assertThat(ProcessSlots.ownersFile(segment)).exists();
            assertThat(lock).hasToString("ProcessLock('" + lock.name() + "')");
        }
    }

    @Test
    void holdLocksAndItsCloseUnlocks() {
        try (ProcessLock lock = ProcessLock.create()) {
            try (ProcessLock.Held held = lock.hold()) {
                assertThat(lock.isHeldByCurrentThread()).isTrue();
                assertThat(lock.isLocked()).isTrue();
            }
            assertThat(lock.isHeldByCurrentThread()).isFalse();
            assertThat(lock.isLocked()).isFalse();
        }
    }

    @Test
    void itIsNotReentrant() throws Exception {
        try (ProcessLock lock = ProcessLock.create()) {
            lock.lock();
            try {
                assertThatThrownBy(lock::lock).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("not reentrant");
                assertThatThrownBy(() -> lock.tryLock(1, TimeUnit.SECONDS))
                        .isInstanceOf(IllegalStateException.class);
                assertThat(lock.tryLock()).isFalse();
            } finally {
                lock.unlock();
            }
        }
    }

    @Test
    void onlyTheOwningThreadMayUnlock() throws Exception {
        try (ProcessLock lock = ProcessLock.create()) {
            assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
            lock.lock();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    lock.unlock();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            other.start();
            other.join();
            lock.unlock();

            assertThat(failure.get()).isInstanceOf(IllegalMonitorStateException.class);
        }
    }

    @Test
    void tryLockGivesUpWhenTheTimeRunsOut() throws Exception {
        try (ProcessLock lock = ProcessLock.create()) {
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Thread holder = new Thread(() -> {
                lock.lock();
                held.countDown();
                awaitQuietly(done);
                lock.unlock();
            });
            holder.start();
            held.await();

            long start = System.nanoTime();
            boolean taken = lock.tryLock(Duration.ofMillis(200));
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            boolean takenAtOnce = lock.tryLock();
            done.countDown();
            holder.join();

            assertThat(taken).isFalse();
            assertThat(takenAtOnce).isFalse();
            assertThat(waitedMillis).isBetween(190L, 5_000L);
            assertThat(lock.tryLock(Duration.ofSeconds(10))).isTrue();
            lock.unlock();
        }
    }

    /**
     * Regression: a negative timeout was taken for no wait at all, where Python's {@code acquire(timeout=-2)} raises
     * ValueError, and the queues of this library refuse one too; a null one failed naming no parameter.
     */
    @Test
    void aNegativeOrNullTimeoutIsRefusedAndAnEnormousOneWaits() throws Exception {
        try (ProcessLock lock = ProcessLock.create()) {
            assertThatThrownBy(() -> lock.tryLock(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("timeout must not be negative, got PT-0.001S");
            assertThatThrownBy(() -> lock.tryLock(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("timeout");
            assertThat(lock.isLocked()).isFalse();

            assertThat(lock.tryLock(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999))).isTrue();
            lock.unlock();
            assertThat(lock.tryLock(-1, TimeUnit.SECONDS)).as("Lock's rule: no wait").isTrue();
            lock.unlock();
        }
    }

    @Test
    void aWaiterGetsTheLockWhenItIsReleased() throws Exception {
        try (ProcessLock lock = ProcessLock.create()) {
            lock.lock();
            AtomicInteger stage = new AtomicInteger();
            Thread waiter = new Thread(() -> {
                lock.lock();
                stage.set(1);
                lock.unlock();
            });
            waiter.start();
            Thread.sleep(50);
            assertThat(stage.get()).isZero();
            lock.unlock();
            waiter.join();

            assertThat(stage.get()).isEqualTo(1);
        }
    }

    @Test
    void lockInterruptiblyEndsOnInterruptAndLockKeepsTheInterruptStatus() throws Exception {
        try (ProcessLock lock = ProcessLock.create()) {
            lock.lock();
            AtomicReference<Throwable> interruptible = new AtomicReference<>();
            Thread first = new Thread(() -> {
                try {
                    lock.lockInterruptibly();
                } catch (Throwable e) {
                    interruptible.set(e);
                }
            });
            AtomicReference<Boolean> statusKept = new AtomicReference<>();
            Thread second = new Thread(() -> {
                lock.lock();
                statusKept.set(Thread.currentThread().isInterrupted());
                lock.unlock();
            });
            first.start();
            second.start();
            Thread.sleep(100);
            first.interrupt();
            second.interrupt();
            first.join();
            Thread.sleep(50);
            lock.unlock();
            second.join();

            assertThat(interruptible.get()).isInstanceOf(InterruptedException.class);
            assertThat(statusKept.get()).isTrue();
        }
    }

    @Test
    void newConditionMakesAProcessConditionOfThisLock() {
        try (ProcessLock lock = ProcessLock.create(); ProcessCondition condition = lock.newCondition()) {
            assertThat(condition.lock().name()).isEqualTo(lock.name());
        }
    }

    @Test
    void handlesOnOneLockInOneJvmExcludeEachOther() throws Exception {
        try (ProcessLock lock = ProcessLock.create(); ProcessLock same = ProcessLock.attach(lock.name())) {
            lock.lock();
            boolean takenThroughOther = same.tryLock();
            lock.unlock();

            assertThat(takenThroughOther).isFalse();
            assertThat(same.tryLock()).isTrue();
            assertThat(lock.isHeldByCurrentThread()).isTrue();
            same.unlock();
        }
    }

    @Test
    void twoThreadsNeverHoldItAtOnce() throws Exception {
        int threads = 4;
        int rounds = 50_000;
        try (ProcessLock lock = ProcessLock.create(); ProcessLock second = ProcessLock.attach(lock.name());
                SharedMemory counter = SharedMemory.create(64)) {
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            long[] plainCounter = new long[1];
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                ProcessLock handle = t % 2 == 0 ? lock : second;
                Thread worker = new Thread(() -> {
                    for (int i = 0; i < rounds; i++) {
                        try (ProcessLock.Held held = handle.hold()) {
                            if (inside.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            plainCounter[0]++;
                            counter.putLong(8, counter.getLong(8) + 1);
                            inside.decrementAndGet();
                        }
                    }
                });
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                worker.join();
            }

            assertThat(overlaps.get()).isZero();
            assertThat(plainCounter[0]).isEqualTo((long) threads * rounds);
            assertThat(counter.getLong(8)).isEqualTo((long) threads * rounds);
        }
    }

    @Test
    void aWordLeftByAProcessThatIsGoneIsTakenOver() throws Exception {
        try (ProcessLock lock = ProcessLock.create(); SharedMemory raw = SharedMemory.attach(lock.name())) {
            long[] tokensOfTheDead = {
                99L << 16 | 7,                              // slot 7: nobody holds its file lock
                (raw.getLongVolatile(LockLayout.GENERATIONS_OFFSET) + 1000) << 16, // slot 0 under a later generation
                1L << 16 | 0xFFFE,                         // a slot beyond the slot count
            };
            for (long token : tokensOfTheDead) {
                raw.putLongVolatile(LockLayout.WORD_OFFSET, token);

                assertThat(lock.isLocked()).isTrue();
                assertThat(lock.tryLock(Duration.ofSeconds(5))).as("token 0x%x", token).isTrue();
                assertThat(raw.getLongVolatile(LockLayout.WORD_OFFSET)).isNotEqualTo(token);
                lock.unlock();
            }
        }
    }

    @Test
    void theCreatorsCloseUnlinksBothFilesUnlessKept() {
        ProcessLock lock = ProcessLock.create();
        Path segment = SegmentFiles.defaultDirectory().resolve(lock.name());
        lock.close();
        lock.close();
        assertThat(segment).doesNotExist();
        assertThat(ProcessSlots.ownersFile(segment)).doesNotExist();

        ProcessLock kept = ProcessLock.create().keep();
        kept.close();
        try (ProcessLock again = ProcessLock.attach(kept.name())) {
            assertThat(again.tryLock()).isTrue();
            again.unlock();
            again.unlink();
        }
        assertThat(SegmentFiles.defaultDirectory().resolve(kept.name())).doesNotExist();
    }

    @Test
    void aClosedHandleRefusesEverything() {
        ProcessLock lock = ProcessLock.create();
        lock.close();

        assertThatThrownBy(lock::lock).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(lock::tryLock).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(lock::isLocked).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theLastHandleCannotBeClosedWhileHeld() {
        ProcessLock lock = ProcessLock.create();
        lock.lock();

        assertThatThrownBy(lock::close).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unlock it first");
        lock.unlock();
        lock.close();
    }

    @Test
    void openingAMissingLockFailsNamingIt() {
        assertThatThrownBy(() -> ProcessLock.attach("mp4j_test_no_lock"))
                .isInstanceOf(SharedMemoryNotFoundException.class).hasMessageContaining("'mp4j_test_no_lock'");
    }

    @Test
    void openingASegmentThatIsNotALockFailsClearly() throws Exception {
        try (SharedMemory zeros = SharedMemory.create(4096)) {
            Files.createFile(ProcessSlots.ownersFile(zeros.file()));
            try {
                assertThatThrownBy(() -> ProcessLock.attach(zeros.name())).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("is not a ProcessLock").hasMessageContaining("magic number is 0x0");
                zeros.putInt(0, 0x12345678);
                assertThatThrownBy(() -> ProcessLock.attach(zeros.name())).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("0x12345678");
                zeros.putInt(0, LockLayout.MAGIC);
                zeros.putInt(4, LockLayout.VERSION);
                zeros.putInt(8, 1_000_000);
                assertThatThrownBy(() -> ProcessLock.attach(zeros.name())).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("slot count 1000000");
            } finally {
                Files.delete(ProcessSlots.ownersFile(zeros.file()));
            }
        }
    }

    @Test
    void aSlotGenerationOutOfRangeFailsToOpenRatherThanMakeATokenThatReadsAsFree() throws Exception {
        for (long damaged : new long[] {-1, ProcessSlots.MAX_GENERATION}) {
            ProcessLock created = ProcessLock.create().keep();
            Path segment = SegmentFiles.defaultDirectory().resolve(created.name());
            created.close();
            try {
                try (SharedMemory memory = SharedMemory.attach(created.name())) {
                    memory.putLong(LockLayout.GENERATIONS_OFFSET, damaged);
                }
                assertThatThrownBy(() -> ProcessLock.attach(created.name()))
                        .as("slot 0's generation %d", damaged).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("'" + created.name() + "'").hasMessageContaining("generation");
            } finally {
                Files.deleteIfExists(ProcessSlots.ownersFile(segment));
                Files.deleteIfExists(segment);
            }
        }
    }

    @Test
    void aSerializedLockOpensTheSameLock() throws Exception {
        try (ProcessLock lock = ProcessLock.create()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(lock);
            }
            ProcessLock copy;
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                copy = (ProcessLock) in.readObject();
            }
            lock.lock();
            boolean takenThroughCopy = copy.tryLock();
            lock.unlock();
            copy.close();

            assertThat(copy.name()).isEqualTo(lock.name());
            assertThat(takenThroughCopy).isFalse();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
