package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.ipc.WaitingRoom;
import io.github.multiprocess4j.queue.Spawned;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A put that found the queue full: it waits for a run of free cells for a while, so as not to work on the consumers'
 * heels, and then takes any room there is, so that a put still goes in when a get frees a single cell.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SharedQueueFullTest {

    private static final long A_MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final RingLayout layout = RingLayout.of(16, 16);
    private final HeapRingMemory memory = new HeapRingMemory(layout.segmentSize());
    private final Ring ring;
    private final SharedQueue<Integer> queue;

    SharedQueueFullTest() {
        layout.initialize(memory);
        ring = new Ring("full", memory, layout, new SharedQueueLincheckTest.EveryoneAlive());
        queue = SharedQueue.over(QueueState.inHeap("full", ring));
    }

    @Test
    void aRunIsAQuarterOfTheRingFreeFromTheTailOn() throws Exception {
        fill();
        assertThat(ring.roomForARun()).as("full").isFalse();
        take(3);
        assertThat(ring.roomForARun()).as("3 of 16 free").isFalse();
        take(1);
        assertThat(ring.roomForARun()).as("4 of 16 free").isTrue();

        queue.put(100);
        assertThat(ring.roomForARun()).as("the run now ends a cell further on").isFalse();
        queue.shutdown();
        assertThat(ring.roomForARun()).as("shut down: a put says so at once").isTrue();
    }

    @Test
    void patientAttemptsWaitForARunThenForAnyRoom() throws Exception {
        fill();
        AtomicInteger attempts = new AtomicInteger();
        WaitingRoom.Attempt<Integer> count = probe -> attempts.incrementAndGet();
        WaitingRoom.Attempt<Integer> patient = SharedQueue.patiently(ring, A_MINUTE, count);
        WaitingRoom.Attempt<Integer> impatient = SharedQueue.patiently(ring, 0, count);

        take(1);
        assertThat(patient.attempt(false)).as("one cell free, no run").isNull();
        assertThat(attempts).hasValue(0);
        assertThat(impatient.attempt(false)).as("its patience is over").isEqualTo(1);

        take(3);
        assertThat(patient.attempt(false)).as("a run is free").isEqualTo(2);
    }

    @Test
    void aWaitingPutGoesInWhenASingleGetMakesRoomInALargeQueue() throws Exception {
        try (SharedQueue<Integer> large = SharedQueue.builder().capacity(4096).maxElementBytes(16).create()) {
            for (int i = 0; i < 4096; i++) {
                large.put(i);
            }
            Spawned<Void> putter = Spawned.run("putter", () -> large.put(4096)).awaitWaiting();
            Spawned<Boolean> timed = Spawned.call("timed putter", () -> large.offer(4097, 20, TimeUnit.SECONDS))
                    .awaitWaiting();

            assertThat(large.get()).isZero();
            assertThat(large.get()).isEqualTo(1);
            putter.result();
            assertThat(timed.result()).isTrue();
            assertThat(large.size()).isEqualTo(4096);
        }
    }

    @Test
    void aPutAllWaitingForRoomGoesOnAsSingleGetsMakeIt() throws Exception {
        List<Integer> elements = IntStream.range(16, 40).boxed().collect(Collectors.toList());
        fill();
        Spawned<Void> producer = Spawned.run("producer", () -> queue.putAll(elements)).awaitWaiting();
        List<Integer> taken = new ArrayList<>();
        while (taken.size() < 40) {
            taken.add(queue.get(Duration.ofSeconds(20)));
        }
        producer.result();
        assertThat(taken).isEqualTo(IntStream.range(0, 40).boxed().collect(Collectors.toList()));
    }

    private void fill() throws InterruptedException {
        for (int i = 0; i < 16; i++) {
            queue.put(i);
        }
    }

    private void take(int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            queue.get();
        }
    }
}
