package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Task;
import io.github.multiprocess4j.core.Worker;
import io.github.multiprocess4j.ipc.Backoff;
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
 * A waiter of another JVM asleep on a synchronizer or a queue is woken by the ring (its doorbell, or the futex where
 * both JVMs can use one), not by a look of its own. The child's looks are timed: its sleeps start at
 * {@link Backoff#FIRST_PARK_NANOS} after it marks itself asleep and double ({@link Backoff#ringable}), its periodic
 * look set to a minute, so its own looks come at about 1.31 s and 2.62 s after its mark. The change is made between
 * the two, and the child must have what it waited for within {@link #RING_LATENCY_NANOS}: long before its next look.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DoorbellAcrossProcessesTest {

    private static final String NO_POLLING = "-Dmultiprocess4j.doorbellPollMillis=60000";
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** What a child returns when its wait ended without the thing it waited for. */
    private static final long NOT_WOKEN = Long.MIN_VALUE;
    private static final long RING_LATENCY_NANOS = TimeUnit.MILLISECONDS.toNanos(400);
    /** When to change, after the mark: 150 ms after the child's first own look past a second. */
    private static final long CHANGE_AFTER_MARK_NANOS = ownLookAfter(TimeUnit.SECONDS.toNanos(1))
            + TimeUnit.MILLISECONDS.toNanos(150);

    @Test
    void aSetWakesAWaiterAsleepInAnotherJvm() throws Exception {
        try (ProcessEvent event = ProcessEvent.create()) {
            Worker<Long> child = sleepyChild(() -> event.await(WAIT) ? System.nanoTime() : NOT_WOKEN);
            try {
                long entry = awaitSleeper(event.state(), SyncLayout.Kind.EVENT);
                assertThat(entry < 0).as("a futex sleeper (bit 63) where futexes are available: a child gets its "
                        + "parent's native access").isEqualTo(Futex.available());
                Path socket = Doorbell.socketOf(entry & Long.MAX_VALUE);
                assertThat(socket).as("the sleeping JVM's doorbell").isNotNull();
                assertThat(Files.exists(socket)).isTrue();

                assertWokenByTheRing(child, changeBetweenOwnLooks(event::set));
                assertThat(sleepers(event.state())).as("the mark is cleared when the wait ends").isZero();
                assertThat(socket).as("deleted when the child JVM exits").doesNotExist();
            } finally {
                child.kill();
            }
        }
    }

    @Test
    void aReleaseWakesAnAcquirerAsleepInAnotherJvm() throws Exception {
        try (ProcessSemaphore semaphore = ProcessSemaphore.create(1)) {
            semaphore.acquire();
            Worker<Long> child = sleepyChild(() -> takenAt(semaphore::tryAcquire, semaphore::release));
            try {
                awaitSleeper(semaphore.state(), SyncLayout.Kind.SEMAPHORE);

                assertWokenByTheRing(child, changeBetweenOwnLooks(semaphore::release));
                assertThat(semaphore.availablePermits()).isEqualTo(1);
            } finally {
                child.kill();
            }
        }
    }

    @Test
    void anUnlockWakesAWaiterAsleepInAnotherJvm() throws Exception {
        try (ProcessLock lock = ProcessLock.create()) {
            lock.lock();
            Worker<Long> child = sleepyChild(() -> takenAt(lock::tryLock, lock::unlock));
            try {
                awaitSleeper(lock.state().segment(), LockLayout.SLEEPERS_OFFSET,
                        LockLayout.sleeperTableOffset(LockLayout.DEFAULT_SLOT_COUNT));

                assertWokenByTheRing(child, changeBetweenOwnLooks(lock::unlock));
                assertThat(lock.isLocked()).isFalse();
            } finally {
                child.kill();
            }
        }
    }

    @Test
    void aSignalWakesAConditionWaiterAsleepInAnotherJvm() throws Exception {
        try (ProcessLock lock = ProcessLock.create(); ProcessCondition condition = lock.newCondition()) {
            Worker<Long> child = sleepyChild(() -> {
                condition.lock().lock();
                try {
                    return condition.await(WAIT.toMillis(), TimeUnit.MILLISECONDS) ? System.nanoTime() : NOT_WOKEN;
                } finally {
                    condition.lock().unlock();
                }
            });
            try {
                awaitSleeper(condition.state(), SyncLayout.Kind.CONDITION);

                assertWokenByTheRing(child, changeBetweenOwnLooks(() -> {
                    lock.lock();
                    try {
                        condition.signal();
                    } finally {
                        lock.unlock();
                    }
                }));
            } finally {
                child.kill();
            }
        }
    }

    @Test
    void aPutWakesAGetterAsleepInAnotherJvm() throws Exception {
        try (SharedQueue<Integer> queue = SharedQueue.builder().capacity(4).maxElementBytes(16).create()) {
            Worker<Long> child = sleepyChild(() -> queue.get(WAIT) == 7 ? System.nanoTime() : NOT_WOKEN);
            try {
                awaitSleeper(queue, RingLayout.GETTERS_ASLEEP);

                assertWokenByTheRing(child, changeBetweenOwnLooks(() -> queue.put(7)));
                assertThat(asleep(queue, RingLayout.GETTERS_ASLEEP)).as("the mark is cleared when the wait ends")
                        .isZero();
            } finally {
                child.kill();
            }
        }
    }

    @Test
    void aGetWakesAPutterAsleepInAnotherJvmOnAFullQueue() throws Exception {
        try (SharedQueue<Integer> queue = SharedQueue.builder().capacity(1).maxElementBytes(16).create()) {
            queue.put(1);
            Worker<Long> child = sleepyChild(() -> {
                queue.put(2, WAIT);
                return System.nanoTime();
            });
            try {
                awaitSleeper(queue, RingLayout.PUTTERS_ASLEEP);

                assertWokenByTheRing(child, changeBetweenOwnLooks(() -> assertThat(queue.get()).isEqualTo(1)));
                assertThat(queue.getNowait()).isEqualTo(2);
            } finally {
                child.kill();
            }
        }
    }

    @Test
    void theLastTaskDoneWakesAJoinerAsleepInAnotherJvm() throws Exception {
        try (SharedQueue<Integer> queue = SharedQueue.builder().capacity(4).maxElementBytes(16).create()) {
            queue.put(1);
            queue.put(2);
            Worker<Long> child = sleepyChild(() -> queue.join(WAIT) ? System.nanoTime() : NOT_WOKEN);
            try {
                awaitSleeper(queue, RingLayout.JOINERS_ASLEEP);
                queue.get();
                queue.get();
                queue.taskDone();

                assertWokenByTheRing(child, changeBetweenOwnLooks(queue::taskDone));
            } finally {
                child.kill();
            }
        }
    }

    @Test
    void theMarkOfASleeperKilledInItsSleepIsClearedByTheWakesThatFollow() throws Exception {
        try (ProcessEvent event = ProcessEvent.create()) {
            Worker<Long> child = sleepyChild(() -> event.await(WAIT) ? System.nanoTime() : NOT_WOKEN);
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

    /** A child JVM whose periodic look is a minute away, running {@code wait}: when it ended, or {@link #NOT_WOKEN}. */
    private static Worker<Long> sleepyChild(Task<Long> wait) {
        return Launch.with(Launch.options().jvmArgs(NO_POLLING).build()).process(wait);
    }

    /** A change the child waits for. */
    @FunctionalInterface
    private interface Change {
        void make() throws Exception;
    }

    /** Makes {@code change} between the child's own looks ({@link #CHANGE_AFTER_MARK_NANOS}); when it was made. */
    private static long changeBetweenOwnLooks(Change change) throws Exception {
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(CHANGE_AFTER_MARK_NANOS));
        long changed = System.nanoTime();
        change.make();
        return changed;
    }

    private static void assertWokenByTheRing(Worker<Long> child, long changed) throws Exception {
        long woken = child.result();
        assertThat(woken).as("the child had what it waited for").isNotEqualTo(NOT_WOKEN);
        assertThat(woken - changed).as("nanoseconds from the change to the child's wake: its own next look was over a"
                + " second away").isBetween(0L, RING_LATENCY_NANOS);
    }

    /** When a sleeper's own looks come: the first at least {@code nanos} after its mark. */
    private static long ownLookAfter(long nanos) {
        long look = Backoff.FIRST_PARK_NANOS;
        while (look < nanos) {
            look = 2 * look + Backoff.FIRST_PARK_NANOS; // FIRST_PARK (2^n - 1)
        }
        return look;
    }

    /** A timed take in the child: a semaphore's permit, a lock. */
    @FunctionalInterface
    private interface TimedTake {
        boolean take(Duration timeout) throws InterruptedException;
    }

    /** The child's side: when it took the thing, then gave it back; {@link #NOT_WOKEN} if it did not. */
    private static long takenAt(TimedTake take, Runnable giveBack) throws InterruptedException {
        if (!take.take(WAIT)) {
            return NOT_WOKEN;
        }
        long taken = System.nanoTime();
        giveBack.run();
        return taken;
    }

    /** Waits until one process is marked asleep on the synchronizer; its doorbell id. */
    private static long awaitSleeper(SyncState state, SyncLayout.Kind kind) throws InterruptedException {
        return awaitSleeper(state.segment(), SyncLayout.SLEEPERS_OFFSET,
                SyncLayout.sleeperTableOffset(kind, SyncLayout.DEFAULT_SLOT_COUNT));
    }

    /** Waits until one process is marked asleep on the queue's waiters whose count is at {@code asleepOffset}. */
    private static void awaitSleeper(SharedQueue<?> queue, int asleepOffset) throws InterruptedException {
        awaitSleeper(queue.state().memory.segment(), asleepOffset,
                RingLayout.sleeperTableOffset(RingLayout.DEFAULT_SLOT_COUNT, asleepOffset));
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

    private static long asleep(SharedQueue<?> queue, int asleepOffset) {
        return queue.state().memory.segment().getLongVolatile(asleepOffset);
    }
}
