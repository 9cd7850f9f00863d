package io.github.multiprocess4j.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour half of the contract of {@link JoinableQueue} (Python 3.13's {@code queue.Queue}): what each
 * operation does, alone or with one other thread waiting. Implementations extend {@link JoinableQueueContract},
 * which adds the concurrency stress tests, and say how to make a queue.
 *
 * <p>For implementations that keep their elements in a fixed buffer, such as one shared between processes: every
 * element is a non-negative {@link Integer} below {@value #LARGEST_ELEMENT}; a bounded queue must hold exactly the
 * number of elements asked for, and an "unbounded" one at least {@value #MOST_ELEMENTS_AT_ONCE}. Elements are compared
 * with {@code equals}, so a queue may hand out copies. Each test uses its queues from threads of this JVM only.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
public abstract class JoinableQueueSemanticsContract {

    /** The most elements any test has in one queue at once. */
    protected static final int MOST_ELEMENTS_AT_ONCE = 10_000;
    /** No test puts an element this large or larger. */
    protected static final int LARGEST_ELEMENT = 1_000_000;

    /** A short wait that tests expect to run out. */
    static final Duration SHORT = Duration.ofMillis(150);

    /**
     * How many elements a queue made for a test holds.
     *
     * @param isBounded whether puts must wait (or fail) once {@code elements} are in the queue
     * @param elements for a bounded queue, its exact capacity
     */
    protected record Capacity(boolean isBounded, int elements) {

        static Capacity unbounded() {
            return new Capacity(false, MOST_ELEMENTS_AT_ONCE);
        }

        static Capacity of(int elements) {
            return new Capacity(true, elements);
        }
    }

    private final List<JoinableQueue<Integer>> queues = new ArrayList<>();

    /**
     * A new, empty, open queue.
     *
     * @param capacity how many elements it must hold: exactly that many for a bounded one
     * @return the queue
     * @throws Exception if it cannot be made
     */
    protected abstract JoinableQueue<Integer> newQueue(Capacity capacity) throws Exception;

    /**
     * Frees what a queue made by {@link #newQueue(Capacity)} holds, after the test. Does nothing by default.
     *
     * @param queue the queue, already shut down
     * @throws Exception if it cannot be freed
     */
    protected void release(JoinableQueue<Integer> queue) throws Exception {
    }

    final JoinableQueue<Integer> unbounded() throws Exception {
        return track(newQueue(Capacity.unbounded()));
    }

    /** An unbounded queue with {@code elements} put in it, in order. */
    final JoinableQueue<Integer> unboundedHolding(int... elements) throws Exception {
        JoinableQueue<Integer> queue = unbounded();
        for (int element : elements) {
            queue.put(element);
        }
        return queue;
    }

    final JoinableQueue<Integer> bounded(int capacity) throws Exception {
        return track(newQueue(Capacity.of(capacity)));
    }

    private JoinableQueue<Integer> track(JoinableQueue<Integer> queue) {
        queues.add(queue);
        return queue;
    }

    @AfterEach
    final void releaseQueues() throws Exception {
        for (JoinableQueue<Integer> queue : queues) {
            queue.shutdown(true); // frees any thread a failed test left waiting
            release(queue);
        }
    }

    // ---- put and get

    @Test
    void getReturnsTheElementsInTheOrderTheyWerePut() throws Exception {
        for (JoinableQueue<Integer> queue : List.of(unbounded(), bounded(5))) {
            for (int i = 1; i <= 5; i++) {
                queue.put(i);
            }
            assertThat(queue.size()).isEqualTo(5);
            assertThat(List.of(queue.get(), queue.getNowait(), queue.get(SHORT), queue.get(), queue.get()))
                    .containsExactly(1, 2, 3, 4, 5);
            assertThat(queue.isEmpty()).isTrue();
        }
    }

    @Test
    void getNowaitOnAnEmptyQueueThrowsEmpty() throws Exception {
        JoinableQueue<Integer> queue = unbounded();

        assertThatThrownBy(queue::getNowait).isInstanceOf(QueueEmptyException.class);
        queue.put(1);
        assertThat(queue.getNowait()).isEqualTo(1);
    }

    @Test
    void getWithATimeoutWaitsThatLongThenThrowsEmpty() throws Exception {
        JoinableQueue<Integer> queue = unbounded();
        long start = System.nanoTime();

        assertThatThrownBy(() -> queue.get(SHORT)).isInstanceOf(QueueEmptyException.class)
                .hasMessageContaining("150 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(SHORT, Spawned.PATIENCE);
    }

    @Test
    void getWithAZeroTimeoutDoesNotWait() throws Exception {
        JoinableQueue<Integer> queue = unbounded();
        long start = System.nanoTime();

        assertThatThrownBy(() -> queue.get(Duration.ZERO)).isInstanceOf(QueueEmptyException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        queue.put(1);
        assertThat(queue.get(Duration.ZERO)).isEqualTo(1);
    }

    @Test
    void aWaitingGetReceivesTheNextPut() throws Exception {
        JoinableQueue<Integer> queue = unbounded();
        Spawned<Integer> forever = Spawned.call("getter", queue::get).awaitWaiting();
        queue.put(7);
        assertThat(forever.result()).isEqualTo(7);

        Spawned<Integer> timed = Spawned.call("timed getter", () -> queue.get(Spawned.PATIENCE)).awaitWaiting();
        queue.put(8);
        assertThat(timed.result()).isEqualTo(8);
    }

    @Test
    void putNowaitOnAFullQueueThrowsFullAndAddsNothing() throws Exception {
        JoinableQueue<Integer> queue = bounded(2);
        queue.putNowait(1);
        queue.putNowait(2);

        assertThatThrownBy(() -> queue.putNowait(3)).isInstanceOf(QueueFullException.class);
        assertThatThrownBy(() -> queue.put(3, Duration.ZERO)).isInstanceOf(QueueFullException.class);
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.unfinishedTasks()).isEqualTo(2);
        assertThat(List.of(queue.get(), queue.get())).containsExactly(1, 2);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void putWithATimeoutOnAFullQueueWaitsThatLongThenThrowsFull() throws Exception {
        JoinableQueue<Integer> queue = bounded(1);
        queue.put(1);
        long start = System.nanoTime();

        assertThatThrownBy(() -> queue.put(2, SHORT)).isInstanceOf(QueueFullException.class)
                .hasMessageContaining("150 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(SHORT, Spawned.PATIENCE);
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void aWaitingPutGoesInWhenAGetMakesRoom() throws Exception {
        JoinableQueue<Integer> queue = bounded(1);
        queue.put(1);
        Spawned<Void> forever = Spawned.run("putter", () -> queue.put(2)).awaitWaiting();

        assertThat(queue.get()).isEqualTo(1);
        forever.result();
        Spawned<Void> timed = Spawned.run("timed putter", () -> queue.put(3, Spawned.PATIENCE)).awaitWaiting();
        assertThat(queue.get()).isEqualTo(2);
        timed.result();
        assertThat(queue.get()).isEqualTo(3);
    }

    @Test
    void aBurstOfPutsReachesEveryWaitingGetter() throws Exception {
        JoinableQueue<Integer> queue = unbounded();
        List<Spawned<Integer>> getters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            getters.add(Spawned.call("getter-" + i, queue::get).awaitWaiting());
        }

        for (int i = 0; i < 4; i++) {
            queue.putNowait(i); // only the first finds the queue empty: the others rely on the wakers passing it on
        }

        List<Integer> received = new ArrayList<>();
        for (Spawned<Integer> getter : getters) {
            received.add(getter.result());
        }
        assertThat(received).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void aBurstOfGetsLetsEveryWaitingPutterIn() throws Exception {
        JoinableQueue<Integer> queue = bounded(4);
        List<Spawned<Void>> putters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            queue.putNowait(i);
        }
        for (int i = 4; i < 8; i++) {
            int element = i;
            putters.add(Spawned.run("putter-" + i, () -> queue.put(element)).awaitWaiting());
        }

        List<Integer> received = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            received.add(queue.getNowait()); // only the first finds the queue full
        }

        for (Spawned<Void> putter : putters) {
            putter.result();
        }
        for (int i = 0; i < 4; i++) {
            received.add(queue.getNowait());
        }
        assertThat(received).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void anUnboundedQueueNeverRefusesAPut() throws Exception {
        JoinableQueue<Integer> queue = unbounded();
        for (int i = 0; i < MOST_ELEMENTS_AT_ONCE; i++) {
            queue.putNowait(i);
        }

        assertThat(queue.size()).isEqualTo(MOST_ELEMENTS_AT_ONCE);
        assertThat(queue.getNowait()).isZero();
    }

    // ---- taskDone and join

    @Test
    void joinReturnsAtOnceWhenNothingWasPut() throws Exception {
        JoinableQueue<Integer> queue = unbounded();

        queue.join();
        assertThat(queue.join(Duration.ZERO)).isTrue();
        assertThat(queue.unfinishedTasks()).isZero();
    }

    @Test
    void joinWaitsUntilEveryElementPutIsMarkedDone() throws Exception {
        JoinableQueue<Integer> queue = unboundedHolding(1, 2);
        Spawned<Void> joiner = Spawned.run("joiner", queue::join).awaitWaiting();

        queue.get();
        queue.taskDone();
        assertThat(queue.unfinishedTasks()).isEqualTo(1);
        queue.get();
        joiner.assertStillWaitingAfter(Duration.ofMillis(50));
        queue.taskDone();
        joiner.result();
        assertThat(queue.unfinishedTasks()).isZero();
    }

    @Test
    void joinWithATimeoutSaysWhetherTheTasksAreDone() throws Exception {
        JoinableQueue<Integer> queue = unboundedHolding(1);

        assertThat(queue.join(SHORT)).isFalse();
        queue.getNowait();
        queue.taskDone();
        assertThat(queue.join(Duration.ZERO)).isTrue();
    }

    @Test
    void taskDoneMayComeBeforeTheGet() throws Exception {
        JoinableQueue<Integer> queue = unboundedHolding(1, 2);

        queue.taskDone();
        queue.taskDone();
        queue.join();
        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void taskDoneMoreTimesThanPutsThrowsAndChangesNothing() throws Exception {
        JoinableQueue<Integer> queue = unbounded();
        assertThatThrownBy(queue::taskDone).isInstanceOf(TooManyTaskDoneCallsException.class)
                .isInstanceOf(QueueException.class).hasMessageContaining("taskDone() called more times");

        queue.put(1);
        queue.taskDone();
        assertThatThrownBy(queue::taskDone).isInstanceOf(TooManyTaskDoneCallsException.class);
        assertThat(queue.unfinishedTasks()).isZero();
        queue.put(2);
        assertThat(queue.unfinishedTasks()).isEqualTo(1);
    }

    // ---- shutdown

    @Test
    void aShutDownQueueRefusesEveryPutAtOnce() throws Exception {
        for (JoinableQueue<Integer> queue : List.of(unbounded(), bounded(2))) {
            queue.shutdown();

            assertThat(queue.isShutdown()).isTrue();
            assertThatThrownBy(() -> queue.put(1)).isInstanceOf(QueueShutDownException.class);
            assertThatThrownBy(() -> queue.put(1, Spawned.PATIENCE)).isInstanceOf(QueueShutDownException.class);
            assertThatThrownBy(() -> queue.putNowait(1)).isInstanceOf(QueueShutDownException.class);
            assertThat(queue.size()).isZero();
            assertThat(queue.unfinishedTasks()).isZero();
        }
    }

    @Test
    void gettersDrainWhatIsLeftThenGetShutDownWithoutWaiting() throws Exception {
        JoinableQueue<Integer> queue = unboundedHolding(1, 2, 3);
        queue.shutdown();

        assertThat(List.of(queue.get(), queue.get(Spawned.PATIENCE), queue.getNowait())).containsExactly(1, 2, 3);
        long start = System.nanoTime();
        assertThatThrownBy(queue::get).isInstanceOf(QueueShutDownException.class);
        assertThatThrownBy(() -> queue.get(Spawned.PATIENCE)).isInstanceOf(QueueShutDownException.class);
        assertThatThrownBy(queue::getNowait).isInstanceOf(QueueShutDownException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void shutdownWakesSixteenWaitingGettersWithin100Ms() throws Exception {
        JoinableQueue<Integer> queue = unbounded();
        List<Spawned<Long>> getters = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Duration timeout = i % 2 == 0 ? null : Spawned.PATIENCE;
            getters.add(Spawned.call("getter-" + i, () -> {
                try {
                    Integer unexpected = timeout == null ? queue.get() : queue.get(timeout);
                    throw new AssertionError("got " + unexpected);
                } catch (QueueShutDownException e) {
                    return System.nanoTime();
                }
            }));
        }
        for (Spawned<Long> getter : getters) {
            getter.awaitWaiting();
        }

        long shutdownAt = System.nanoTime();
        queue.shutdown();

        for (Spawned<Long> getter : getters) {
            assertThat(Duration.ofNanos(getter.result() - shutdownAt)).isLessThan(Duration.ofMillis(100));
        }
    }

    @Test
    void shutdownWakesWaitingPuttersAndKeepsTheElements() throws Exception {
        JoinableQueue<Integer> queue = bounded(1);
        queue.put(1);
        Spawned<Void> forever = Spawned.run("putter", () -> queue.put(2)).awaitWaiting();
        Spawned<Void> timed = Spawned.run("timed putter", () -> queue.put(3, Spawned.PATIENCE)).awaitWaiting();

        queue.shutdown();

        assertThat(forever.failure()).isInstanceOf(QueueShutDownException.class);
        assertThat(timed.failure()).isInstanceOf(QueueShutDownException.class);
        assertThat(queue.get()).isEqualTo(1);
        assertThatThrownBy(queue::getNowait).isInstanceOf(QueueShutDownException.class);
        assertThat(queue.unfinishedTasks()).isEqualTo(1);
    }

    @Test
    void aPlainShutdownLeavesTheTaskCountAlone() throws Exception {
        JoinableQueue<Integer> queue = unboundedHolding(1, 2);
        Spawned<Void> joiner = Spawned.run("joiner", queue::join).awaitWaiting();

        queue.shutdown();

        joiner.assertStillWaitingAfter(Duration.ofMillis(50));
        assertThat(queue.unfinishedTasks()).isEqualTo(2);
        queue.get();
        queue.taskDone();
        queue.get();
        queue.taskDone();
        joiner.result();
        assertThatThrownBy(queue::taskDone).isInstanceOf(TooManyTaskDoneCallsException.class);
    }

    @Test
    void immediateShutdownDropsEveryElementLeft() throws Exception {
        JoinableQueue<Integer> queue = unboundedHolding(1, 2, 3);

        queue.shutdown(true);

        assertThat(queue.isShutdown()).isTrue();
        assertThat(queue.size()).isZero();
        assertThat(queue.isEmpty()).isTrue();
        assertThatThrownBy(queue::getNowait).isInstanceOf(QueueShutDownException.class);
        assertThatThrownBy(queue::get).isInstanceOf(QueueShutDownException.class);
        assertThat(queue.unfinishedTasks()).isZero();
        queue.join();
    }

    @Test
    void immediateShutdownLowersTheUnfinishedTasksByTheNumberDropped() throws Exception {
        JoinableQueue<Integer> queue = unboundedHolding(1, 2, 3);
        queue.get(); // in progress: not done yet

        queue.shutdown(true);

        assertThat(queue.unfinishedTasks()).isEqualTo(1);
        Spawned<Void> joiner = Spawned.run("joiner", queue::join).awaitWaiting();
        queue.taskDone();
        joiner.result();
    }

    @Test
    void immediateShutdownReleasesAWaitingJoin() throws Exception {
        JoinableQueue<Integer> queue = unboundedHolding(1, 2);
        Spawned<Void> joiner = Spawned.run("joiner", queue::join).awaitWaiting();

        queue.shutdown(true);

        joiner.result();
    }

    @Test
    void immediateShutdownNeverTakesTheTaskCountBelowZero() throws Exception {
        JoinableQueue<Integer> queue = unboundedHolding(1, 2);
        queue.taskDone();
        queue.taskDone();

        queue.shutdown(true);

        assertThat(queue.unfinishedTasks()).isZero();
        assertThat(queue.size()).isZero();
        assertThatThrownBy(queue::taskDone).isInstanceOf(TooManyTaskDoneCallsException.class);
    }

    @Test
    void immediateShutdownWakesWaitingGettersAndPutters() throws Exception {
        JoinableQueue<Integer> empty = unbounded();
        JoinableQueue<Integer> full = bounded(1);
        full.put(1);
        Spawned<Integer> getter = Spawned.call("getter", empty::get).awaitWaiting();
        Spawned<Void> putter = Spawned.run("putter", () -> full.put(2)).awaitWaiting();

        empty.shutdown(true);
        full.shutdown(true);

        assertThat(getter.failure()).isInstanceOf(QueueShutDownException.class);
        assertThat(putter.failure()).isInstanceOf(QueueShutDownException.class);
        assertThat(full.size()).isZero();
        assertThat(full.unfinishedTasks()).isZero();
    }

    @Test
    void anImmediateShutdownAfterAPlainOneStillDrops() throws Exception {
        JoinableQueue<Integer> queue = unboundedHolding(1, 2);
        queue.shutdown();
        queue.shutdown();
        assertThat(queue.size()).isEqualTo(2);

        queue.shutdown(true);

        assertThat(queue.size()).isZero();
        assertThat(queue.unfinishedTasks()).isZero();
        assertThat(queue.isShutdown()).isTrue();
    }

    // ---- bad input

    @Test
    void nullElementsAreRefused() throws Exception {
        for (JoinableQueue<Integer> queue : List.of(unbounded(), bounded(1))) {
            assertThatThrownBy(() -> queue.put(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> queue.put(null, SHORT)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> queue.putNowait(null)).isInstanceOf(NullPointerException.class);
            assertThat(queue.size()).isZero();
            assertThat(queue.unfinishedTasks()).isZero();
        }
    }

    @Test
    void negativeAndMissingTimeoutsAreRefused() throws Exception {
        JoinableQueue<Integer> queue = unbounded();
        Duration negative = Duration.ofMillis(-1);

        assertThatThrownBy(() -> queue.get(negative)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout must not be negative");
        assertThatThrownBy(() -> queue.put(1, negative)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queue.join(negative)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queue.get(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> queue.put(1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> queue.join(null)).isInstanceOf(NullPointerException.class);
        assertThat(queue.size()).isZero();
    }

    // ---- interruption

    @Test
    void anInterruptedGetThrowsAndTakesNothing() throws Exception {
        JoinableQueue<Integer> queue = unbounded();
        Spawned<Integer> getter = Spawned.call("getter", queue::get).awaitWaiting();

        getter.interrupt();

        assertThat(getter.failure()).isInstanceOf(InterruptedException.class);
        queue.put(1);
        assertThat(queue.getNowait()).isEqualTo(1);
    }

    @Test
    void anInterruptedPutThrowsAndAddsNothing() throws Exception {
        JoinableQueue<Integer> queue = bounded(1);
        queue.put(1);
        Spawned<Void> putter = Spawned.run("putter", () -> queue.put(2, Spawned.PATIENCE)).awaitWaiting();

        putter.interrupt();

        assertThat(putter.failure()).isInstanceOf(InterruptedException.class);
        assertThat(queue.getNowait()).isEqualTo(1);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.unfinishedTasks()).isEqualTo(1);
    }

    @Test
    void anInterruptedJoinThrows() throws Exception {
        JoinableQueue<Integer> queue = unboundedHolding(1);
        Spawned<Void> joiner = Spawned.run("joiner", queue::join).awaitWaiting();

        joiner.interrupt();

        assertThat(joiner.failure()).isInstanceOf(InterruptedException.class);
        assertThat(queue.unfinishedTasks()).isEqualTo(1);
    }

    // ---- draining iteration

    @Test
    void aDrainingIteratorGetsEveryElementUntilTheQueueIsShutDownAndEmpty() throws Exception {
        JoinableQueue<Integer> queue = unboundedHolding(1, 2);
        queue.shutdown();

        Iterator<Integer> draining = queue.drainingIterator();

        assertThat(draining).toIterable().containsExactly(1, 2);
        assertThat(draining.hasNext()).isFalse();
        assertThat(queue.unfinishedTasks()).isEqualTo(2);
    }

    @Test
    void aDrainingStreamWaitsForElementsUntilTheQueueIsShutDown() throws Exception {
        JoinableQueue<Integer> queue = bounded(2);
        Spawned<List<Integer>> consumer = Spawned.call("consumer",
                () -> queue.drainingStream().collect(Collectors.toList()));

        for (int i = 0; i < 10; i++) {
            queue.put(i);
        }
        consumer.assertStillWaitingAfter(Duration.ofMillis(50));
        queue.shutdown();

        assertThat(consumer.result()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void interruptingADrainingIterationEndsItAndKeepsTheInterrupt() throws Exception {
        JoinableQueue<Integer> queue = unboundedHolding(1);
        Spawned<List<Object>> consumer = Spawned.call("consumer", () -> {
            List<Object> seen = new ArrayList<>();
            queue.drainingIterator().forEachRemaining(seen::add);
            seen.add(Thread.currentThread().isInterrupted());
            return seen;
        }).awaitWaiting();

        consumer.interrupt();

        assertThat(consumer.result()).containsExactly(1, true);
    }

    // ---- the notebook

    /**
     * The notebook's producer and consumers: one producer adds 4 items 0.2 s apart, two consumers take them with
     * {@code get(timeout=1)} and stop when {@code queue.Empty} is raised.
     */
    @Test
    void notebookProducerAndTwoConsumersShareTheWorkAndStopOnEmpty() throws Exception {
        JoinableQueue<Integer> queue = unbounded();
        List<Spawned<List<Integer>>> consumers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            consumers.add(Spawned.call("consumer-" + i, () -> processUntilQuiet(queue)));
        }
        Spawned<Void> producer = Spawned.run("producer", () -> {
            for (int item = 0; item < 4; item++) {
                queue.put(item);
                Thread.sleep(200);
            }
        });

        producer.result();
        List<Integer> processed = new ArrayList<>();
        for (Spawned<List<Integer>> consumer : consumers) {
            processed.addAll(consumer.result());
        }

        assertThat(processed).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(queue.unfinishedTasks()).isZero();
    }

    /**
     * The notebook's consumer: gets with {@code get(timeout=1)} and marks each element done, until nothing comes for a
     * second.
     *
     * @return what it processed, in order
     */
    public static List<Integer> processUntilQuiet(JoinableQueue<Integer> queue) throws InterruptedException {
        List<Integer> processed = new ArrayList<>();
        try {
            while (true) {
                processed.add(queue.get(Duration.ofSeconds(1)));
                queue.taskDone();
            }
        } catch (QueueEmptyException e) {
            return processed;
        }
    }
}
