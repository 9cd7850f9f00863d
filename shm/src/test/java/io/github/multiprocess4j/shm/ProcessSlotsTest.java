package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How a queue tells a live process from a dead one, by the token its claims carry. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessSlotsTest {

    @Test
    void thisProcessIsAliveButAnEarlierHolderOfItsSlotIsNot() {
        try (SharedQueue<Integer> queue = SharedQueue.create(4096)) {
            ProcessSlots slots = queue.state().slots;
            int self = slots.self();

            assertThat(slots.isDead(self)).isFalse();
            assertThat(slots.isDead(self ^ 1)).as("another generation of this slot").isTrue();
            assertThat(slots.isDead(1000 << ProcessSlots.GENERATION_BITS)).as("a slot nobody holds").isTrue();
            assertThat(slots.isDead(RingLayout.MAX_SLOT_COUNT << ProcessSlots.GENERATION_BITS))
                    .as("a slot beyond the table").isTrue();
        }
    }

    @Test
    void anotherProcessIsAliveUntilItIsKilled() throws Exception {
        try (SharedQueue<Integer> queue = SharedQueue.create(4096); SharedMemory flags = SharedMemory.create(64)) {
            ProcessSlots slots = queue.state().slots;
            Worker<Object> other = Launch.process(() -> QueueChildTasks.registerAndSleep(queue, flags));
            try {
                while (flags.getLongVolatile(QueueChildTasks.COUNTER) == 0) {
                    assertThat(other.isAlive()).as("the other process is alive").isTrue();
                    Thread.sleep(5);
                }
                int token = (int) flags.getLongVolatile(QueueChildTasks.COUNTER) - 1;
                assertThat(token >>> ProcessSlots.GENERATION_BITS).as("its own slot")
                        .isNotEqualTo(slots.self() >>> ProcessSlots.GENERATION_BITS);
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
}
