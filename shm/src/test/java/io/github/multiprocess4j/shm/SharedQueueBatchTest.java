package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.multiprocess4j.queue.QueueShutDownException;
import io.github.multiprocess4j.queue.Spawned;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SharedQueue#putAll} and {@link SharedQueue#drainTo}: order, limits, failures, shutdown and concurrency. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedQueueBatchTest {

    @Test
    void putAllThenDrainToKeepTheOrderOfEveryKindOfElementAndCountEachAsATask() throws Exception {
        List<Object> elements = Arrays.asList(-1, Long.MAX_VALUE, -0.0, "", "naïve ☃ 𝄞", new byte[] {-1, 0, 1},
                new ArrayList<>(List.of("a", "b")), new SharedQueueAcrossProcessesTest.Stamped(5, "data"), 'c');
        try (SharedQueue<Object> queue = SharedQueue.builder().capacity(16).maxElementBytes(200).create()) {
            queue.putAll(elements);
            assertThat(queue.size()).isEqualTo(elements.size());
            assertThat(queue.unfinishedTasks()).isEqualTo(elements.size());

            List<Object> taken = new ArrayList<>();
            assertThat(queue.drainTo(taken, 4)).isEqualTo(4);
            assertThat(queue.drainTo(taken, 100)).isEqualTo(elements.size() - 4);

            assertThat(SharedQueueTest.comparable(taken)).isEqualTo(SharedQueueTest.comparable(elements));
            assertThat(queue.drainTo(taken, 100)).as("empty").isZero();
            assertThat(queue.drainTo(taken, 0)).isZero();
            assertThat(queue.unfinishedTasks()).as("handed out, not done").isEqualTo(elements.size());
        }
    }

    @Test
    void runsLongerThanTheRingWrapAroundItAndPutAllWaitsForRoom() throws Exception {
        List<Integer> elements = IntStream.range(0, 10_000).boxed().collect(Collectors.toList());
        try (SharedQueue<Integer> queue = SharedQueue.builder().capacity(7).maxElementBytes(16).create()) {
            Spawned<Void> producer = Spawned.run("producer", () -> queue.putAll(elements));
            List<Integer> taken = new ArrayList<>();
            while (taken.size() < elements.size()) {
                if (queue.drainTo(taken, 5) == 0) {
                    taken.add(queue.get());
                }
            }
            producer.result();
            assertThat(taken).isEqualTo(elements);
        }
    }

    @Test
    void aRefusedElementStopsPutAllBeforeItsChunkAndANullBeforeAnything() throws Exception {
        try (SharedQueue<Object> queue = SharedQueue.builder().capacity(600).maxElementBytes(56).create()) {
            List<Object> withNull = new ArrayList<>(Collections.nCopies(300, (Object) 1));
            withNull.add(null);
            withNull.add(2);
            assertThatThrownBy(() -> queue.putAll(withNull)).isInstanceOf(NullPointerException.class);
            assertThat(queue.size()).isZero();

            List<Object> withLarge = new ArrayList<>(Collections.nCopies(300, (Object) 3));
            withLarge.add("x".repeat(100));
            assertThatThrownBy(() -> queue.putAll(withLarge)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not fit");
            assertThat(queue.size()).as("the first chunk of 256").isEqualTo(256);

            assertThatThrownBy(() -> queue.putAll(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> queue.drainTo(null, 1)).isInstanceOf(NullPointerException.class);
            queue.putAll(List.of());
            assertThat(queue.unfinishedTasks()).isEqualTo(256);
        }
    }

    @Test
    void afterShutdownPutAllFailsAndDrainToTakesWhatIsLeft() throws Exception {
        try (SharedQueue<Integer> queue = SharedQueue.builder().capacity(8).maxElementBytes(16).create()) {
            queue.putAll(List.of(1, 2, 3));
            queue.shutdown();

            assertThatThrownBy(() -> queue.putAll(List.of(4))).isInstanceOf(QueueShutDownException.class)
                    .hasMessageContaining("0 elements of the collection were put");
            List<Integer> taken = new ArrayList<>();
            assertThat(queue.drainTo(taken, 10)).isEqualTo(3);
            assertThat(taken).containsExactly(1, 2, 3);
            assertThat(queue.drainTo(taken, 10)).as("shut down and empty").isZero();
        }
    }

    @Test
    void aPutAllWaitingForRoomFailsAtShutdownSayingHowManyWentIn() throws Exception {
        try (SharedQueue<Integer> queue = SharedQueue.builder().capacity(4).maxElementBytes(16).create()) {
            Spawned<Void> producer = Spawned.run("producer", () -> queue.putAll(List.of(1, 2, 3, 4, 5, 6)));
            while (queue.size() < 4) {
                Thread.sleep(1);
            }
            queue.shutdown();

            assertThat(producer.failure()).isInstanceOf(QueueShutDownException.class)
                    .hasMessageContaining("4 elements of the collection were put");
            assertThat(queue.unfinishedTasks()).isEqualTo(4);
        }
    }

    @Test
    void anImmediateShutdownDropsWhatDrainToHasNotTaken() throws Exception {
        try (SharedQueue<Integer> queue = SharedQueue.builder().capacity(8).maxElementBytes(16).create()) {
            queue.putAll(List.of(1, 2, 3, 4));
            List<Integer> taken = new ArrayList<>();
            queue.drainTo(taken, 1);
            queue.shutdown(true);

            assertThat(queue.drainTo(taken, 10)).isZero();
            assertThat(taken).containsExactly(1);
            assertThat(queue.unfinishedTasks()).as("the one handed out").isEqualTo(1);
        }
    }

    @Test
    void aSinkThatFailsLosesTheRestOfItsRunButCountsItsTasksDone() throws Exception {
        try (SharedQueue<Integer> queue = SharedQueue.builder().capacity(8).maxElementBytes(16).create()) {
            queue.putAll(List.of(1, 2, 3, 4));
            List<Integer> sink = new ArrayList<>() {
                private static final long serialVersionUID = 1L;

                @Override
                public boolean add(Integer element) {
                    if (size() == 2) {
                        throw new IllegalStateException("full");
                    }
                    return super.add(element);
                }
            };

            assertThatThrownBy(() -> queue.drainTo(sink, 10)).hasMessage("full");
            assertThat(sink).containsExactly(1, 2);
            assertThat(queue.unfinishedTasks()).as("only the two in the sink").isEqualTo(2);
            assertThat(queue.isEmpty()).isTrue();
        }
    }

    /**
     * Four producer threads put chunks with {@code putAll} and three consumer threads take with {@code drainTo} and
     * {@code get}, through a small ring that wraps around often: every element comes out once, each producer's in
     * the order it put them as any one consumer sees them, and {@code join} returns once all are done.
     */
    @Test
    void producersAndConsumersInManyThreadsPassEveryElementOnceInOrder() throws Exception {
        int producers = 4;
        int perProducer = 20_000;
        try (SharedQueue<Long> queue = SharedQueue.builder().capacity(64).maxElementBytes(16).create()) {
            List<Spawned<List<Long>>> consumers = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                consumers.add(Spawned.call("consumer " + c, () -> drainUntilShutDown(queue)));
            }
            List<Spawned<Void>> putters = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                long first = (long) p * perProducer;
                putters.add(Spawned.run("producer " + p, () -> {
                    List<Long> values = LongStream.range(first, first + perProducer).boxed()
                            .collect(Collectors.toList());
                    for (int from = 0; from < perProducer; from += 300) {
                        queue.putAll(values.subList(from, Math.min(perProducer, from + 300)));
                    }
                }));
            }
            for (Spawned<Void> putter : putters) {
                putter.result();
            }
            queue.join();
            queue.shutdown();

            List<Long> all = new ArrayList<>();
            for (Spawned<List<Long>> consumer : consumers) {
                List<Long> got = consumer.result();
                for (int p = 0; p < producers; p++) {
                    long low = (long) p * perProducer;
                    List<Long> mine = got.stream().filter(v -> v >= low && v < low + perProducer)
                            .collect(Collectors.toList());
                    assertThat(mine).as("producer %d's elements as one consumer saw them", p).isSorted();
                }
                all.addAll(got);
            }
            Collections.sort(all);
            assertThat(all).isEqualTo(LongStream.range(0, (long) producers * perProducer).boxed()
                    .collect(Collectors.toList()));
            assertThat(queue.unfinishedTasks()).isZero();
        }
    }

    private static List<Long> drainUntilShutDown(SharedQueue<Long> queue) throws InterruptedException {
        List<Long> got = new ArrayList<>();
        List<Long> run = new ArrayList<>();
        try {
            while (true) {
                run.clear();
                if (queue.drainTo(run, 50) == 0) {
                    run.add(queue.get());
                }
                got.addAll(run);
                for (int i = 0; i < run.size(); i++) {
                    queue.taskDone();
                }
            }
        } catch (QueueShutDownException e) {
            return got;
        }
    }
}
