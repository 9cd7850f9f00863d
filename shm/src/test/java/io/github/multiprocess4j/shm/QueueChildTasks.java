package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.queue.JoinableQueueSemanticsContract;
import io.github.multiprocess4j.queue.QueueShutDownException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Bodies of the tasks that the tests run in child JVMs. */
final class QueueChildTasks {

    /** The exit code of a child that halts itself in the middle of an operation. */
    static final int HALTED = 42;
    /** Offsets in a test's shared flags segment. */
    static final int COUNTER = 0;
    static final int WAITING = 8;

    private QueueChildTasks() {
    }

    /** The notebook's consumer ({@link JoinableQueueSemanticsContract#processUntilQuiet}), saying first it is ready. */
    static List<Integer> consumeUntilQuiet(SharedQueue<Integer> queue, SharedQueue<Long> ready)
            throws InterruptedException {
        ready.put(ProcessHandle.current().pid());
        return JoinableQueueSemanticsContract.processUntilQuiet(queue);
    }

    /** Puts {@code first}, {@code first + 1}... {@code count} numbers in all. */
    static long produce(SharedQueue<Long> queue, long first, int count) throws InterruptedException {
        for (long value = first; value < first + count; value++) {
            queue.put(value);
        }
        return count;
    }

    /** Puts {@code first}, {@code first + 1}... {@code count} numbers in all, with {@code putAll} of 100 at a time. */
    static long produceInChunks(SharedQueue<Long> queue, long first, int count) throws InterruptedException {
        List<Long> chunk = new ArrayList<>();
        for (long value = first; value < first + count; value++) {
            chunk.add(value);
            if (chunk.size() == 100 || value == first + count - 1) {
                queue.putAll(chunk);
                chunk.clear();
            }
        }
        return count;
    }

    /**
     * Gets and marks done until the queue is shut down and empty.
     *
     * @return how many elements it got, their sum and the sum of their squares
     */
    static long[] consumeUntilShutDown(SharedQueue<Long> queue) throws InterruptedException {
        long[] received = new long[3];
        try {
            while (true) {
                long value = queue.get();
                queue.taskDone();
                received[0]++;
                received[1] += value;
                received[2] += value * value;
            }
        } catch (QueueShutDownException e) {
            return received;
        }
    }

    /** Gets forever, adding 1 to {@link #COUNTER} in {@code flags} after each element, until killed. */
    static Object consumeCounting(SharedQueue<Long> queue, SharedMemory flags) throws InterruptedException {
        while (true) {
            queue.get();
            flags.getAndAddLong(COUNTER, 1);
        }
    }

    /**
     * Blocks 16 threads in {@code get()} (each adds 1 to {@link #WAITING} first) until the queue is shut down.
     *
     * @return when each thread woke with {@link QueueShutDownException}, by {@link System#nanoTime()}, which on
     *     Linux reads a clock that all processes share
     */
    static long[] getInSixteenThreadsUntilShutDown(SharedQueue<Integer> queue, SharedMemory flags)
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<Long>> wakes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Duration timeout = i % 2 == 0 ? null : Duration.ofMinutes(1);
                Callable<Long> getter = () -> {
                    flags.getAndAddLong(WAITING, 1);
                    try {
                        Integer unexpected = timeout == null ? queue.get() : queue.get(timeout);
                        throw new AssertionError("got " + unexpected);
                    } catch (QueueShutDownException e) {
                        return System.nanoTime();
                    }
                };
                wakes.add(threads.submit(getter));
            }
            long[] wokeAt = new long[wakes.size()];
            for (int i = 0; i < wokeAt.length; i++) {
                wokeAt[i] = wakes.get(i).get();
            }
            return wokeAt;
        } finally {
            threads.shutdownNow();
        }
    }

    /** Writes this JVM's process token for {@code queue} at {@link #COUNTER} of {@code flags}, then sleeps. */
    static Object registerAndSleep(SharedQueue<?> queue, SharedMemory flags) throws InterruptedException {
        flags.putLongVolatile(COUNTER, queue.state().owners.self() + 1L);
        Thread.sleep(Long.MAX_VALUE);
        return null;
    }

    /** Whether the process whose token for {@code queue} is {@code token} is alive, as this JVM sees it. */
    static boolean seesAlive(SharedQueue<?> queue, int token) {
        return !queue.state().owners.isDead(token);
    }

    /**
     * A producer killed in the middle of a put: claims the cell at the tail through the ring's own code, which
     * counts the element, and halts the JVM where the element would be written.
     */
    static Object haltAfterClaiming(SharedQueue<?> queue) {
        queue.state().ring.offer(new Ring.ElementWriter() {
            @Override
            public int length() {
                return 5;
            }

            @Override
            public void writeTo(RingMemory memory, int offset) {
                Runtime.getRuntime().halt(HALTED);
            }
        }, false);
        throw new AssertionError("the queue was full or shut down");
    }

    /**
     * A consumer killed in the middle of a get: takes the cell at the head through the ring's own code and halts the
     * JVM where the element would be copied out.
     */
    static Object haltWhileTaking(SharedQueue<?> queue) {
        queue.state().ring.poll((memory, offset, length) -> Runtime.getRuntime().halt(HALTED), false);
        throw new AssertionError("the queue was empty or shut down");
    }
}
