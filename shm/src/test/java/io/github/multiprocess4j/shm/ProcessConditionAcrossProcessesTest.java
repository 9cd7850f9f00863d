package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ProcessCondition} between JVMs. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessConditionAcrossProcessesTest {

    @Test
    void aProducerAndAConsumerInTwoJvmsPassEveryItemWithSignal() throws Exception {
        int items = 200;
        try (ProcessLock lock = ProcessLock.create();
                ProcessCondition notEmpty = lock.newCondition();
                ProcessCondition notFull = lock.newCondition();
                SharedMemory box = SharedMemory.create(64)) {
            Worker<Long> consumer = Launch.process(() -> ShmChildTasks.consume(notEmpty, notFull, box, items));
            try {
                long sum = 0;
                for (int i = 1; i <= items; i++) {
                    try (ProcessLock.Held held = lock.hold()) {
                        while (box.getLong(ShmChildTasks.COUNTER) != 0) {
                            assertThat(notFull.await(Duration.ofSeconds(30))).as("the consumer took item " + i)
                                    .isTrue();
                        }
                        box.putInt(ShmChildTasks.INSIDE, i);
                        box.putLong(ShmChildTasks.COUNTER, 1);
                        notEmpty.signal();
                    }
                    sum += i;
                }
                assertThat(consumer.result()).isEqualTo(sum);
            } finally {
                consumer.kill();
                consumer.join();
            }
        }
    }

    @Test
    void aWaiterKilledMidWaitDoesNotSwallowTheSignalMeantForTheNext() throws Exception {
        withTwoWaiters((lock, condition, doomed, next, woken) -> {
            doomed.kill();
            doomed.join();
            long signalledAt = System.nanoTime();
            try (ProcessLock.Held held = lock.hold()) {
                condition.signal();
            }
            next.join(TimeUnit.SECONDS.toMillis(5));
            assertThat(woken.get()).as("the one signal went to the live waiter").isTrue();
            System.out.println("the live waiter woke "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalledAt) + " ms after the signal");
        });
    }

    @Test
    void aWaiterKilledAfterItsSignalBeforeTakingTheLockBackPassesTheSignalOn() throws Exception {
        withTwoWaiters((lock, condition, doomed, next, woken) -> {
            long releasedAt;
            try (ProcessLock.Held held = lock.hold()) {
                condition.signal(); // to the first waiter, the oldest, alive
                doomed.kill(); // before it can take the lock back: this thread holds it
                doomed.join();
                releasedAt = System.nanoTime();
            }
            next.join(TimeUnit.SECONDS.toMillis(5));
            assertThat(woken.get()).as("the dead waiter's signal went on to the live one").isTrue();
            System.out.println("the live waiter woke " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - releasedAt)
                    + " ms after the lock was free again");
        });
    }

    /** What a test does with two waiters of one condition, each holding its ticket. */
    @FunctionalInterface
    private interface TwoWaiters {
        /**
         * @param doomed the first waiter, in a child JVM
         * @param next the second, a thread of this JVM that waits up to 30 s and sets {@code woken} to what its wait
         *     returned
         */
        void run(ProcessLock lock, ProcessCondition condition, Worker<Object> doomed, Thread next, AtomicBoolean woken)
                throws Exception;
    }

    /** Makes a condition with two waiters, the first in a child JVM, runs {@code test}, then ends both. */
    private static void withTwoWaiters(TwoWaiters test) throws Exception {
        try (ProcessLock lock = ProcessLock.create();
                ProcessCondition condition = lock.newCondition();
                SharedMemory flags = SharedMemory.create(64)) {
            Worker<Object> doomed = Launch.process(() -> ShmChildTasks.awaitForever(condition, flags));
            AtomicBoolean woken = new AtomicBoolean();
            Thread next = null;
            try {
                while (flags.getIntVolatile(ShmChildTasks.HOLDING) == 0) {
                    assertThat(doomed.isAlive()).as("the first waiter is alive").isTrue();
                    Thread.sleep(5);
                }
                lock.lock(); // the first waiter has its ticket and has let go of the lock
                lock.unlock();
                next = new Thread(() -> {
                    try (ProcessLock.Held held = lock.hold()) {
                        flags.putIntVolatile(ShmChildTasks.INSIDE, 1);
                        woken.set(condition.await(Duration.ofSeconds(30)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                next.start();
                while (flags.getIntVolatile(ShmChildTasks.INSIDE) == 0) {
                    Thread.sleep(5);
                }
                lock.lock(); // the second waiter has its ticket too
                lock.unlock();
                test.run(lock, condition, doomed, next, woken);
            } finally {
                doomed.kill();
                doomed.join();
                if (next != null) {
                    next.interrupt();
                    next.join();
                }
            }
        }
    }
}
