package io.github.multiprocess4j.shm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Bodies of the tasks that the tests run in child JVMs. */
final class ShmChildTasks {

    /** Offsets in the test's shared flags segment. */
    static final int COUNTER = 8;
    static final int OVERLAPS = 16;
    static final int INSIDE = 20;
    static final int HOLDING = 24;

    private ShmChildTasks() {
    }

    /**
     * {@code threads} threads each take the lock {@code rounds} times and increment a plain (not atomic) counter
     * in {@code shared}, counting any moment when two are inside at once.
     */
    static long incrementUnderLock(ProcessLock lock, SharedMemory shared, int threads, int rounds)
            throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                for (int i = 0; i < rounds; i++) {
                    try (ProcessLock.Held held = lock.hold()) {
                        if (shared.getAndAddInt(INSIDE, 1) != 0) {
                            shared.getAndAddInt(OVERLAPS, 1);
                        }
                        shared.putLong(COUNTER, shared.getLong(COUNTER) + 1);
                        shared.getAndAddInt(INSIDE, -1);
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return (long) threads * rounds;
    }

    /** Takes the lock, says so in {@code flags}, and never lets go. */
    static Object holdForever(ProcessLock lock, SharedMemory flags) throws InterruptedException {
        lock.lock();
        flags.putIntVolatile(HOLDING, 1);
        Thread.sleep(Long.MAX_VALUE);
        return null;
    }

    /** The notebook's cell: set {@code buf[i]} to a random byte and say which. */
    static int setRandom(SharedMemory sm, int i) {
        int value = ThreadLocalRandom.current().nextInt(1, 256);
        sm.put(i, value);
        return value;
    }

    static long addMany(SharedMemory sm, int offset, int times) {
        for (int i = 0; i < times; i++) {
            sm.getAndAddLong(offset, 1);
        }
        return times;
    }

    /** Creates a segment and returns without closing it; the JVM then exits. */
    static String createAndExit(boolean keep) {
        SharedMemory sm = SharedMemory.create(8);
        sm.put(0, 1);
        if (keep) {
            sm.keep();
        }
        return sm.name();
    }
}
