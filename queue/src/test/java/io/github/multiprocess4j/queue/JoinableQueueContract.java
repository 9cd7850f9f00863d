package io.github.multiprocess4j.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The whole contract of {@link JoinableQueue}, after Python 3.13's {@code queue.Queue}: every implementation
 * extends this class and implements {@link #newQueue(Capacity)} (JCTools' style). The behaviour of each operation is
 * tested in {@link JoinableQueueSemanticsContract}; this class adds stress tests in which several producers and
 * consumers, using every kind of put and get, race each other and a shutdown. They check that each element arrives
 * exactly once, in the order its producer put it, and that the count of unfinished tasks ends right; on two cores
 * they run in about a second.
 */
public abstract class JoinableQueueContract extends JoinableQueueSemanticsContract {

    static final int PRODUCERS = 3;
    private static final int CONSUMERS = 3;
    /** Each producer puts elements from its own range of this size, so every element tells who put it. */
    static final int RANGE = LARGEST_ELEMENT / PRODUCERS;
    private static final Duration TRAFFIC_BEFORE_SHUTDOWN = Duration.ofMillis(100);

    @Test
    void everyElementArrivesExactlyOnceAndInOrder() throws Exception {
        for (JoinableQueue<Integer> queue : List.of(bounded(3), unbounded())) {
            Traffic traffic = new Traffic(queue, 3_000);

            List<Integer> put = traffic.awaitProducers();
            queue.join(); // every consumer calls taskDone for each element it gets
            queue.shutdown();
            List<List<Integer>> received = traffic.awaitConsumers();

            assertThat(put).hasSize(PRODUCERS * 3_000);
            assertReceivedExactlyOnceInOrder(put, received);
            assertThat(queue.unfinishedTasks()).isZero();
        }
    }

    @Test
    void aShutdownDuringTrafficLosesNothingThatWentIn() throws Exception {
        JoinableQueue<Integer> queue = bounded(8);
        Traffic traffic = new Traffic(queue, RANGE);

        traffic.shutDownMidway(false);

        assertReceivedExactlyOnceInOrder(traffic.put, traffic.received);
        assertThat(queue.unfinishedTasks()).isZero();
        assertThat(queue.size()).isZero();
    }

    @Test
    void anImmediateShutdownDuringTrafficKeepsTheTaskCountRight() throws Exception {
        JoinableQueue<Integer> queue = bounded(8);
        Traffic traffic = new Traffic(queue, RANGE);

        traffic.shutDownMidway(true);

        assertReceivedAtMostOnceInOrder(traffic.put, traffic.received);
        assertThat(queue.unfinishedTasks()).as("dropped elements count as done").isZero();
        assertThat(queue.join(Duration.ZERO)).isTrue();
    }

    /*
     * The checks below take time linear in the traffic (give or take a sort). Only the speed of the machine bounds
     * the traffic: 100 ms of it moves anything from a few hundred elements to over half a million, out of at most
     * PRODUCERS * RANGE. A check that compares every element received with every element put (AssertJ's containsAll
     * on a list does) takes about a minute for 100,000 elements on two busy cores, and hours for half a million:
     * it made the test of an immediate shutdown time out now and then, looking like a hang of the queue.
     * TrafficChecksTest keeps them quick.
     */

    /** Every element put was received, exactly once, and each consumer got each producer's in the order put. */
    static void assertReceivedExactlyOnceInOrder(List<Integer> put, List<List<Integer>> received) {
        List<Integer> all = received.stream().flatMap(List::stream).sorted().collect(Collectors.toList());
        assertThat(all).as("elements received").isEqualTo(put.stream().sorted().collect(Collectors.toList()));
        assertInProducerOrder(received);
    }

    /**
     * What an immediate shutdown allows: some elements put were dropped, but every element received was put, none
     * was received twice, and each consumer got each producer's in the order put.
     */
    static void assertReceivedAtMostOnceInOrder(List<Integer> put, List<List<Integer>> received) {
        List<Integer> all = received.stream().flatMap(List::stream).sorted().collect(Collectors.toList());
        assertThat(all).doesNotHaveDuplicates();
        Set<Integer> wentIn = new HashSet<>(put);
        assertThat(all.stream().filter(element -> !wentIn.contains(element)).collect(Collectors.toList()))
                .as("elements received that were never put").isEmpty();
        assertInProducerOrder(received);
    }

    /** A queue is first-in, first-out: any one consumer gets each producer's elements in the order they were put. */
    private static void assertInProducerOrder(List<List<Integer>> received) {
        for (List<Integer> consumed : received) {
            Map<Integer, List<Integer>> byProducer = consumed.stream()
                    .collect(Collectors.groupingBy(element -> element / RANGE));
            byProducer.values().forEach(elements -> assertThat(elements).isSorted());
        }
    }

    /**
     * {@value #PRODUCERS} producers and {@value #CONSUMERS} consumers on one queue. Producer {@code p} puts
     * {@code p * RANGE}, {@code p * RANGE + 1}... until it has put its share or the queue is shut down; consumers get
     * until the queue is shut down and empty, and call {@code taskDone()} for each element. Thread {@code i} of each
     * kind waits in its own way: blocking, with a short timeout, or not at all (retrying).
     */
    private static final class Traffic {
        private final JoinableQueue<Integer> queue;
        private final List<Spawned<List<Integer>>> producers = new ArrayList<>();
        private final List<Spawned<List<Integer>>> consumers = new ArrayList<>();
        /** After {@link #shutDownMidway(boolean)}: every element that went in. */
        List<Integer> put;
        /** After {@link #shutDownMidway(boolean)}: what each consumer received, in order. */
        List<List<Integer>> received;

        Traffic(JoinableQueue<Integer> queue, int perProducer) {
            this.queue = queue;
            for (int i = 0; i < CONSUMERS; i++) {
                int style = i;
                consumers.add(Spawned.call("consumer-" + i, () -> consume(queue, style)));
            }
            for (int p = 0; p < PRODUCERS; p++) {
                int style = p;
                int first = p * RANGE;
                producers.add(Spawned.call("producer-" + p, () -> produce(queue, style, first, perProducer)));
            }
        }

        /** Lets the threads run for a while, shuts the queue down and waits for them all to end. */
        void shutDownMidway(boolean immediate) throws Exception {
            Thread.sleep(TRAFFIC_BEFORE_SHUTDOWN.toMillis());
            queue.shutdown(immediate);
            put = awaitProducers();
            received = awaitConsumers();
        }

        /** Every element that went in. */
        List<Integer> awaitProducers() throws Exception {
            List<Integer> put = new ArrayList<>();
            for (Spawned<List<Integer>> producer : producers) {
                put.addAll(producer.result());
            }
            return put;
        }

        /** What each consumer received, in the order it did. */
        List<List<Integer>> awaitConsumers() throws Exception {
            List<List<Integer>> received = new ArrayList<>();
            for (Spawned<List<Integer>> consumer : consumers) {
                received.add(consumer.result());
            }
            return received;
        }

        private static List<Integer> produce(JoinableQueue<Integer> queue, int style, int first, int count)
                throws InterruptedException {
            List<Integer> put = new ArrayList<>();
            try {
                for (int element = first; element < first + count; element++) {
                    putOneWay(queue, style, element);
                    put.add(element);
                }
            } catch (QueueShutDownException e) {
                // the end of this producer's work
            }
            return put;
        }

        private static void putOneWay(JoinableQueue<Integer> queue, int style, int element)
                throws InterruptedException {
            while (true) {
                try {
                    if (style == 0) {
                        queue.put(element);
                    } else if (style == 1) {
                        queue.put(element, Duration.ofMillis(1));
                    } else {
                        queue.putNowait(element);
                    }
                    return;
                } catch (QueueFullException e) {
                    Thread.yield();
                }
            }
        }

        private static List<Integer> consume(JoinableQueue<Integer> queue, int style) throws InterruptedException {
            List<Integer> received = new ArrayList<>();
            try {
                while (true) {
                    received.add(getOneWay(queue, style));
                    queue.taskDone();
                }
            } catch (QueueShutDownException e) {
                return received;
            }
        }

        private static Integer getOneWay(JoinableQueue<Integer> queue, int style) throws InterruptedException {
            while (true) {
                try {
                    if (style == 0) {
                        return queue.get();
                    } else if (style == 1) {
                        return queue.get(Duration.ofMillis(1));
                    }
                    return queue.getNowait();
                } catch (QueueEmptyException e) {
                    Thread.yield();
                }
            }
        }
    }
}
