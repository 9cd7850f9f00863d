package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Task;
import io.github.multiprocess4j.core.Worker;
import io.github.multiprocess4j.queue.QueueEmptyException;
import io.github.multiprocess4j.queue.QueueShutDownException;
import io.github.multiprocess4j.queue.TooManyTaskDoneCallsException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Processes that die in the middle of a put or a get, at the worst moment: child JVMs that run the ring's own code
 * and halt themselves (like SIGKILL: no shutdown hook runs) just after claiming a cell, before the element is
 * written or copied out. The others go on, and at most the element in flight is lost.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedQueueCrashTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void consumersSkipTheCellOfAProducerKilledAfterClaimingIt() throws Exception {
        try (SharedQueue<Integer> queue = SharedQueue.builder().capacity(8).maxElementBytes(16).create()) {
            queue.put(1);
            haltIn(() -> QueueChildTasks.haltAfterClaiming(queue));
            queue.put(3);
            assertThat(queue.size()).as("the dead producer's claim counts until skipped").isEqualTo(3);
            assertThat(queue.unfinishedTasks()).isEqualTo(3);

            assertThat(queue.get(PATIENCE)).isEqualTo(1);
            assertThat(queue.getNowait()).as("skips the claim without waiting for anyone").isEqualTo(3);

            assertThat(queue.size()).isZero();
            assertThat(queue.unfinishedTasks()).as("the lost element's task counts as done").isEqualTo(2);
            queue.taskDone();
            queue.taskDone();
            assertThat(queue.join(Duration.ZERO)).isTrue();
        }
    }

    @Test
    void aGetWithATimeoutSkipsADeadProducersClaimAndReportsEmpty() throws Exception {
        try (SharedQueue<Integer> queue = SharedQueue.builder().capacity(8).maxElementBytes(16).create()) {
            haltIn(() -> QueueChildTasks.haltAfterClaiming(queue));

            assertThatThrownBy(() -> queue.get(Duration.ofMillis(200))).isInstanceOf(QueueEmptyException.class);
            assertThat(queue.size()).isZero();
            assertThat(queue.unfinishedTasks()).isZero();
            queue.put(2);
            assertThat(queue.getNowait()).isEqualTo(2);
        }
    }

    @Test
    void producersReuseTheCellOfAConsumerKilledWhileTakingItsElement() throws Exception {
        try (SharedQueue<Integer> queue = SharedQueue.builder().capacity(2).maxElementBytes(16).create()) {
            queue.put(1);
            queue.put(2);
            haltIn(() -> QueueChildTasks.haltWhileTaking(queue));

            assertThat(queue.getNowait()).isEqualTo(2);
            queue.put(3, PATIENCE); // needs the dead consumer's cell
            queue.put(4, PATIENCE);
            assertThat(queue.getNowait()).isEqualTo(3);
            assertThat(queue.getNowait()).isEqualTo(4);
            assertThat(queue.unfinishedTasks()).as("the lost element 1 counts as done").isEqualTo(3);
        }
    }

    @Test
    void joinReturnsWhenTheOnlyUnfinishedTaskWasLostWithItsConsumer() throws Exception {
        try (SharedQueue<Integer> queue = SharedQueue.builder().capacity(4).maxElementBytes(16).create()) {
            queue.put(1);
            haltIn(() -> QueueChildTasks.haltWhileTaking(queue));

            assertThat(queue.join(PATIENCE)).isTrue();
            assertThat(queue.unfinishedTasks()).isZero();
            assertThatThrownBy(queue::taskDone).isInstanceOf(TooManyTaskDoneCallsException.class);
        }
    }

    @Test
    void anImmediateShutdownDropsADeadProducersClaimWithTheRest() throws Exception {
        try (SharedQueue<Integer> queue = SharedQueue.builder().capacity(8).maxElementBytes(16).create()) {
            queue.put(1);
            haltIn(() -> QueueChildTasks.haltAfterClaiming(queue));
            queue.put(3);

            queue.shutdown(true);

            assertThat(queue.size()).isZero();
            assertThat(queue.unfinishedTasks()).isZero();
            assertThatThrownBy(queue::getNowait).isInstanceOf(QueueShutDownException.class);
        }
    }

    /** Runs {@code body} in a child JVM, which must halt itself in the middle of it. */
    private static void haltIn(Task<Object> body) throws InterruptedException {
        Worker<Object> child = Launch.process(body);
        child.join();
        assertThat(child.exitCode()).as("the child halted itself mid-operation").hasValue(QueueChildTasks.HALTED);
    }
}
