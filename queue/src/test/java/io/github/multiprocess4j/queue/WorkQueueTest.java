package io.github.multiprocess4j.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Spliterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What {@link WorkQueue} adds to the {@link JoinableQueue} contract: the {@code BlockingQueue} side. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WorkQueueTest {

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new WorkQueue<>(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity must be at least 1, got 0 (for an unbounded queue use new WorkQueue<>())");
        assertThatThrownBy(() -> new WorkQueue<>(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -1");
    }

    @Test
    void everyInsertRefusesNull() {
        WorkQueue<Integer> queue = new WorkQueue<>();

        assertThatThrownBy(() -> queue.offer(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("WorkQueue does not accept null elements");
        assertThatThrownBy(() -> queue.offer(null, 1, TimeUnit.SECONDS)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> queue.add(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> queue.addAll(Arrays.asList(1, null))).isInstanceOf(NullPointerException.class);
        assertThat(queue).containsExactly(1);
    }

    /** Regression: AbstractQueue's addAll refused a null collection, and the queue itself, with no message. */
    @Test
    @SuppressWarnings("ModifyingCollectionWithItself") // on purpose: the queue must refuse it
    void addAllRefusesNullAndItselfNamingThem() {
        WorkQueue<Integer> queue = new WorkQueue<>();
        queue.add(1);

        assertThatThrownBy(() -> queue.addAll(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("elements");
        assertThatThrownBy(() -> queue.addAll(queue)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot add a queue to itself");
        assertThat(queue).containsExactly(1);
        assertThat(queue.unfinishedTasks()).isEqualTo(1);
    }

    @Test
    void theQueueExceptionsShareOneBaseType() {
        assertThat(List.of(new QueueEmptyException("e"), new QueueFullException("f"), new QueueShutDownException("s"),
                new TooManyTaskDoneCallsException("t")))
                .allSatisfy(e -> assertThat(e).isInstanceOf(QueueException.class)
                        .isInstanceOf(IllegalStateException.class));
    }

    @Test
    void theSpecialValueAndThrowingMethodsReportFullAndEmpty() {
        WorkQueue<Integer> queue = new WorkQueue<>(1);

        assertThat(queue.offer(1)).isTrue();
        assertThat(queue.offer(2)).isFalse();
        assertThatThrownBy(() -> queue.add(2)).isInstanceOf(QueueFullException.class)
                .hasMessage("the queue is full: it holds its capacity of 1 elements");
        assertThat(queue.peek()).isEqualTo(1);
        assertThat(queue.element()).isEqualTo(1);
        assertThat(queue.poll()).isEqualTo(1);
        assertThat(queue.poll()).isNull();
        assertThat(queue.peek()).isNull();
        assertThatThrownBy(queue::remove).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(queue::element).isInstanceOf(NoSuchElementException.class);
    }

    /**
     * A filter, an {@code equals} or a sink runs while the queue holds itself; one that calls back into the queue
     * gets an exception naming the problem instead of waiting for itself forever, and the queue stays usable.
     */
    @Test
    void codeThatTheQueueRunsMayNotCallBackIntoIt() {
        WorkQueue<Integer> queue = new WorkQueue<>();
        queue.addAll(List.of(1, 2, 3));

        assertThatThrownBy(() -> queue.removeIf(element -> queue.offer(element)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a removeIf filter").hasMessageContaining("must not use this queue");
        assertThatThrownBy(() -> queue.drainTo(new ArrayList<Integer>() {
            @Override
            public boolean add(Integer element) {
                return super.add(queue.poll());
            }
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("a drainTo sink");

        assertThat(queue).containsExactly(1, 2, 3);
        assertThat(queue.unfinishedTasks()).isEqualTo(3);
        assertThat(queue.poll()).isEqualTo(1);
        assertThat(queue.offer(4)).isTrue();
        assertThat(queue.removeIf(element -> element == 2)).isTrue();
        assertThat(queue).containsExactly(3, 4);
    }

    /** The one call back that makes sense, handled without one: the queue's elements are all in the queue. */
    @Test
    @SuppressWarnings({"CollectionIncompatibleType", "ModifyingCollectionWithItself"}) // the queue itself, on purpose
    void removeAllAndRetainAllOfTheQueueItself() {
        WorkQueue<Integer> queue = new WorkQueue<>();
        queue.addAll(List.of(1, 2));

        assertThat(queue.retainAll(queue)).isFalse();
        assertThat(queue).containsExactly(1, 2);
        assertThat(queue.removeAll(queue)).isTrue();
        assertThat(queue).isEmpty();
        assertThat(queue.unfinishedTasks()).isZero();
        assertThat(queue.removeAll(queue)).isFalse();
    }

    @Test
    void offerAndPollWithATimeoutWaitThatLong() throws Exception {
        WorkQueue<Integer> queue = new WorkQueue<>(1);
        long start = System.nanoTime();

        assertThat(queue.poll(100, TimeUnit.MILLISECONDS)).isNull();
        assertThat(queue.offer(1, -5, TimeUnit.SECONDS)).isTrue();
        assertThat(queue.offer(2, 100, TimeUnit.MILLISECONDS)).isFalse();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200), Spawned.PATIENCE);
        assertThat(queue.poll(-5, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void afterShutdownEachMethodEndsTheWayItsKindDoes() throws Exception {
        WorkQueue<Integer> queue = new WorkQueue<>(2);
        queue.put(1);
        queue.put(2);
        queue.shutdown();
        long start = System.nanoTime();

        assertThat(queue.offer(3)).isFalse();
        assertThat(queue.offer(3, 10, TimeUnit.SECONDS)).isFalse();
        assertThatThrownBy(() -> queue.add(3)).isInstanceOf(QueueShutDownException.class);
        assertThatThrownBy(() -> queue.put(3)).isInstanceOf(QueueShutDownException.class);
        assertThat(queue.peek()).isEqualTo(1);
        assertThat(queue.take()).isEqualTo(1);
        assertThat(queue.poll(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(queue.poll()).isNull();
        assertThat(queue.poll(10, TimeUnit.SECONDS)).isNull();
        assertThatThrownBy(queue::remove).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(queue::take).isInstanceOf(QueueShutDownException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shutdownWakesWaitingPollsAndOffers() throws Exception {
        WorkQueue<Integer> empty = new WorkQueue<>();
        WorkQueue<Integer> full = new WorkQueue<>(1);
        full.put(1);
        Spawned<Integer> poller = Spawned.call("poller", () -> empty.poll(1, TimeUnit.MINUTES)).awaitWaiting();
        Spawned<Boolean> offerer = Spawned.call("offerer", () -> full.offer(2, 1, TimeUnit.MINUTES)).awaitWaiting();

        empty.shutdown();
        full.shutdown();

        assertThat(poller.result()).isNull();
        assertThat(offerer.result()).isFalse();
        assertThat(full).containsExactly(1);
    }

    @Test
    void remainingCapacityIsUnlimitedOnlyWhenUnbounded() throws Exception {
        WorkQueue<Integer> bounded = new WorkQueue<>(3);
        bounded.put(1);

        assertThat(bounded.remainingCapacity()).isEqualTo(2);
        assertThat(new WorkQueue<Integer>().remainingCapacity()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void drainToHandsTheElementsOutInOrder() throws Exception {
        WorkQueue<Integer> queue = filled(5);
        List<Integer> sink = new ArrayList<>();

        assertThat(queue.drainTo(sink, 3)).isEqualTo(3);
        assertThat(queue.drainTo(sink, 0)).isZero();
        assertThat(queue.drainTo(sink)).isEqualTo(2);

        assertThat(sink).containsExactly(1, 2, 3, 4, 5);
        assertThat(queue.unfinishedTasks()).as("handed out: the caller calls taskDone").isEqualTo(5);
        assertThatThrownBy(() -> queue.drainTo(queue)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queue.drainTo(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anElementTheSinkRefusesStaysFirst() throws Exception {
        WorkQueue<Integer> queue = filled(3);
        List<Integer> sink = new ArrayList<>() {
            @Override
            public boolean add(Integer element) {
                if (element == 2) {
                    throw new IllegalStateException("no room for 2");
                }
                return super.add(element);
            }
        };

        assertThatThrownBy(() -> queue.drainTo(sink)).hasMessage("no room for 2");
        assertThat(sink).containsExactly(1);
        assertThat(queue).containsExactly(2, 3);
        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void elementsRemovedWithoutBeingHandedOutCountAsDone() throws Exception {
        WorkQueue<Integer> queue = filled(6);

        assertThat(queue.remove((Object) 2)).isTrue();
        assertThat(queue.remove((Object) 9)).isFalse();
        assertThat(queue.unfinishedTasks()).isEqualTo(5);
        assertThat(queue.removeIf(element -> element % 2 == 0)).isTrue();
        assertThat(queue.unfinishedTasks()).isEqualTo(3);
        assertThat(queue.removeAll(List.of(1))).isTrue();
        assertThat(queue.retainAll(List.of(3))).isTrue();
        assertThat(queue).containsExactly(3);
        assertThat(queue.unfinishedTasks()).isEqualTo(1);
        queue.clear();

        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.unfinishedTasks()).isZero();
        assertThat(queue.join(Duration.ZERO)).isTrue();
        assertThat(queue.isShutdown()).isFalse();
        queue.put(7);
        assertThat(queue.poll()).isEqualTo(7);
    }

    /** One way of taking elements out of a queue. */
    private interface MakeRoom {
        void apply(WorkQueue<Integer> queue) throws Exception;
    }

    @Test
    void everyWayOfMakingRoomLetsAWaitingPutterIn() throws Exception {
        Map<String, MakeRoom> ways = Map.of("take", WorkQueue::take, "poll", WorkQueue::poll,
                "drainTo", queue -> queue.drainTo(new ArrayList<>()),
                "remove(Object)", queue -> queue.remove((Object) 1),
                "removeIf", queue -> queue.removeIf(element -> true), "clear", WorkQueue::clear,
                "iterator().remove()", queue -> {
                    Iterator<Integer> iterator = queue.iterator();
                    iterator.next();
                    iterator.remove();
                });
        for (Map.Entry<String, MakeRoom> way : ways.entrySet()) {
            WorkQueue<Integer> queue = new WorkQueue<>(1);
            queue.put(1);
            Spawned<Void> putter = Spawned.run("putter", () -> queue.put(2)).awaitWaiting();

            way.getValue().apply(queue);

            putter.result();
            assertThat(queue).as(way.getKey()).containsExactly(2);
        }
    }

    @Test
    void theIteratorLooksAtASnapshotAndTakesNothing() throws Exception {
        WorkQueue<Integer> queue = filled(3);
        Iterator<Integer> snapshot = queue.iterator();
        queue.put(4);
        assertThat(queue.take()).isEqualTo(1);

        assertThat(snapshot).toIterable().containsExactly(1, 2, 3);
        assertThat(queue).containsExactly(2, 3, 4);
        assertThat(queue.size()).isEqualTo(3);
    }

    @Test
    void theIteratorRemovesTheObjectItReturnedNotAnEqualOne() throws Exception {
        String first = new String("job");
        String second = new String("job");
        WorkQueue<String> queue = new WorkQueue<>();
        queue.addAll(List.of(first, "other", second));
        Iterator<String> iterator = queue.iterator();
        iterator.next();
        iterator.next();
        iterator.next();

        iterator.remove();

        assertThat(queue).containsExactly("job", "other");
        assertThat(queue.peek()).isSameAs(first);
        assertThat(queue.unfinishedTasks()).isEqualTo(2);
        assertThatThrownBy(iterator::remove).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void removalsCloseTheGapsAcrossArrayBoundaries() throws Exception {
        WorkQueue<Integer> queue = filled(400); // several of the arrays the elements are kept in
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= 400; i++) {
            expected.add(i);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(queue.take()).isEqualTo(expected.remove(0));
        }

        queue.removeIf(element -> element % 3 == 0);
        expected.removeIf(element -> element % 3 == 0);
        queue.remove((Object) 399);
        expected.remove((Object) 399);
        for (int i = 401; i <= 500; i++) {
            queue.put(i);
            expected.add(i);
        }

        assertThat(queue).containsExactlyElementsOf(expected);
        List<Integer> taken = new ArrayList<>();
        queue.drainTo(taken);
        assertThat(taken).isEqualTo(expected);
    }

    @Test
    void aFilterThatThrowsRemovesNothing() throws Exception {
        WorkQueue<Integer> queue = filled(5);

        assertThatThrownBy(() -> queue.removeIf(element -> {
            if (element == 4) {
                throw new IllegalStateException("boom");
            }
            return element % 2 == 0;
        })).hasMessage("boom");

        assertThat(queue).containsExactly(1, 2, 3, 4, 5);
        assertThat(queue.unfinishedTasks()).isEqualTo(5);
    }

    @Test
    void aLongRandomRunOfOperationsMatchesAnArrayDeque() throws Exception {
        Random random = new Random(42);
        WorkQueue<Integer> queue = new WorkQueue<>();
        Deque<Integer> model = new ArrayDeque<>();
        for (int step = 0; step < 20_000; step++) {
            int choice = random.nextInt(100);
            if (choice < 50) {
                int element = random.nextInt(1_000);
                queue.put(element);
                model.add(element);
            } else if (choice < 90) {
                assertThat(queue.poll()).isEqualTo(model.poll());
            } else if (choice < 95) {
                int element = random.nextInt(1_000);
                assertThat(queue.remove((Object) element)).isEqualTo(model.remove(element));
            } else if (choice < 99) {
                int divisor = 2 + random.nextInt(5);
                queue.removeIf(element -> element % divisor == 0);
                model.removeIf(element -> element % divisor == 0);
            } else {
                queue.clear();
                model.clear();
            }
            assertThat(queue.size()).isEqualTo(model.size());
            assertThat(queue.peek()).isEqualTo(model.peek());
        }
        assertThat(queue).containsExactlyElementsOf(model);
    }

    @Test
    void removingThroughTheIteratorAnElementAlreadyTakenDoesNothing() throws Exception {
        WorkQueue<Integer> queue = filled(2);
        Iterator<Integer> iterator = queue.iterator();
        iterator.next();
        queue.take();

        iterator.remove();

        assertThat(queue).containsExactly(2);
        assertThat(queue.unfinishedTasks()).isEqualTo(2);
    }

    @Test
    void theCollectionViewsAreSnapshots() throws Exception {
        WorkQueue<Integer> queue = filled(3);

        assertThat(queue.stream().map(String::valueOf).collect(Collectors.joining(","))).isEqualTo("1,2,3");
        assertThat(queue.spliterator().hasCharacteristics(Spliterator.SIZED | Spliterator.ORDERED)).isTrue();
        assertThat(queue.toArray()).containsExactly(1, 2, 3);
        assertThat(queue.toArray(new Integer[0])).containsExactly(1, 2, 3);
        assertThat(queue.contains(2)).isTrue();
        assertThat(queue).hasToString("[1, 2, 3]");
        assertThat(queue.size()).isEqualTo(3);
    }

    @Test
    void itServesAsTheQueueOfAThreadPoolExecutor() throws Exception {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 1, TimeUnit.SECONDS, new WorkQueue<>());
        CountDownLatch ran = new CountDownLatch(100);
        AtomicInteger sum = new AtomicInteger();
        for (int i = 1; i <= 100; i++) {
            int value = i;
            executor.execute(() -> {
                sum.addAndGet(value);
                ran.countDown();
            });
        }

        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sum).hasValue(5050);
        executor.shutdown();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private static WorkQueue<Integer> filled(int count) throws InterruptedException {
        WorkQueue<Integer> queue = new WorkQueue<>();
        for (int i = 1; i <= count; i++) {
            queue.put(i);
        }
        return queue;
    }
}
