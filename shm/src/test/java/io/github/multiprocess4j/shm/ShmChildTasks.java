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

    /**
     * Appends {@code appends} values from each of {@code threads} threads, each value unique to its process,
     * thread and round: together, processes {@code 0..n-1} append {@code 0..n * threads * appends - 1}.
     */
    static int appendMany(SharedObject<List<Integer>> shared, int process, int threads, int appends)
            throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = (process * threads + t) * appends;
            Thread worker = new Thread(() -> {
                for (int i = 0; i < appends; i++) {
                    int value = first + i;
                    shared.update(list -> list.add(value));
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return threads * appends;
    }

    /** Appends 4 and then hangs inside the update, holding the lock, until killed. */
    static Object hangInsideUpdate(SharedObject<List<Integer>> shared, SharedMemory flags) {
        return shared.update(list -> {
            list.add(4);
            shared.write(list);
            flags.putIntVolatile(HOLDING, 1);
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Writes lists of {@code n} copies of {@code n}, for growing {@code n}, until killed. */
    static Object writeForever(SharedObject<List<Integer>> shared, SharedMemory flags) {
        for (int n = 1; ; n = n % 20_000 + 1) {
            List<Integer> copies = new ArrayList<>(java.util.Collections.nCopies(n, n));
            shared.write(copies);
            flags.getAndAddLong(COUNTER, 1);
        }
    }

    /** Takes the lock, says so in {@code flags}, and never lets go. */
    static Object holdForever(ProcessLock lock, SharedMemory flags) throws InterruptedException {
        lock.lock();
        flags.putIntVolatile(HOLDING, 1);
        Thread.sleep(Long.MAX_VALUE);
        return null;
    }

    /** Takes a reentrant lock {@code times} times, says so in {@code flags}, and never lets go. */
    static Object holdReentrantForever(ProcessLock lock, int times, SharedMemory flags) throws InterruptedException {
        for (int i = 0; i < times; i++) {
            lock.lock();
        }
        flags.putIntVolatile(HOLDING, lock.getHoldCount());
        Thread.sleep(Long.MAX_VALUE);
        return null;
    }

    /** Waits for the lock, and counts in {@code flags} that it got it; lets go at once. */
    static Object takeOnce(ProcessLock lock, SharedMemory flags) {
        lock.lock();
        flags.getAndAddLong(COUNTER, 1);
        lock.unlock();
        return null;
    }

    /**
     * Takes {@code items} numbers out of a one-number box ({@code box}'s {@link #COUNTER} says whether it is full,
     * {@link #INSIDE} holds the number) under the conditions' lock, waiting on {@code notEmpty} and signalling
     * {@code notFull}.
     *
     * @return the sum of the numbers taken
     */
    static long consume(ProcessCondition notEmpty, ProcessCondition notFull, SharedMemory box, int items)
            throws InterruptedException {
        long sum = 0;
        ProcessLock lock = notEmpty.lock();
        for (int i = 0; i < items; i++) {
            try (ProcessLock.Held held = lock.hold()) {
                while (box.getLong(COUNTER) == 0) {
                    notEmpty.await();
                }
                sum += box.getInt(INSIDE);
                box.putLong(COUNTER, 0);
                notFull.signal();
            }
        }
        return sum;
    }

    /** Says in {@code flags} that it waits for {@code condition}, and waits forever. */
    static Object awaitForever(ProcessCondition condition, SharedMemory flags) throws InterruptedException {
        try (ProcessLock.Held held = condition.lock().hold()) {
            flags.putIntVolatile(HOLDING, 1);
            while (true) {
                condition.await();
            }
        }
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
