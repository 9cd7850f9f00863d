package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import io.github.multiprocess4j.queue.QueueShutDownException;
import io.github.multiprocess4j.queue.Spawned;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SharedQueue} between JVMs: the must-holds that need more than one process. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedQueueAcrossProcessesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /**
     * The notebook's producer and consumers, the consumers in child JVMs: one producer adds 4 items 0.2 s apart, two
     * consumers take them with {@code get(timeout=1)} and stop when {@code queue.Empty} is raised.
     */
    @Test
    void notebookProducerAndTwoConsumerProcessesShareTheWorkAndStopOnEmpty() throws Exception {
        try (SharedQueue<Integer> queue = SharedQueue.create(64 * 1024);
                SharedQueue<Long> ready = SharedQueue.create(64 * 1024)) {
            Spawned<List<List<Integer>>> consumers = Spawned.call("consumers",
                    () -> Launch.processes(2, () -> QueueChildTasks.consumeUntilQuiet(queue, ready)));
            ready.get(PATIENCE);
            ready.get(PATIENCE);

            for (int item = 0; item < 4; item++) {
                queue.put(item);
                Thread.sleep(200);
            }

            List<Integer> processed = consumers.result().stream().flatMap(List::stream)
                    .collect(Collectors.toList());
            assertThat(processed).containsExactlyInAnyOrder(0, 1, 2, 3);
            assertThat(queue.unfinishedTasks()).isZero();
            assertThat(queue.join(Duration.ZERO)).isTrue();
        }
    }

    @Test
    void fourProducerProcessesAndThreeConsumerProcessesPassEveryItemExactlyOnce() throws Exception {
        int perProducer = 50_000;
        String name;
        try (SharedQueue<Long> queue = SharedQueue.builder().capacity(4096).maxElementBytes(16).create()) {
            name = queue.name();
            List<Worker<long[]>> consumers = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                consumers.add(Launch.process(() -> QueueChildTasks.consumeUntilShutDown(queue)));
            }
            List<Worker<Long>> producers = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                long first = (long) p * perProducer;
                producers.add(Launch.process(() -> QueueChildTasks.produce(queue, first, perProducer)));
            }
            long put = 0;
            for (Worker<Long> producer : producers) {
                put += producer.result();
            }
            queue.shutdown();
            long[] received = new long[3];
            for (Worker<long[]> consumer : consumers) {
                long[] counts = consumer.result();
                for (int i = 0; i < received.length; i++) {
                    received[i] += counts[i];
                }
            }

            long n = 4L * perProducer;
            assertThat(put).isEqualTo(n);
            assertThat(received[0]).as("count").isEqualTo(n);
            assertThat(received[1]).as("sum").isEqualTo(n * (n - 1) / 2);
            assertThat(received[2]).as("sum of squares").isEqualTo((n - 1) * n * (2 * n - 1) / 6);
            assertThat(queue.unfinishedTasks()).isZero();
            assertThat(queue.size()).isZero();
        }
        assertThat(SegmentFiles.defaultDirectory().resolve(name)).doesNotExist();
    }

    @Test
    void aChildsPutAllReachesTheParentsDrainToInOrder() throws Exception {
        int count = 100_000;
        try (SharedQueue<Long> queue = SharedQueue.builder().capacity(256).maxElementBytes(16).create()) {
            Worker<Long> producer = Launch.process(() -> QueueChildTasks.produceInChunks(queue, 0, count));
            List<Long> taken = new ArrayList<>();
            while (taken.size() < count) {
                if (queue.drainTo(taken, 200) == 0) {
                    taken.add(queue.get(PATIENCE));
                }
            }
            assertThat(producer.result()).isEqualTo(count);
            assertThat(taken).isEqualTo(LongStream.range(0, count).boxed().collect(Collectors.toList()));
            assertThat(queue.unfinishedTasks()).isEqualTo(count);
        }
    }

    @Test
    void aConsumerKilledWithSigkillDoesNotStopTheOthersDrainingTheQueue() throws Exception {
        try (SharedQueue<Long> queue = SharedQueue.builder().capacity(64).maxElementBytes(16).create();
                SharedMemory flags = SharedMemory.create(64)) {
            Worker<Object> victim = Launch.process(() -> QueueChildTasks.consumeCounting(queue, flags));
            List<Worker<long[]>> survivors = new ArrayList<>();
            try {
                for (int c = 0; c < 2; c++) {
                    survivors.add(Launch.process(() -> QueueChildTasks.consumeUntilShutDown(queue)));
                }
                long put = 0;
                // however late the victim's JVM starts, it is killed while it takes its share, not before
                while (flags.getLongVolatile(QueueChildTasks.COUNTER) < 100) {
                    assertThat(victim.isAlive()).as("the consumer to kill is alive").isTrue();
                    queue.put(put++);
                }
                victim.kill();
                for (int i = 0; i < 15_000; i++) {
                    queue.put(put++);
                }
                queue.shutdown();
                long survivorsGot = 0;
                for (Worker<long[]> survivor : survivors) {
                    survivorsGot += survivor.result()[0];
                }
                victim.join();

                long victimGot = flags.getLongVolatile(QueueChildTasks.COUNTER);
                assertThat(victim.exitCode()).hasValue(137);
                assertThat(survivorsGot + victimGot).as("at most the element in flight is lost")
                        .isBetween(put - 1, put);
                assertThat(queue.size()).isZero();
            } finally {
                victim.kill();
                survivors.forEach(Worker::kill);
            }
        }
    }

    @Test
    void shutdownWakesSixteenGettersOfAnotherProcessWithin100Ms() throws Exception {
        try (SharedQueue<Integer> queue = SharedQueue.create(64 * 1024); SharedMemory flags = SharedMemory.create(64)) {
            Worker<long[]> getters = Launch.process(
                    () -> QueueChildTasks.getInSixteenThreadsUntilShutDown(queue, flags));
            while (flags.getLongVolatile(QueueChildTasks.WAITING) < 16) {
                assertThat(getters.isAlive()).as("the child is alive").isTrue();
                Thread.sleep(5);
            }
            Thread.sleep(300); // long enough for every getter to be parked

            long shutdownAt = System.nanoTime();
            queue.shutdown();

            long[] wokeAt = getters.result();
            assertThat(wokeAt).hasSize(16);
            for (long woke : wokeAt) {
                assertThat(Duration.ofNanos(woke - shutdownAt)).isLessThan(Duration.ofMillis(100));
            }
        }
    }

    @Test
    void anImmediateShutdownInAnotherProcessDropsTheElementsLeft() throws Exception {
        try (SharedQueue<String> queue = SharedQueue.create(64 * 1024)) {
            for (int i = 0; i < 10; i++) {
                queue.put("item " + i);
            }
            assertThat(queue.get()).isEqualTo("item 0");

            int sizeThere = Launch.process(() -> {
                queue.shutdown(true);
                return queue.size();
            }).result();

            assertThat(sizeThere).isZero();
            assertThat(queue.size()).isZero();
            assertThat(queue.isShutdown()).isTrue();
            assertThat(queue.unfinishedTasks()).as("the element got before is not done yet").isEqualTo(1);
            assertThatThrownBy(queue::getNowait).isInstanceOf(QueueShutDownException.class);
            assertThatThrownBy(() -> queue.put("late")).isInstanceOf(QueueShutDownException.class);
        }
    }

    @Test
    void elementsOfEveryKindCrossToAnotherProcessAndBack() throws Exception {
        List<Object> elements = List.of(7, 1L << 40, 2.5, "naïve ☃", new byte[] {1, 2, 3},
                new Stamped(1_700_000_000_000L, "data"), List.of("a", List.of(1, 2)));
        try (SharedQueue<Object> there = SharedQueue.create(64 * 1024);
                SharedQueue<Object> back = SharedQueue.create(64 * 1024)) {
            Worker<Integer> echo = Launch.process(() -> {
                int echoed = 0;
                try {
                    while (true) {
                        back.put(there.get());
                        echoed++;
                    }
                } catch (QueueShutDownException e) {
                    return echoed;
                }
            });
            for (Object element : elements) {
                there.put(element);
            }
            there.shutdown();

            assertThat(echo.result()).isEqualTo(elements.size());
            List<Object> returned = new ArrayList<>();
            for (int i = 0; i < elements.size(); i++) {
                returned.add(back.get(PATIENCE));
            }
            assertThat(SharedQueueTest.comparable(returned)).isEqualTo(SharedQueueTest.comparable(elements));
        }
    }

    /** The notebook's exercise 2: an item with the time it was put. */
    record Stamped(long timestamp, String data) implements java.io.Serializable {
    }
}
