package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ProcessLock#createReentrant()}: Python's {@code RLock} across processes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReentrantProcessLockTest {

    @Test
    void theOwnerThreadTakesItAgainAndMustUnlockAsOften() throws Exception {
        try (ProcessLock lock = ProcessLock.createReentrant()) {
            assertThat(lock.isReentrant()).isTrue();
            assertThat(lock.getHoldCount()).isZero();
            lock.lock();
            try (ProcessLock.Held held = lock.hold()) {
                assertThat(lock.tryLock()).isTrue();
                assertThat(lock.tryLock(Duration.ofMillis(1))).isTrue();
                assertThat(lock.getHoldCount()).isEqualTo(4);
                lock.unlock();
                lock.unlock();
            }
            assertThat(lock.getHoldCount()).isOne();
            assertThat(lock.isLocked()).isTrue();
            assertThat(otherThreadGets(lock)).as("held once still").isFalse();
            lock.unlock();
            assertThat(lock.isLocked()).isFalse();
            assertThat(otherThreadGets(lock)).isTrue();
            assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
        }
    }

    @Test
    void aLockMadeByCreateStaysNotReentrantAndAttachingSeesTheFlag() throws Exception {
        try (ProcessLock plain = ProcessLock.create(); ProcessLock reentrant = ProcessLock.createReentrant()) {
            assertThat(plain.isReentrant()).isFalse();
            plain.lock();
            assertThat(plain.getHoldCount()).isOne();
            assertThat(plain.tryLock()).isFalse();
            assertThatThrownBy(plain::lock).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not reentrant");
            plain.unlock();
            assertThat(plain.getHoldCount()).isZero();
            assertThat(Launch.process(() -> ProcessLock.attach(reentrant.name()).isReentrant()).result()).isTrue();
            assertThat(Launch.process(() -> {
                try (ProcessLock copy = reentrant) {
                    return copy.isReentrant();
                }
            }).result()).isTrue();
        }
    }

    @Test
    void anotherProcessWaitsUntilTheLastUnlock() throws Exception {
        try (ProcessLock lock = ProcessLock.createReentrant(); SharedMemory flags = SharedMemory.create(64)) {
            lock.lock();
            lock.lock();
            Worker<Object> waiter = Launch.process(() -> ShmChildTasks.takeOnce(lock, flags));
            try {
                Thread.sleep(300);
                lock.unlock();
                Thread.sleep(300);
                assertThat(flags.getLongVolatile(ShmChildTasks.COUNTER)).as("still held once").isZero();
                lock.unlock();
                waiter.join(Duration.ofSeconds(30));
                assertThat(flags.getLongVolatile(ShmChildTasks.COUNTER)).isOne();
            } finally {
                waiter.kill();
                waiter.join();
            }
        }
    }

    @Test
    void aHolderKilledWithSigkillIsTakenOverAtOneHold() throws Exception {
        try (ProcessLock lock = ProcessLock.createReentrant(); SharedMemory flags = SharedMemory.create(64)) {
            Worker<Object> holder = Launch.process(() -> ShmChildTasks.holdReentrantForever(lock, 3, flags));
            try {
                while (flags.getIntVolatile(ShmChildTasks.HOLDING) == 0) {
                    assertThat(holder.isAlive()).as("the holder is alive").isTrue();
                    Thread.sleep(5);
                }
                assertThat(flags.getIntVolatile(ShmChildTasks.HOLDING)).isEqualTo(3);
                assertThat(lock.tryLock()).isFalse();
                holder.kill();
                assertThat(lock.tryLock(Duration.ofSeconds(1))).as("taken over within 1 s").isTrue();
                assertThat(lock.getHoldCount()).isOne();
                assertThat(lock.previousOwnerDied()).as("the taker knows its predecessor died").isTrue();
                lock.lock();
                assertThat(lock.previousOwnerDied()).as("a reentry answers as the first hold").isTrue();
                lock.unlock();
                lock.unlock();
                assertThat(lock.isLocked()).isFalse();
                lock.lock();
                assertThat(lock.previousOwnerDied()).as("a lock taken free had no dead predecessor").isFalse();
                lock.unlock();
                assertThatThrownBy(lock::previousOwnerDied).isInstanceOf(IllegalMonitorStateException.class)
                        .hasMessageContaining("does not hold");
            } finally {
                holder.kill();
                holder.join();
            }
        }
    }

    private static boolean otherThreadGets(ProcessLock lock) throws InterruptedException {
        boolean[] got = new boolean[1];
        Thread other = new Thread(() -> {
            got[0] = lock.tryLock();
            if (got[0]) {
                lock.unlock();
            }
        });
        other.start();
        other.join();
        return got[0];
    }
}
