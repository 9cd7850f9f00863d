package io.github.multiprocess4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.LaunchOptions;
import io.github.multiprocess4j.core.Output;
import io.github.multiprocess4j.core.Worker;
import io.github.multiprocess4j.shm.SharedMemory;
import io.github.multiprocess4j.shm.SharedQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Producers and consumers of one {@link SharedQueue}, each a child JVM, killed at any instant, in the middle of a
 * put or a get included ({@link QueueWorkloads} says how each records its progress). Afterwards:
 * <ul>
 *   <li>the survivors finished, and the parent drains what is left (and takes items itself while every consumer
 *       is dead, so that the producers are not left waiting for room);</li>
 *   <li>no item was delivered twice, and none that was never put was delivered;</li>
 *   <li>every item a producer had counted as put was delivered exactly once, but for at most one per consumer
 *       killed (the one it had taken and not yet logged); the one item a killed producer may have been putting
 *       was delivered at most once;</li>
 *   <li>the queue is not wedged: a put and a get go through within seconds.</li>
 * </ul>
 */
class SharedQueueFaultTest extends FaultInjectionTest {

    private static final LaunchOptions QUIET = Launch.options().output(Output.DISCARD).build();
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private static final Duration FINISH_WITHIN = Duration.ofSeconds(60);
    private static final OptionalInt SIGKILL = OptionalInt.of(137);

    @Override
    void run(Random random, int round) throws Exception {
        int producers = 1 + random.nextInt(3);
        int consumers = 1 + random.nextInt(3);
        long millis = 800 + random.nextInt(1_200);
        int capacity = 4 + random.nextInt(60);
        try (SharedQueue<Long> queue = SharedQueue.builder().capacity(capacity).maxElementBytes(16).create();
                SharedMemory board = SharedMemory.create(QueueWorkloads.boardSize(producers));
                SharedMemory logs = SharedMemory.create(QueueWorkloads.logsSize(consumers, producers))) {
            List<Worker<Long>> consuming = new ArrayList<>();
            List<Worker<Integer>> producing = new ArrayList<>();
            List<Long> takenByParent = new ArrayList<>();
            Set<Long> killed;
            try (Killer killer = Killer.start(random, 1 + random.nextInt(3), STARTUP_MILLIS + millis,
                    ChildJvms::running)) {
                for (int c = 0; c < consumers; c++) {
                    int consumer = c;
                    consuming.add(Launch.with(QUIET).process(() -> QueueWorkloads.consume(queue, board, logs, consumer,
                            producers)));
                }
                for (int p = 0; p < producers; p++) {
                    int producer = p;
                    producing.add(Launch.with(QUIET)
                            .process(() -> QueueWorkloads.produce(queue, board, producer, millis)));
                }
                consumeWhileNoConsumerIsLeft(queue, producing, consuming, takenByParent);
                board.putLongVolatile(QueueWorkloads.PRODUCERS_DONE, 1);
                awaitAll(consuming, "consumers");
                killer.close();
                killed = killer.killed();
            }
            int consumersKilled = countKilled(consuming, killed);
            countKilled(producing, killed);

            Set<Long> delivered = new HashSet<>();
            for (int c = 0; c < consumers; c++) {
                collect(logs, QueueWorkloads.log(c, producers), delivered);
            }
            for (Long item = queue.poll(); item != null; item = queue.poll()) {
                takenByParent.add(item);
            }
            takenByParent.forEach(item -> addOnce(delivered, item));
            checkRoundTrip(queue);
            checkEveryItem(board, producing, delivered, consumersKilled);
        }
    }

    /**
     * Waits for the producers to end, taking items itself while every consumer is dead, so that the producers of a
     * round whose consumers were all killed are not left waiting for room forever.
     */
    private static void consumeWhileNoConsumerIsLeft(SharedQueue<Long> queue, List<Worker<Integer>> producing,
            List<Worker<Long>> consuming, List<Long> takenByParent) throws InterruptedException {
        long deadline = System.nanoTime() + FINISH_WITHIN.toNanos();
        while (producing.stream().anyMatch(Worker::isAlive) && System.nanoTime() - deadline < 0) {
            if (consuming.stream().anyMatch(Worker::isAlive)) {
                Thread.sleep(10);
            } else {
                Long item = queue.poll(10, TimeUnit.MILLISECONDS);
                if (item != null) {
                    takenByParent.add(item);
                }
            }
        }
        awaitAll(producing, "producers");
    }

    /** Waits for every worker to end, killing them all and failing if one does not within a minute. */
    private static <T> void awaitAll(List<Worker<T>> workers, String what) throws InterruptedException {
        for (Worker<T> worker : workers) {
            if (!worker.join(FINISH_WITHIN)) {
                workers.forEach(Worker::kill);
                throw new AssertionError(what + " still running after " + FINISH_WITHIN + ": the queue is wedged");
            }
        }
    }

    /** Checks that each worker finished, or was killed by the killer; returns how many were killed. */
    private static <T> int countKilled(List<Worker<T>> workers, Set<Long> killed) {
        int count = 0;
        for (Worker<T> worker : workers) {
            if (worker.exitCode().equals(SIGKILL) && killed.contains(worker.pid())) {
                count++;
            } else {
                assertThat(worker.exitCode()).as("%s, which was not killed", worker.name()).hasValue(0);
            }
        }
        return count;
    }

    /** Adds the items of one consumer's log. */
    private static void collect(SharedMemory logs, int log, Set<Long> delivered) {
        long count = logs.getLongAcquire(log);
        for (long i = 1; i <= count; i++) {
            addOnce(delivered, logs.getLong(log + (int) (Long.BYTES * i)));
        }
    }

    private static void addOnce(Set<Long> delivered, long item) {
        assertThat(delivered.add(item)).as("item %d delivered only once", item).isTrue();
    }

    private static void checkRoundTrip(SharedQueue<Long> queue) throws InterruptedException {
        queue.put(-1L, PROMPTLY);
        assertThat(queue.get(PROMPTLY)).as("a put and a get after the round: the queue is not wedged").isEqualTo(-1L);
    }

    /**
     * Matches what was delivered against what each producer counted as put: each counted item once, the uncertain
     * one of a killed producer at most once, nothing else.
     */
    private static void checkEveryItem(SharedMemory board, List<Worker<Integer>> producing, Set<Long> delivered,
            int consumersKilled) throws InterruptedException {
        long missing = 0;
        long checked = 0;
        for (int p = 0; p < producing.size(); p++) {
            Worker<Integer> producer = producing.get(p);
            long counted = board.getLongAcquire(QueueWorkloads.putCount(p));
            if (producer.exitCode().equals(OptionalInt.of(0))) {
                assertThat(counted).as("items producer %d put, by its count", p).isEqualTo((long) producer.result());
            } else {
                delivered.remove(QueueWorkloads.item(p, (int) counted)); // in flight when it was killed
                checked++;
            }
            for (int sequence = 0; sequence < counted; sequence++) {
                missing += delivered.remove(QueueWorkloads.item(p, sequence)) ? 0 : 1;
            }
            checked += counted;
        }
        assertThat(delivered).as("items delivered that were never put").isEmpty();
        Figures.ITEMS.addAndGet(checked);
        assertNothingLost(Math.max(0, missing - consumersKilled), missing + " items put and not delivered, "
                + consumersKilled + " of which may have been in the hands of a consumer killed");
    }
}
