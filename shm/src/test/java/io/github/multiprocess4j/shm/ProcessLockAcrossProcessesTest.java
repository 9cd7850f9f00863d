package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ProcessLock} between JVMs. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessLockAcrossProcessesTest {

    @Test
    void threadsOfSeveralProcessesNeverHoldItAtOnce() throws Exception {
        int processes = 3;
        int threads = 2;
        int rounds = 20_000;
        try (ProcessLock lock = ProcessLock.create(); SharedMemory shared = SharedMemory.create(64)) {
            Launch.processes(processes, i -> ShmChildTasks.incrementUnderLock(lock, shared, threads, rounds));

            assertThat(shared.getLong(ShmChildTasks.COUNTER)).isEqualTo((long) processes * threads * rounds);
            assertThat(shared.getIntVolatile(ShmChildTasks.OVERLAPS)).isZero();
        }
    }

    @Test
    void aHolderKilledWithSigkillDoesNotBlockTheNextWaiter() throws Exception {
        try (ProcessLock lock = ProcessLock.create(); SharedMemory flags = SharedMemory.create(64)) {
            Worker<Object> holder = Launch.process(() -> ShmChildTasks.holdForever(lock, flags));
            try {
                while (flags.getIntVolatile(ShmChildTasks.HOLDING) == 0) {
                    assertThat(holder.isAlive()).as("the holder is alive").isTrue();
                    Thread.sleep(5);
                }
                assertThat(lock.tryLock()).isFalse();

                long killedAt = System.nanoTime();
                holder.kill();
                boolean taken = lock.tryLock(Duration.ofSeconds(1));
                long takenAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

                assertThat(taken).as("the lock is passed on within 1 s").isTrue();
                System.out.println("lock of a SIGKILLed holder taken over after " + takenAfterMillis + " ms");
                assertThat(lock.previousOwnerDied()).as("the taker knows its predecessor died").isTrue();
                lock.unlock();
            } finally {
                holder.kill();
                holder.join();
            }
        }
    }
}
