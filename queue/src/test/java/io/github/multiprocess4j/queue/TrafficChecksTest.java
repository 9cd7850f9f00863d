package io.github.multiprocess4j.queue;

import static io.github.multiprocess4j.queue.JoinableQueueContract.PRODUCERS;
import static io.github.multiprocess4j.queue.JoinableQueueContract.RANGE;
import static io.github.multiprocess4j.queue.JoinableQueueContract.assertReceivedAtMostOnceInOrder;
import static io.github.multiprocess4j.queue.JoinableQueueContract.assertReceivedExactlyOnceInOrder;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The checks that {@link JoinableQueueContract}'s stress tests make of what their producers put and their consumers
 * received. How much traffic a stress test moves before its shutdown depends on the machine and on its load, from a
 * few hundred elements to over half a million, so these checks must stay quick for the most it can move: every
 * producer's whole range. A check that compared every element received with every element put once made the test of
 * an immediate shutdown run past its 30 s timeout, looking like a hung queue, whenever some 100,000 elements or more
 * had gone through.
 */
class TrafficChecksTest {

    /** The most a stress test can move: each producer puts its whole range, in order. */
    private static List<Integer> everyElementPut() {
        List<Integer> put = new ArrayList<>(PRODUCERS * RANGE);
        for (int producer = 0; producer < PRODUCERS; producer++) {
            for (int element = producer * RANGE; element < (producer + 1) * RANGE; element++) {
                put.add(element);
            }
        }
        return put;
    }

    /** Three consumers that took turns at the queue, with every producer's elements coming in interleaved. */
    private static List<List<Integer>> receivedInTurns(List<Integer> put, int skippedAtTheEnd) {
        List<List<Integer>> received = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int index = 0; index < RANGE - skippedAtTheEnd; index++) {
            for (int producer = 0; producer < PRODUCERS; producer++) {
                received.get((index + producer) % received.size()).add(put.get(producer * RANGE + index));
            }
        }
        return received;
    }

    /**
     * Linear checks take well under a second here on a quiet machine; the quadratic one took hours for this traffic.
     * The limit is wide enough for a machine running several builds at once, and still far below a quadratic check.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theChecksOfTheMostTrafficPossibleTakeLittleTime() {
        List<Integer> put = everyElementPut();

        assertReceivedExactlyOnceInOrder(put, receivedInTurns(put, 0));
        assertReceivedAtMostOnceInOrder(put, receivedInTurns(put, 8)); // the last 8 dropped by an immediate shutdown
    }

    @Test
    void theChecksStillCatchWhatTheyAreFor() {
        List<Integer> put = List.of(0, 1, 2, RANGE, RANGE + 1);

        assertThatThrownBy(() -> assertReceivedAtMostOnceInOrder(put, List.of(List.of(0, 1), List.of(7))))
                .as("an element never put").isInstanceOf(AssertionError.class).hasMessageContaining("never put");
        assertThatThrownBy(() -> assertReceivedAtMostOnceInOrder(put, List.of(List.of(0, 1), List.of(1))))
                .as("an element received twice").isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertReceivedAtMostOnceInOrder(put, List.of(List.of(1, RANGE, 0))))
                .as("out of its producer's order").isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertReceivedExactlyOnceInOrder(put, List.of(List.of(0, 1, 2), List.of(RANGE))))
                .as("an element lost").isInstanceOf(AssertionError.class);
        assertReceivedAtMostOnceInOrder(put, List.of(List.of(0, RANGE, 2), List.of(1)));
        assertReceivedExactlyOnceInOrder(put, List.of(List.of(0, RANGE, 2), List.of(1, RANGE + 1)));
    }
}
