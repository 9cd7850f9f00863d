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
        try (ProcessLock lock = ProcessLock.create();
                ProcessCondition condition = lock.newCondition();
                SharedMemory flags = SharedMemory.create(64)) {
            Worker<Object> doomed = Launch.process(() -> ShmChildTasks.awaitForever(condition, flags));
            Thread next = null;
            try {
                while (flags.getIntVolatile(ShmChildTasks.HOLDING) == 0) {
                    assertThat(doomed.isAlive()).as("the first waiter is alive").isTrue();
                    Thread.sleep(5);
                }
                lock.lock(); // the first waiter has its ticket and has let go of the lock
                lock.unlock();
                AtomicBoolean woken = new AtomicBoolean();
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
                doomed.kill();
                doomed.join();
                long signalledAt = System.nanoTime();
                try (ProcessLock.Held held = lock.hold()) { // the second waiter has its ticket too
                    condition.signal();
                }
                next.join(TimeUnit.SECONDS.toMillis(5));
                assertThat(woken.get()).as("the one signal went to the live waiter").isTrue();
                System.out.println("the live waiter woke "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalledAt) + " ms after the signal");
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

    @Test
    void aWaiterKilledAfterItsSignalBeforeTakingTheLockBackPassesTheSignalOn() throws Exception {
        try (ProcessLock lock = ProcessLock.create();
                ProcessCondition condition = lock.newCondition();
                SharedMemory flags = SharedMemory.create(64)) {
            Worker<Object> doomed = Launch.process(() -> ShmChildTasks.awaitForever(condition, flags));
            Thread next = null;
            try {
                while (flags.getIntVolatile(ShmChildTasks.HOLDING) == 0) {
                    assertThat(doomed.isAlive()).as("the first waiter is alive").isTrue();
                    Thread.sleep(5);
                }
                lock.lock(); // the first waiter has its ticket and has let go of the lock
                lock.unlock();
                AtomicBoolean woken = new AtomicBoolean();
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
                long releasedAt;
                try (ProcessLock.Held held = lock.hold()) { // the second waiter has its ticket too
                    condition.signal(); // to the first waiter, the oldest, alive
                    doomed.kill(); // before it can take the lock back: this thread holds it
                    doomed.join();
                    releasedAt = System.nanoTime();
                }
                next.join(TimeUnit.SECONDS.toMillis(5));
                assertThat(woken.get()).as("the dead waiter's signal went on to the live one").isTrue();
                System.out.println("the live waiter woke "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - releasedAt)
                        + " ms after the lock was free again");
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
