package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.queue.QueueEmptyException;
import io.github.multiprocess4j.shm.SharedMemory;
import io.github.multiprocess4j.shm.SharedQueue;
import java.time.Duration;

/**
 * The bodies of {@link SharedQueueFaultTest}'s producers and consumers, and where they record their progress, so
 * that after a kill the test knows what each process had done, up to the one item it may have been handling.
 *
 * <p>The board holds a flag that the parent sets once every producer has finished or died, then, per producer,
 * how many of its items it has put: it raises that count right after each put returns, so a producer killed
 * leaves exactly one item uncertain, the one after its count. The logs hold, per consumer, a count and the items
 * it took, in order: it writes each item, then raises the count, right after each get returns, so a consumer
 * killed loses at most the one item it had taken and not yet written.
 */
final class QueueWorkloads {

    /** The most items a producer puts, so that the logs have room for everything. */
    static final int MAX_ITEMS_PER_PRODUCER = 50_000;
    /** Board offset of the flag that tells consumers to stop once the queue is empty. */
    static final int PRODUCERS_DONE = 0;

    private static final Duration CONSUMER_PATIENCE = Duration.ofMillis(100);

    private QueueWorkloads() {
    }

    /** The item that {@code producer} puts as its {@code sequence}-th: distinct across producers and sequences. */
    static long item(int producer, int sequence) {
        return producer * 1_000_000_000L + sequence;
    }

    static int boardSize(int producers) {
        return Long.BYTES * (1 + producers);
    }

    /** Board offset of how many items {@code producer} has put. */
    static int putCount(int producer) {
        return Long.BYTES * (1 + producer);
    }

    static int logsSize(int consumers, int producers) {
        return consumers * logBytes(producers);
    }

    /** Logs offset of {@code consumer}'s count; its items follow. */
    static int log(int consumer, int producers) {
        return consumer * logBytes(producers);
    }

    private static int logBytes(int producers) {
        return Long.BYTES * (1 + producers * MAX_ITEMS_PER_PRODUCER);
    }

    /**
     * Puts its items in order for {@code millis}, at most {@link #MAX_ITEMS_PER_PRODUCER}, counting each on the
     * board once its put has returned.
     *
     * @return how many it put
     */
    static int produce(SharedQueue<Long> queue, SharedMemory board, int producer, long millis)
            throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        int sequence = 0;
        for (; sequence < MAX_ITEMS_PER_PRODUCER && System.nanoTime() - deadline < 0; sequence++) {
            queue.put(item(producer, sequence));
            board.putLongRelease(putCount(producer), sequence + 1);
        }
        return sequence;
    }

    /**
     * Takes items and logs each once its get has returned, until the board says the producers are done and
     * nothing comes for a while.
     *
     * @return how many it took
     */
    static long consume(SharedQueue<Long> queue, SharedMemory board, SharedMemory logs, int consumer,
            int producers) throws InterruptedException {
        int log = log(consumer, producers);
        long count = 0;
        while (true) {
            long item;
            try {
                item = queue.get(CONSUMER_PATIENCE);
            } catch (QueueEmptyException e) {
                if (board.getLongVolatile(PRODUCERS_DONE) != 0) {
                    return count;
                }
                continue;
            }
            logs.putLong(log + (int) (Long.BYTES * (count + 1)), item);
            logs.putLongRelease(log, ++count);
        }
    }
}
