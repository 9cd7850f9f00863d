package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import io.github.multiprocess4j.ipc.Doorbell;
import io.github.multiprocess4j.ipc.Futex;
import io.github.multiprocess4j.ipc.MappedSegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A waiter of another JVM asleep on a synchronizer is woken by the ring (its doorbell, or the futex where both JVMs can
 * use one), not by its periodic look: the child's
 * periodic look is set to a minute, longer than its wait, so its wait can end with the event set before its own
 * timeout only if the {@code set()} rang it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DoorbellAcrossProcessesTest {

    private static final String NO_POLLING = "-Dmultiprocess4j.doorbellPollMillis=60000";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aSetRingsTheDoorbellOfAWaiterAsleepInAnotherJvmWhichWakesBeforeItsWaitEnds() throws Exception {
        try (ProcessEvent event = ProcessEvent.create()) {
            Worker<Boolean> child = Launch.with(Launch.options().jvmArgs(NO_POLLING).build())
                    .process(() -> wokenBeforeTimeout(event));
            try {
                long entry = awaitSleeper(event.state(), SyncLayout.Kind.EVENT);
                assertThat(entry < 0).as("a futex sleeper (bit 63) where futexes are available: a child gets its "
                        + "parent's native access").isEqualTo(Futex.available());
                Path socket = Doorbell.socketOf(entry & Long.MAX_VALUE);
                assertThat(socket).as("the sleeping JVM's doorbell").isNotNull();
                assertThat(Files.exists(socket)).isTrue();
                Thread.sleep(100); // asleep for longer than 50 ms

                event.set();

                assertThat(child.result()).as("woken by the ring, before its wait timed out").isTrue();
                assertThat(sleepers(event.state())).as("the mark is cleared when the wait ends").isZero();
                assertThat(socket).as("deleted when the child JVM exits").doesNotExist();
            } finally {
                child.kill();
            }
        }
    }

    @Test
    void aReleaseRingsTheDoorbellOfAnAcquirerAsleepInAnotherJvm() throws Exception {
        try (ProcessSemaphore semaphore = ProcessSemaphore.create(1)) {
            semaphore.acquire();
            Worker<Boolean> child = Launch.with(Launch.options().jvmArgs(NO_POLLING).build())
                    .process(() -> takenBeforeTimeout(semaphore::tryAcquire, semaphore::release));
            try {
                awaitSleeper(semaphore.state(), SyncLayout.Kind.SEMAPHORE);
                Thread.sleep(100);

                semaphore.release();

                assertThat(child.result()).as("woken by the ring, before its wait timed out").isTrue();
                assertThat(semaphore.availablePermits()).isEqualTo(1);
            } finally {
                child.kill();
            }
        }
    }

    @Test
    void anUnlockRingsTheDoorbellOfAWaiterAsleepInAnotherJvm() throws Exception {
        try (ProcessLock lock = ProcessLock.create()) {
            lock.lock();
            Worker<Boolean> child = Launch.with(Launch.options().jvmArgs(NO_POLLING).build())
                    .process(() -> takenBeforeTimeout(lock::tryLock, lock::unlock));
            try {
                awaitSleeper(lock.state().segment(), LockLayout.SLEEPERS_OFFSET,
                        LockLayout.sleeperTableOffset(LockLayout.DEFAULT_SLOT_COUNT));
                Thread.sleep(100);

                lock.unlock();

                assertThat(child.result()).as("woken by the ring, before its wait timed out").isTrue();
                assertThat(lock.isLocked()).isFalse();
            } finally {
                child.kill();
            }
        }
    }

    @Test
    void aSignalRingsTheDoorbellOfAConditionWaiterAsleepInAnotherJvm() throws Exception {
        try (ProcessLock lock = ProcessLock.create(); ProcessCondition condition = lock.newCondition()) {
            Worker<Boolean> child = Launch.with(Launch.options().jvmArgs(NO_POLLING).build()).process(() -> {
                long deadline = System.nanoTime() + WAIT.toNanos();
                condition.lock().lock();
                try {
                    boolean signalled = condition.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    return signalled && System.nanoTime() - deadline < 0;
                } finally {
                    condition.lock().unlock();
                }
            });
            try {
                awaitSleeper(condition.state(), SyncLayout.Kind.CONDITION);
                Thread.sleep(100);

                lock.lock();
                try {
                    condition.signal();
                } finally {
                    lock.unlock();
                }

                assertThat(child.result()).as("woken by the ring, before its wait timed out").isTrue();
            } finally {
                child.kill();
            }
        }
    }

    @Test
    void theMarkOfASleeperKilledInItsSleepIsClearedByTheWakesThatFollow() throws Exception {
        try (ProcessEvent event = ProcessEvent.create()) {
            Worker<Boolean> child = Launch.with(Launch.options().jvmArgs(NO_POLLING).build())
                    .process(() -> wokenBeforeTimeout(event));
            try {
                awaitSleeper(event.state(), SyncLayout.Kind.EVENT);
            } finally {
                child.kill();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (child.exitCode().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(child.exitCode()).as("killed, still marked asleep").isPresent();
            assertThat(sleepers(event.state())).isEqualTo(1);
            while (sleepers(event.state()) != 0 && System.nanoTime() < deadline) {
                event.set(); // a futex wake finds nobody asleep and rings the doorbell, which fails: the mark goes
                event.clear();
                Thread.sleep(5);
            }
            assertThat(sleepers(event.state())).as("the dead sleeper's mark, and so the wakers' system calls").isZero();
        }
    }

    /** A timed take in the child: a semaphore's permit, a lock. */
    @FunctionalInterface
    private interface TimedTake {
        boolean take(Duration timeout) throws InterruptedException;
    }

    /** The child's side: whether it took the thing, and before its wait's timeout; gives it back if so. */
    private static boolean takenBeforeTimeout(TimedTake take, Runnable giveBack) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        boolean taken = take.take(WAIT);
        boolean early = System.nanoTime() - deadline < 0;
        if (taken) {
            giveBack.run();
        }
        return taken && early;
    }

    /** The child's side: whether the event was set and its wait ended before its timeout. */
    private static boolean wokenBeforeTimeout(ProcessEvent event) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        boolean set = event.await(WAIT);
        return set && System.nanoTime() - deadline < 0;
    }

    /** Waits until one process is marked asleep on the synchronizer; its doorbell id. */
    private static long awaitSleeper(SyncState state, SyncLayout.Kind kind) throws InterruptedException {
        return awaitSleeper(state.segment(), SyncLayout.SLEEPERS_OFFSET,
                SyncLayout.sleeperTableOffset(kind, SyncLayout.DEFAULT_SLOT_COUNT));
    }

    private static long awaitSleeper(MappedSegment segment, int countOffset, int tableOffset)
            throws InterruptedException {
        while (segment.getLongVolatile(countOffset) == 0) {
            Thread.sleep(2);
        }
        for (int slot = 0; slot < SyncLayout.DEFAULT_SLOT_COUNT; slot++) {
            long id = segment.getLongVolatile(tableOffset + 8 * slot);
            if (id != 0) {
                return id;
            }
        }
        throw new AssertionError("the count says a process sleeps, but no entry names it");
    }

    private static long sleepers(SyncState state) {
        return state.segment().getLongVolatile(SyncLayout.SLEEPERS_OFFSET);
    }
}
