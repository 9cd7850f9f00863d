package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.multiprocess4j.queue.QueueEmptyException;
import io.github.multiprocess4j.queue.QueueShutDownException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ring's protocol when a claim's owner stops, step by step: two "processes" share one ring in heap memory, each
 * with its own token, and the test says which of them is dead. A thread of one of them is held inside the ring's own
 * code, between its claim and the end of its copy, where a process could be killed.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RingTest {

    private static final int FIRST = 1;
    private static final int SECOND = 2;

    private final Set<Integer> dead = ConcurrentHashMap.newKeySet();
    private final RingLayout layout = RingLayout.of(2, 16);
    private final HeapRingMemory memory = new HeapRingMemory(layout.segmentSize());
    private final Ring first;
    private final Ring second;
    private final SharedQueue<Integer> firstQueue;
    private final SharedQueue<Integer> secondQueue;

    RingTest() {
        layout.initialize(memory);
        first = new Ring("first", memory, layout, process(FIRST));
        second = new Ring("second", memory, layout, process(SECOND));
        firstQueue = SharedQueue.over(QueueState.inHeap("first", first));
        secondQueue = SharedQueue.over(QueueState.inHeap("second", second));
    }

    @Test
    void aClaimBeingWrittenHoldsUpConsumersUntilItsOwnerIsFoundDead() throws Exception {
        firstQueue.put(1);
        Stuck writer = Stuck.writing(first);

        assertThat(secondQueue.getNowait()).isEqualTo(1);
        assertThat(second.poll(new Copy(), true)).as("its owner is alive").isEqualTo(Ring.IN_FLIGHT);
        assertThat(secondQueue.size()).isEqualTo(1);

        dead.add(FIRST);
        assertThat(second.poll(new Copy(), false)).as("no probe, no verdict").isEqualTo(Ring.IN_FLIGHT);
        assertThat(second.poll(new Copy(), true)).as("skipped").isEqualTo(Ring.EMPTY);
        assertThat(secondQueue.size()).isZero();
        assertThat(secondQueue.unfinishedTasks()).as("only the element got").isEqualTo(1);
        writer.release();
    }

    @Test
    void aCellBeingReadHoldsUpTheProducerThatNeedsItUntilItsOwnerIsFoundDead() throws Exception {
        firstQueue.put(1);
        firstQueue.put(2);
        Stuck reader = Stuck.reading(first);

        assertThat(secondQueue.getNowait()).isEqualTo(2);
        assertThat(second.offer(writer(3), true)).as("its owner is alive").isEqualTo(Ring.IN_FLIGHT);

        dead.add(FIRST);
        assertThat(second.offer(writer(3), true)).isEqualTo(Ring.OK);
        assertThat(secondQueue.getNowait()).isEqualTo(3);
        assertThat(secondQueue.unfinishedTasks()).as("the lost element counts as done").isEqualTo(2);
        reader.release();
    }

    @Test
    void aSweepClearsTheCellOfADeadConsumerAnywhereInTheRing() throws Exception {
        firstQueue.put(1);
        Stuck reader = Stuck.reading(first);
        assertThat(secondQueue.unfinishedTasks()).isEqualTo(1);

        second.clearDeadReaders();
        assertThat(secondQueue.unfinishedTasks()).as("its owner is alive").isEqualTo(1);
        dead.add(FIRST);
        second.clearDeadReaders();

        assertThat(secondQueue.unfinishedTasks()).isZero();
        assertThat(secondQueue.join(Duration.ZERO)).isTrue();
        reader.release();
    }

    @Test
    void aProducerThatFailsAfterClaimingLeavesATombstoneThatConsumersSkip() throws Exception {
        firstQueue.put(1);
        Ring.ElementWriter failing = new Ring.ElementWriter() {
            @Override
            public int length() {
                return 5;
            }

            @Override
            public void writeTo(RingMemory ignored, int offset) {
                throw new OutOfMemoryError("simulated");
            }
        };

        assertThatThrownBy(() -> first.offer(failing, false)).isInstanceOf(OutOfMemoryError.class);

        assertThat(secondQueue.getNowait()).isEqualTo(1);
        assertThatThrownBy(secondQueue::getNowait).as("the tombstone is skipped")
                .isInstanceOf(QueueEmptyException.class);
        firstQueue.put(3);
        assertThat(secondQueue.getNowait()).isEqualTo(3);
        assertThat(secondQueue.unfinishedTasks()).as("the tombstone's task counts as done").isEqualTo(2);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // fails a spin
    void aGetFailsNamingTheQueueWhenItsTailWasDamagedBehindItsHead() throws Exception {
        firstQueue.put(1);
        firstQueue.put(2);
        memory.setRelease(RingLayout.TAIL, 0); // damage: the tail behind what was put

        assertThat(firstQueue.getNowait()).isEqualTo(1);
        assertThat(firstQueue.getNowait()).isEqualTo(2);
        assertThatThrownBy(firstQueue::getNowait).as("spun forever before").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SharedQueue 'first' is damaged");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // fails a spin
    void aGetFailsNamingTheQueueWhenItsHeadWasDamagedToSayDropped() throws Exception {
        firstQueue.put(1);
        memory.setRelease(RingLayout.HEAD, Ring.DROPPED); // damage: no shutdown was asked for

        assertThatThrownBy(firstQueue::getNowait).as("reported shut down before, while puts went on")
                .isInstanceOf(IllegalStateException.class).isNotInstanceOf(QueueShutDownException.class)
                .hasMessageContaining("SharedQueue 'first' is damaged");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // fails a spin
    void aGetFailsNamingTheQueueWhenItsHeadWasDamagedBeyondAnyPosition() throws Exception {
        firstQueue.put(1);
        memory.setRelease(RingLayout.HEAD, Long.MIN_VALUE + 3); // damage: walked up one cell at a time before

        assertThatThrownBy(firstQueue::getNowait).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SharedQueue 'first' is damaged");
        memory.setRelease(RingLayout.HEAD, (1L << 40) - (1L << 38)); // past the tail, 2^38 cells behind a stamp
        assertThatThrownBy(firstQueue::getNowait).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SharedQueue 'first' is damaged");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // fails a spin
    void aPutFailsNamingTheQueueWhenItsTailAsksForADropWithoutAShutdown() throws Exception {
        memory.setRelease(RingLayout.TAIL, Ring.DROP_REQUESTED); // damage: the put's element was dropped before

        assertThatThrownBy(() -> firstQueue.putNowait(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SharedQueue 'first' is damaged");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // fails a spin
    void aPutFailsNamingTheQueueWhenItsTailWasDamagedBehindItsCells() throws Exception {
        firstQueue.put(1);
        assertThat(firstQueue.getNowait()).isEqualTo(1);
        memory.setRelease(RingLayout.TAIL, 0); // damage: cell 0 is free for position 2 already

        assertThatThrownBy(() -> firstQueue.putNowait(3)).as("spun forever before")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SharedQueue 'first' is damaged");
    }

    @Test
    void aPutCountedBeforeAShutdownStillDeliversItsElement() throws Exception {
        Stuck writer = Stuck.writing(first);
        secondQueue.shutdown();
        writer.release();

        assertThat(writer.thread.outcome).isEqualTo(Ring.OK);
        assertThat(secondQueue.size()).as("the claim was counted before the shutdown").isEqualTo(1);
        assertThat(secondQueue.getNowait()).isEqualTo(7);
    }

    private Liveness process(int token) {
        return new Liveness() {
            @Override
            public int self() {
                return token;
            }

            @Override
            public boolean isDead(int owner) {
                return dead.contains(owner);
            }
        };
    }

    private static Ring.ElementWriter writer(int value) {
        ElementCodec codec = ElementCodec.forThisThread();
        codec.encode(value);
        return codec;
    }

    /** Copies nothing: for attempts that must not find an element. */
    private static final class Copy implements Ring.ElementReader {
        @Override
        public void readFrom(RingMemory memory, int offset, int length) {
            throw new AssertionError("took an element at " + offset);
        }
    }

    /** A thread held inside the ring's own code, after it claimed a cell, until released. */
    private static final class Stuck {
        private final CountDownLatch inside = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private Attempt thread;

        /** Holds a put of 7 where it would write the element. */
        static Stuck writing(Ring ring) throws InterruptedException {
            Stuck stuck = new Stuck();
            stuck.start(() -> ring.offer(stuck.holding(writer(7)), false));
            return stuck.awaitInside();
        }

        /** Holds a get where it would copy the element out. */
        static Stuck reading(Ring ring) throws InterruptedException {
            Stuck stuck = new Stuck();
            stuck.start(() -> ring.poll((memory, offset, length) -> stuck.hold(), false));
            return stuck.awaitInside();
        }

        private Ring.ElementWriter holding(Ring.ElementWriter element) {
            return new Ring.ElementWriter() {
                @Override
                public int length() {
                    return element.length();
                }

                @Override
                public void writeTo(RingMemory memory, int offset) {
                    hold();
                    element.writeTo(memory, offset);
                }
            };
        }

        private void hold() {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void start(IntSupplier attempt) {
            thread = new Attempt(attempt);
            thread.start();
        }

        private Stuck awaitInside() throws InterruptedException {
            assertThat(inside.await(10, TimeUnit.SECONDS)).as("the thread got inside").isTrue();
            return this;
        }

        /** Lets the thread finish its operation, as a live owner would. */
        void release() throws InterruptedException {
            release.countDown();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** A thread that makes one attempt and keeps its outcome. */
    private static final class Attempt extends Thread {
        private final IntSupplier attempt;
        volatile int outcome = -1;

        Attempt(IntSupplier attempt) {
            this.attempt = attempt;
            setDaemon(true);
        }

        @Override
        public void run() {
            outcome = attempt.getAsInt();
        }
    }
}
