package io.github.multiprocess4j.examples;

import static io.github.multiprocess4j.examples.Notebook.notice;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import io.github.multiprocess4j.shm.ProcessBarrier;
import io.github.multiprocess4j.shm.ProcessCondition;
import io.github.multiprocess4j.shm.ProcessEvent;
import io.github.multiprocess4j.shm.ProcessLock;
import io.github.multiprocess4j.shm.ProcessSemaphore;
import io.github.multiprocess4j.shm.SharedLong;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The tour's synchronizers section: {@code threading}'s {@code Event}, {@code Semaphore}, {@code Barrier},
 * {@code RLock} and {@code Condition}, retold across processes, each a handle that travels to child JVMs by name.
 */
final class SynchronizersExample implements Example {

    private static final int WAITERS = 3;
    private static final int USERS = 5;
    private static final int PERMITS = 2;

    @Override
    public String name() {
        return "synchronizers";
    }

    @Override
    public String title() {
        return "Event, Semaphore, Barrier, RLock and Condition between processes";
    }

    @Override
    public void run() throws Exception {
        event();
        semaphore();
        barrier();
        reentrantLockAndCondition();
    }

    private static void event() throws Exception {
        notice("ProcessEvent is Python's Event: " + WAITERS + " child processes wait; one set() wakes them all.");
        try (ProcessEvent go = ProcessEvent.create()) {
            List<Worker<Boolean>> waiters = new ArrayList<>();
            for (int i = 0; i < WAITERS; i++) {
                waiters.add(Launch.process(() -> go.await(Duration.ofSeconds(30))));
            }
            Thread.sleep(300);
            go.set();
            List<Boolean> woken = new ArrayList<>();
            for (Worker<Boolean> waiter : waiters) {
                woken.add(waiter.result());
            }
            System.out.println("woken by one set(): " + woken);
        }
    }

    private static void semaphore() throws Exception {
        notice("ProcessSemaphore is Python's Semaphore: " + USERS + " processes share " + PERMITS
                + " permits (say, of a licence); a process that dies gives its permits back.");
        try (ProcessSemaphore licences = ProcessSemaphore.create(PERMITS);
                SharedLong inside = SharedLong.create(0);
                SharedLong most = SharedLong.create(0)) {
            Launch.processes(USERS, i -> {
                try (ProcessSemaphore.Held held = licences.hold()) {
                    long now = inside.addAndGet(1);
                    most.update(seen -> Math.max(seen, now));
                    Thread.sleep(100);
                    inside.addAndGet(-1);
                }
                return null;
            });
            System.out.println("most processes inside at once: " + most.get() + " (of " + USERS + ")");
        }
    }

    private static void barrier() throws Exception {
        notice("ProcessBarrier is Python's Barrier: a start line for 3 processes; await() returns the arrival index.");
        try (ProcessBarrier start = ProcessBarrier.create(3)) {
            List<Integer> arrivals = Launch.processes(3, i -> start.await());
            System.out.println("arrival indexes: " + new TreeSet<>(arrivals));
        }
    }

    private static void reentrantLockAndCondition() throws Exception {
        notice("ProcessLock.createReentrant() is Python's RLock, and lock.newCondition() its Condition: the parent "
                + "waits, holding the lock twice; a child process takes it, sets a value and signals.");
        try (ProcessLock lock = ProcessLock.createReentrant();
                ProcessCondition ready = lock.newCondition();
                SharedLong value = SharedLong.create(0)) {
            lock.lock();
            lock.lock();
            try {
                System.out.println("parent holds the lock " + lock.getHoldCount() + " times");
                Worker<Object> producer = Launch.process(() -> {
                    try (ProcessLock.Held held = lock.hold()) {
                        value.set(42);
                        ready.signal();
                    }
                    return null;
                });
                while (value.get() == 0) {
                    if (!ready.await(Duration.ofSeconds(30))) {
                        break;
                    }
                }
                System.out.println("parent woke with value " + value.get() + ", holding the lock "
                        + lock.getHoldCount() + " times again");
                producer.result();
            } finally {
                lock.unlock();
                lock.unlock();
            }
        }
    }
}
