package io.github.multiprocess4j.examples;

import static io.github.multiprocess4j.examples.Notebook.notice;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.queue.QueueEmptyException;
import io.github.multiprocess4j.queue.WorkQueue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/** Exercise 5: 100 UUIDs in a work queue, drained by several threads that record them under a thread lock. */
final class Exercise5UuidWorkQueue implements Example {

    static final int UUIDS = 100;
    static final int THREADS = 4;

    @Override
    public String name() {
        return "exercise5";
    }

    @Override
    public String title() {
        return "exercise 5: " + THREADS + " threads drain a work queue of " + UUIDS + " UUIDs until it is empty";
    }

    @Override
    public void run() throws Exception {
        WorkQueue<UUID> queue = new WorkQueue<>();
        for (int i = 0; i < UUIDS; i++) {
            queue.put(UUID.randomUUID());
        }
        List<UUID> done = new ArrayList<>();
        ReentrantLock lock = new ReentrantLock();
        notice("Each thread takes UUIDs with getNowait() until the queue is empty, works 5 ms on each, and appends "
                + "it to a shared list under a ReentrantLock (Python's threading.Lock).");
        List<Integer> counts = Launch.threads(THREADS, i -> {
            int taken = 0;
            try {
                while (true) {
                    UUID uuid = queue.getNowait();
                    lock.lock();
                    try {
                        done.add(uuid);
                    } finally {
                        lock.unlock();
                    }
                    Thread.sleep(5);
                    queue.taskDone();
                    taken++;
                }
            } catch (QueueEmptyException e) {
                return taken;
            }
        });
        queue.join();
        System.out.println("UUIDs taken by each thread: " + counts);
        System.out.println("processed " + done.size() + " UUIDs, " + new HashSet<>(done).size() + " distinct");
    }
}
