package io.github.multiprocess4j.examples;

import static io.github.multiprocess4j.examples.Notebook.notice;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import io.github.multiprocess4j.shm.ProcessLock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/** The tour's locking section: a race, the lock that fixes it, {@code with lock:}, and a forgotten release. */
final class LockingExample implements Example {

    private static final int THREADS = 5;
    private static final int INCREMENTS = 1_000_000;

    /**
     * The shared counter of the race: volatile, so that every thread reads the others' writes (else the JIT may
     * keep it in a register), but {@code counter++} is still a read and then a write, not one atomic step.
     */
    private static volatile int counter;

    @Override
    public String name() {
        return "locking";
    }

    @Override
    public String title() {
        return "locks: a race, the lock that fixes it, and forgotten releases shown with a timeout";
    }

    @Override
    @SuppressWarnings("NonAtomicVolatileUpdate") // the lost updates of counter++ are what the example shows
    public void run() throws Exception {
        notice(THREADS + " threads each add 1 to a shared counter " + INCREMENTS + " times, unguarded: "
                + "updates get lost when two threads read the same old value.");
        counter = 0;
        CountDownLatch start = new CountDownLatch(THREADS);
        Launch.threads(THREADS, () -> {
            start.countDown();
            start.await();
            for (int i = 0; i < INCREMENTS; i++) {
                counter++;
            }
        });
        System.out.println("counter = " + counter + " (expected " + THREADS * INCREMENTS + ")");

        try (ProcessLock lock = ProcessLock.create()) {
            notice("The same with lock.lock() / lock.unlock() around the increment: nothing is lost. "
                    + "A ProcessLock excludes threads and processes alike.");
            counter = 0;
            Launch.threads(THREADS, () -> {
                for (int i = 0; i < INCREMENTS; i++) {
                    lock.lock();
                    try {
                        counter++;
                    } finally {
                        lock.unlock();
                    }
                }
            });
            System.out.println("counter = " + counter);

            notice("Python's `with lock:` is try-with-resources on lock.hold().");
            counter = 0;
            Launch.threads(THREADS, () -> {
                for (int i = 0; i < INCREMENTS; i++) {
                    try (ProcessLock.Held held = lock.hold()) {
                        counter++;
                    }
                }
            });
            System.out.println("counter = " + counter);

            notice("A process that takes the lock and exits without releasing it. Python's multiprocessing.Lock "
                    + "would stay locked forever; a ProcessLock passes to the next waiter once its holder is gone.");
            Launch.processes(1, () -> {
                lock.lock();
                System.out.println("child process: took the lock, and exits without releasing it");
            });
            boolean taken = lock.tryLock(Duration.ofSeconds(1));
            System.out.println("parent got the lock within 1 s: " + taken);
            if (taken) {
                lock.unlock();
            }
        }

        notice("A thread that takes a lock and never releases it. In Python the next acquire() hangs forever; "
                + "here the second thread asks with a 1 s timeout instead.");
        ReentrantLock threadLock = new ReentrantLock();
        Launch.thread(() -> {
            threadLock.lock();
            System.out.println("forgetful thread: took the lock, and ends without releasing it");
        }).join();
        Worker<Boolean> waiting = Launch.thread(() -> threadLock.tryLock(1, TimeUnit.SECONDS));
        System.out.println("second thread got the lock within 1 s: " + waiting.result()
                + " (without the timeout it would have waited forever: a deadlock)");
    }
}
