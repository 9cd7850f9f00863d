package io.github.multiprocess4j.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A getter of {@link WorkQueue} that finds the queue empty spins a little, then yields, before it parks, and the
 * producers do not signal a spinning or yielding getter: every hand-off must still arrive, whichever phase it lands in, and waits with a
 * time limit, shutdowns and interrupts must behave as they do for a parked getter. The same holds for a putter that
 * finds a bounded queue full.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkQueueSpinTest {

    /**
     * A producer that pauses for 0 to 200 microseconds between puts makes the consumer find the queue empty at every
     * kind of instant: during its spin, while it yields, and while parked.
     */
    @Test
    void everyElementArrivesWhetherTheGetterSpinsOrParks() throws Exception {
        WorkQueue<Integer> queue = new WorkQueue<>();
        int count = 20_000;
        Spawned<Void> producer = Spawned.run("producer", () -> {
            for (int i = 0; i < count; i++) {
                queue.put(i);
                pause(i);
            }
        });
        List<Integer> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            taken.add(i % 2 == 0 ? queue.take() : queue.get(Duration.ofSeconds(30)));
            queue.taskDone();
        }
        producer.result();
        for (int i = 0; i < count; i++) {
            assertThat(taken.get(i)).isEqualTo(i);
        }
        assertThat(queue.join(Duration.ZERO)).isTrue();
    }

    /** The same for a putter on a full queue, which spins and yields too: a consumer pausing 0 to 200 microseconds. */
    @Test
    void everyElementGoesInWhetherThePutterSpinsOrParks() throws Exception {
        WorkQueue<Integer> queue = new WorkQueue<>(1);
        int count = 20_000;
        Spawned<Void> producer = Spawned.run("producer", () -> {
            for (int i = 0; i < count; i++) {
                if (i % 2 == 0) {
                    queue.put(i);
                } else {
                    queue.put(i, Duration.ofSeconds(30));
                }
            }
        });
        for (int i = 0; i < count; i++) {
            pause(i);
            assertThat(queue.take()).isEqualTo(i);
            queue.taskDone();
        }
        producer.result();
        assertThat(queue.join(Duration.ZERO)).isTrue();
    }

    @Test
    void aShutdownOrATakeEndsAPutterThatMayBeSpinning() throws Exception {
        for (int round = 0; round < 200; round++) {
            WorkQueue<Integer> queue = new WorkQueue<>(1);
            queue.put(-1);
            int element = round;
            Spawned<Void> putter = Spawned.run("putter", () -> queue.put(element));
            if (round % 2 == 0) {
                queue.shutdown();
                assertThat(putter.failure()).isInstanceOf(QueueShutDownException.class);
                assertThat(queue).containsExactly(-1);
            } else {
                assertThat(queue.take()).isEqualTo(-1);
                putter.result();
                assertThat(queue).containsExactly(round);
            }
        }
    }

    @Test
    void aGetWithATimeShorterThanTheSpinStillTimesOutAndOneOfZeroDoesNotWait() {
        WorkQueue<Integer> queue = new WorkQueue<>();
        assertThatThrownBy(() -> queue.get(Duration.ofNanos(1))).isInstanceOf(QueueEmptyException.class);
        assertThatThrownBy(() -> queue.get(Duration.ZERO)).isInstanceOf(QueueEmptyException.class);
        assertThat(queue.poll()).isNull();
    }

    /** A pause of 0 to a few tens of microseconds, different from one element to the next. */
    private static void pause(int i) {
        int pause = i % 7;
        if (pause == 6) {
            LockSupport.parkNanos(200_000); // past the yielding too: the other side parks
        } else if (pause == 5) {
            LockSupport.parkNanos(50_000);
        } else {
            for (int spin = 0; spin < pause * 50; spin++) {
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void aShutdownOrAnInterruptEndsAGetterThatMayBeSpinning() throws Exception {
        for (int round = 0; round < 200; round++) {
            WorkQueue<Integer> queue = new WorkQueue<>();
            Spawned<Integer> getter = Spawned.call("getter", queue::take);
            if (round % 2 == 0) {
                queue.shutdown();
                assertThat(getter.failure()).isInstanceOf(QueueShutDownException.class);
            } else {
                queue.put(round);
                assertThat(getter.result()).isEqualTo(round);
            }
        }
        WorkQueue<Integer> queue = new WorkQueue<>();
        Thread.currentThread().interrupt();
        assertThatThrownBy(queue::take).isInstanceOf(InterruptedException.class);
        assertThat(queue.size()).isZero();
    }

    /**
     * A put that finds little room looks again briefly for more, then uses the room it has: into a queue of 1024 with
     * room for one, an {@code offer} succeeds at once, and one more is refused, with no consumer taking anything.
     */
    @Test
    void aPutIntoANearlyFullQueueUsesTheLastRoomWithoutWaitingForMore() {
        WorkQueue<Integer> queue = new WorkQueue<>(1024);
        for (int i = 0; i < 1023; i++) {
            assertThat(queue.offer(i)).isTrue();
        }

        assertThat(queue.offer(1023)).isTrue();
        assertThat(queue.offer(1024)).as("full").isFalse();
        assertThat(queue.size()).isEqualTo(1024);
        assertThat(queue.poll()).isZero();
        assertThat(queue.offer(1024)).as("the one place a take made").isTrue();
        assertThat(queue.offer(1025)).isFalse();
    }
}
