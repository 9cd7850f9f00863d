package io.github.multiprocess4j.examples;

import static io.github.multiprocess4j.examples.Notebook.notice;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.queue.QueueEmptyException;
import io.github.multiprocess4j.queue.WorkQueue;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** Exercise 2: items carry the time they were queued; the consumer prints each with how long it waited. */
final class Exercise2TimestampedQueue implements Example {

    static final int ITEMS = 5;

    /** One item: when it was put, and what it holds. */
    record Stamped(long queuedAtNanos, String data) {
    }

    @Override
    public String name() {
        return "exercise2";
    }

    @Override
    public String title() {
        return "exercise 2: a queue of {timestamp, data} items and the time each waited";
    }

    @Override
    public void run() throws Exception {
        WorkQueue<Stamped> queue = new WorkQueue<>();
        notice("The producer puts " + ITEMS + " items at random moments; the consumer works 0.15 s on each, so "
                + "later items wait longer.");
        Launch.thread(() -> {
            for (int i = 1; i <= ITEMS; i++) {
                Thread.sleep(ThreadLocalRandom.current().nextInt(20, 120));
                queue.put(new Stamped(System.nanoTime(), "item " + i));
            }
        });
        int consumed = 0;
        try {
            while (true) {
                Stamped item = queue.get(Duration.ofSeconds(1));
                double waited = (System.nanoTime() - item.queuedAtNanos()) / 1e9;
                System.out.printf(Locale.ROOT, "%s waited %.3f s in the queue%n", item.data(), waited);
                consumed++;
                Thread.sleep(150);
            }
        } catch (QueueEmptyException e) {
            System.out.println("nothing more for 1 s: consumed " + consumed + " items");
        }
    }
}
