package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How a queue tells a live process from a dead one, by the token its claims carry. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueueOwnersTest {

    @Test
    void thisProcessIsAliveButAnEarlierHolderOfItsSlotIsNot() {
        try (SharedQueue<Integer> queue = SharedQueue.create(4096)) {
            QueueOwners slots = queue.state().owners;
            int self = slots.self();

            assertThat(slots.isDead(self)).isFalse();
            assertThat(slots.isDead(self ^ 1)).as("another generation of this slot").isTrue();
            assertThat(slots.isDead(1000 << QueueOwners.GENERATION_BITS)).as("a slot nobody holds").isTrue();
            assertThat(slots.isDead(RingLayout.MAX_SLOT_COUNT << QueueOwners.GENERATION_BITS))
                    .as("a slot beyond the table").isTrue();
        }
    }

    @Test
    void anotherProcessIsAliveUntilItIsKilled() throws Exception {
        try (SharedQueue<Integer> queue = SharedQueue.create(4096); SharedMemory flags = SharedMemory.create(64)) {
            QueueOwners slots = queue.state().owners;
            Worker<Object> other = Launch.process(() -> QueueChildTasks.registerAndSleep(queue, flags));
            try {
                while (flags.getLongVolatile(QueueChildTasks.COUNTER) == 0) {
                    assertThat(other.isAlive()).as("the other process is alive").isTrue();
                    Thread.sleep(5);
                }
                int token = (int) flags.getLongVolatile(QueueChildTasks.COUNTER) - 1;
                assertThat(token >>> QueueOwners.GENERATION_BITS).as("its own slot")
                        .isNotEqualTo(slots.self() >>> QueueOwners.GENERATION_BITS);
                assertThat(slots.isDead(token)).isFalse();

                other.kill();
                other.join();

                assertThat(slots.isDead(token)).isTrue();
            } finally {
                other.kill();
                other.join();
            }
        }
    }

    /**
     * Regression: a queue's process slots were file locks on bytes of its segment's own file, and closing any channel
     * of that file dropped all of this JVM's locks on it, so a {@code SharedMemory} attached to the queue's name and
     * closed made other processes take this one for dead (and clear its claims). Its slots are in the owners file now.
     */
    @Test
    void closingASharedMemoryAttachedToTheQueuesNameLeavesThisProcessAliveForTheOthers() throws Exception {
        try (SharedQueue<Integer> queue = SharedQueue.builder().capacity(8).maxElementBytes(16).create()) {
            int self = queue.state().owners.self();

            SharedMemory.attach(queue.name()).close(); // another channel of the segment's file, opened and closed

            Worker<Boolean> other = Launch.process(() -> QueueChildTasks.seesAlive(queue, self));
            assertThat(other.result()).as("this process, as another process sees it").isTrue();

            queue.put(1);
            Worker<Object> producer = Launch.process(() -> QueueChildTasks.haltAfterClaiming(queue));
            producer.join();
            assertThat(producer.exitCode()).as("the producer halted mid-put").hasValue(QueueChildTasks.HALTED);
            queue.put(3);
            assertThat(queue.get(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(queue.getNowait()).as("the killed producer's claimed cell is still recovered").isEqualTo(3);
        }
    }
}
