package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ProcessEvent}, {@link ProcessSemaphore} and {@link ProcessBarrier} between JVMs, and deaths. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessSyncAcrossProcessesTest {

    @Test
    void oneSetWakesTenWaitingProcessesWithin50Ms() throws Exception {
        int processes = 10;
        try (ProcessEvent event = ProcessEvent.create(); SharedLong ready = SharedLong.create(0);
                SharedLongArray wokeAt = SharedLongArray.create(processes)) {
            List<Worker<Object>> workers = new ArrayList<>();
            try {
                for (int i = 0; i < processes; i++) {
                    int index = i;
                    workers.add(Launch.process(() -> {
                        ready.incrementAndGet();
                        boolean set = event.await(Duration.ofSeconds(60));
                        wokeAt.set(index, set ? System.nanoTime() : -1);
                        return null;
                    }));
                }
                while (ready.get() < processes) {
                    Thread.sleep(5);
                }
                Thread.sleep(300); // every child is in its wait, parked
                long setAt = System.nanoTime();
                event.set();
                for (Worker<Object> worker : workers) {
                    worker.join();
                }
                long latest = 0;
                List<Long> delays = new ArrayList<>();
                for (long at : wokeAt.toArray()) {
                    assertThat(at).as("every child saw the event set").isPositive();
                    latest = Math.max(latest, at - setAt);
                    delays.add((at - setAt) / 1000);
                }
                System.out.println("10 processes woken by one set() within " + latest / 1000 + " us: " + delays);
                // Waking is the poller's next look (within 1 ms); the rest is waiting for a core, which on a machine
                // of 2 cores shared with other work can take tens of milliseconds for the last of 10 JVMs.
                delays.sort(null);
                assertThat(delays.get(delays.size() / 2)).as("median wake-up, us").isLessThan(50_000);
                assertThat(TimeUnit.NANOSECONDS.toMillis(latest)).as("last wake-up, ms").isLessThan(250);
            } finally {
                killAll(workers);
            }
        }
    }

    @Test
    void neverMoreThanThreeOfTwentyProcessesHoldASemaphoreOfThree() throws Exception {
        try (ProcessSemaphore semaphore = ProcessSemaphore.create(3); SharedMemory shared = SharedMemory.create(64)) {
            Launch.processes(20, i -> {
                for (int k = 0; k < 10; k++) {
                    try (ProcessSemaphore.Held held = semaphore.hold()) {
                        int inside = shared.getAndAddInt(ShmChildTasks.INSIDE, 1) + 1;
                        if (inside > 3) {
                            shared.getAndAddInt(ShmChildTasks.OVERLAPS, 1);
                        }
                        shared.getAndAddLong(ShmChildTasks.COUNTER, 1);
                        Thread.sleep(2);
                        shared.getAndAddInt(ShmChildTasks.INSIDE, -1);
                    }
                }
                return null;
            });
            assertThat(shared.getIntVolatile(ShmChildTasks.OVERLAPS)).isZero();
            assertThat(shared.getLongVolatile(ShmChildTasks.COUNTER)).isEqualTo(200);
            assertThat(semaphore.availablePermits()).isEqualTo(3);
        }
    }

    @Test
    void aHolderKilledWithSigkillGivesItsPermitBack() throws Exception {
        try (ProcessSemaphore semaphore = ProcessSemaphore.createBounded(2); SharedMemory flags = SharedMemory.create(64)) {
            Worker<Object> holder = Launch.process(() -> {
                semaphore.acquire();
                semaphore.acquire();
                flags.putIntVolatile(ShmChildTasks.HOLDING, 1);
                Thread.sleep(Long.MAX_VALUE);
                return null;
            });
            try {
                while (flags.getIntVolatile(ShmChildTasks.HOLDING) == 0) {
                    assertThat(holder.isAlive()).as("the holder is alive").isTrue();
                    Thread.sleep(5);
                }
                assertThat(semaphore.tryAcquire()).isFalse();
                long killedAt = System.nanoTime();
                holder.kill();
                assertThat(semaphore.tryAcquire(Duration.ofSeconds(1))).as("a permit comes back within 1 s").isTrue();
                System.out.println("permit of a SIGKILLed holder back after "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt) + " ms");
                assertThat(semaphore.tryAcquire()).as("both permits came back, no more").isTrue();
                assertThat(semaphore.tryAcquire()).isFalse();
                semaphore.release();
                semaphore.release();
                assertThat(semaphore.availablePermits()).isEqualTo(2);
            } finally {
                holder.kill();
                holder.join();
            }
        }
    }

    @Test
    void aPartyKilledBeforeArrivingBreaksTheBarrierForTheOthersWithin1s() throws Exception {
        try (ProcessBarrier barrier = ProcessBarrier.create(5); SharedMemory flags = SharedMemory.create(64);
                SharedLongArray brokenAt = SharedLongArray.create(4)) {
            List<Worker<Object>> workers = new ArrayList<>();
            Worker<Object> doomed = Launch.process(() -> {
                flags.putIntVolatile(ShmChildTasks.HOLDING, 1);
                Thread.sleep(Long.MAX_VALUE);
                return barrier.await();
            });
            workers.add(doomed);
            try {
                for (int i = 0; i < 4; i++) {
                    int index = i;
                    workers.add(Launch.process(() -> {
                        try {
                            barrier.await(Duration.ofSeconds(60));
                            brokenAt.set(index, -1);
                        } catch (BrokenBarrierException e) {
                            brokenAt.set(index, System.nanoTime());
                        }
                        return null;
                    }));
                }
                while (barrier.numberWaiting() < 4 || flags.getIntVolatile(ShmChildTasks.HOLDING) == 0) {
                    Thread.sleep(5);
                }
                long killedAt = System.nanoTime();
                doomed.kill();
                for (Worker<Object> worker : workers.subList(1, workers.size())) {
                    worker.join();
                }
                long latest = 0;
                for (long at : brokenAt.toArray()) {
                    assertThat(at).as("every waiter got BrokenBarrierException").isPositive();
                    latest = Math.max(latest, at - killedAt);
                }
                System.out.println("4 waiters saw the barrier broken " + latest / 1000 + " us after the kill");
                assertThat(TimeUnit.NANOSECONDS.toMillis(latest)).isLessThan(1000);
                assertThat(barrier.isBroken()).isTrue();
                barrier.reset();
                assertThat(barrier.isBroken()).isFalse();
            } finally {
                killAll(workers);
            }
        }
    }

    @Test
    void partiesThatExitNormallyLeaveTheBarrierWhole() throws Exception {
        try (ProcessBarrier barrier = ProcessBarrier.create(3)) {
            for (int run = 0; run < 2; run++) {
                Launch.processes(3, i -> barrier.await(Duration.ofSeconds(60)));
                assertThat(barrier.isBroken()).isFalse();
            }
        }
    }

    private static void killAll(List<Worker<Object>> workers) throws InterruptedException {
        for (Worker<Object> worker : workers) {
            worker.kill();
        }
        for (Worker<Object> worker : workers) {
            worker.join();
        }
    }
}
