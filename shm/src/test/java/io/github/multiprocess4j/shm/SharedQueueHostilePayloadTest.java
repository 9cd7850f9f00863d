package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.multiprocess4j.shm.testing.HostilePayloads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@link SharedQueue} element that another process damaged or forged: every way of taking it fails with the
 * documented {@link IllegalStateException}, never an {@link Error}; the element is consumed and its task counted
 * done; the next element is delivered.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedQueueHostilePayloadTest {

    private static final String NEXT = "the next element";

    /** Each way of taking an element. */
    @FunctionalInterface
    private interface Take {
        Object take(SharedQueue<Object> queue) throws Exception;
    }

    private static final Map<String, Take> TAKES = Map.of(
            "get()", SharedQueue::get,
            "get(Duration)", queue -> queue.get(Duration.ofSeconds(10)),
            "getNowait()", SharedQueue::getNowait,
            "take()", SharedQueue::take,
            "poll()", SharedQueue::poll,
            "poll(long, TimeUnit)", queue -> queue.poll(10, TimeUnit.SECONDS),
            "drainTo(sink, 1)", queue -> queue.drainTo(new ArrayList<>(), 1));

    @Test
    void everyHostileKryoPayloadFailsEveryTakeAndTheNextElementComes() throws Exception {
        try (SharedQueue<Object> queue = SharedQueue.builder().capacity(4).maxElementBytes(1 << 20).create()) {
            for (Map.Entry<String, byte[]> payload : HostilePayloads.all().entrySet()) {
                for (Map.Entry<String, Take> take : TAKES.entrySet()) {
                    String what = take.getKey() + " of " + payload.getKey();
                    forgeNext(queue, ElementCodec.KRYO, payload.getValue(), payload.getValue().length + 1);

                    assertThatThrownBy(() -> take.getValue().take(queue)).as(what)
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("cannot read an element of a SharedQueue");
                    assertNextComesAndNoTaskIsLeft(queue, what);
                }
            }
        }
    }

    @Test
    void aLengthLargerThanACellIsRefusedBeforeAnythingIsCopied() throws Exception {
        try (SharedQueue<Object> queue = SharedQueue.builder().capacity(4).maxElementBytes(56).create()) {
            forgeNext(queue, ElementCodec.BYTES, new byte[0], CellStamp.MAX_DETAIL);

            assertThatThrownBy(queue::get).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("claims " + CellStamp.MAX_DETAIL + " bytes, but a cell holds at most 56")
                    .hasMessageContaining("its task counted done");
            assertNextComesAndNoTaskIsLeft(queue, "an oversized stamp");

            forgeNext(queue, ElementCodec.BYTES, new byte[0], CellStamp.MAX_DETAIL);
            assertThatThrownBy(() -> queue.drainTo(new ArrayList<>(), 10)).as("drainTo")
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("its task counted done");
            assertNextComesAndNoTaskIsLeft(queue, "an oversized stamp, drained");
        }
    }

    @Test
    void aNumberWhoseLengthDisagreesWithItsTagIsRefused() throws Exception {
        try (SharedQueue<Object> queue = SharedQueue.builder().capacity(4).maxElementBytes(56).create()) {
            forgeNext(queue, ElementCodec.LONG, new byte[0], 1);

            assertThatThrownBy(queue::getNowait).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has 1 bytes, not 9");
            assertNextComesAndNoTaskIsLeft(queue, "a long of 1 byte");
        }
    }

    /**
     * Puts a placeholder and {@link #NEXT}, then rewrites the placeholder's cell as a process that can write the
     * segment could: {@code tag}, then {@code bytes}, under a ready stamp of {@code length} bytes.
     */
    private static void forgeNext(SharedQueue<Object> queue, byte tag, byte[] bytes, int length) throws Exception {
        SharedMemory memory = queue.state().memory;
        long position = memory.getLongVolatile(RingLayout.TAIL) & Ring.POSITION;
        queue.put(List.of("placeholder"));
        queue.put(NEXT);
        RingLayout layout = RingLayout.read(memory.segment());
        int cell = layout.cellOffset((int) (position % layout.capacity));
        memory.put(cell + CellStamp.BYTES, tag);
        memory.put(cell + CellStamp.BYTES + 1, bytes);
        memory.putLongRelease(cell, CellStamp.ready(position, length));
    }

    /** The forged element's task was counted done when it failed: only {@link #NEXT}'s is left, until done. */
    private static void assertNextComesAndNoTaskIsLeft(SharedQueue<Object> queue, String after)
            throws InterruptedException {
        assertThat(queue.unfinishedTasks()).as("unfinished tasks after %s", after).isEqualTo(1);
        assertThat(queue.get(Duration.ofSeconds(10))).as("the element after %s", after).isEqualTo(NEXT);
        queue.taskDone();
        assertThat(queue.join(Duration.ZERO)).as("join after %s", after).isTrue();
        assertThat(queue.isEmpty()).isTrue();
    }
}
