package io.github.multiprocess4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.shm.SharedMemory;
import io.github.multiprocess4j.shm.SharedObject;
import io.github.multiprocess4j.shm.SharedQueue;
import io.github.multiprocess4j.shm.testing.HostilePayloads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * Kryo payloads that another process damaged or forged ({@link HostilePayloads}: lengths of 2<sup>31</sup>-1, arrays
 * nested 100,000 deep), read from a {@link SharedObject} and taken from a {@link SharedQueue} by every entry point that
 * deserializes: each is refused with an {@link IllegalStateException}, never an {@link Error}. The object's lock stays
 * free; the queue's damaged element is consumed with its task counted done, and the next element comes.
 *
 * <p>The payloads are written where the documented layouts say (the object's committed area with its CRC-32C, the
 * queue's cell with its stamp), as a process that can write the segment could.
 */
final class HostilePayloadBadCalls implements BadCallCatalog {

    private static final String NEXT = "the next element";
    /** Room for the deepest payload, twice over. */
    private static final int ROOM = 1 << 20;

    private final Fixture<SharedObject<Object>> object = Fixture.closing(
            () -> SharedObject.create(4 * ROOM, "committed"));
    private final Fixture<SharedQueue<Object>> queue = Fixture.closing(
            () -> SharedQueue.builder().capacity(4).maxElementBytes(ROOM).create());
    /** The queue's segment, mapped a second time to be damaged. */
    private final Fixture<SharedMemory> queueSegment = Fixture.closing(
            () -> SharedMemory.attach(queue.value().name()));

    /** A deserializing call. */
    @FunctionalInterface
    private interface Read<T> {
        Object read(T target) throws Exception;
    }

    @Override
    public List<BadCall> calls() {
        List<BadCall> calls = new ArrayList<>();
        for (Map.Entry<String, byte[]> payload : HostilePayloads.all().entrySet()) {
            onObject(calls, "SharedObject.read()", payload, SharedObject::read);
            onObject(calls, "SharedObject.update(Consumer)", payload, shared -> shared.update(value -> { }));
            onObject(calls, "SharedObject.updateAndGet(UnaryOperator)", payload, shared -> shared.updateAndGet(v -> v));
            onQueue(calls, "SharedQueue.get()", payload, SharedQueue::get);
            onQueue(calls, "SharedQueue.get(Duration)", payload, taken -> taken.get(Duration.ofSeconds(10)));
            onQueue(calls, "SharedQueue.getNowait()", payload, SharedQueue::getNowait);
            onQueue(calls, "SharedQueue.take()", payload, SharedQueue::take);
            onQueue(calls, "SharedQueue.poll()", payload, SharedQueue::poll);
            onQueue(calls, "SharedQueue.poll(long, TimeUnit)", payload, taken -> taken.poll(10, TimeUnit.SECONDS));
        }
        return calls;
    }

    private void onObject(List<BadCall> calls, String entryPoint, Map.Entry<String, byte[]> payload,
            Read<SharedObject<Object>> read) {
        calls.add(BadCall.of(entryPoint, "a committed value of " + payload.getKey(), () -> {
            commit(object.value(), payload.getValue());
            return read.read(object.value());
        }).refused(IllegalStateException.class, "cannot be deserialized here")
                .keeping(() -> object.value().lock().isLocked())
                .afterwards("a value is written and read back", () -> {
                    object.value().write("committed");
                    assertThat(object.value().read()).isEqualTo("committed");
                }));
    }

    private void onQueue(List<BadCall> calls, String entryPoint, Map.Entry<String, byte[]> payload,
            Read<SharedQueue<Object>> take) {
        calls.add(BadCall.of(entryPoint, "an element of " + payload.getKey(), () -> {
            putForged(payload.getValue());
            return take.read(queue.value());
        }).refused(IllegalStateException.class, "cannot read an element of a SharedQueue")
                .afterwards("the next element comes, and only its task is unfinished", () -> {
                    SharedQueue<Object> taken = queue.value();
                    assertThat(taken.unfinishedTasks()).isEqualTo(1);
                    assertThat(taken.get(Duration.ofSeconds(10))).isEqualTo(NEXT);
                    taken.taskDone();
                    assertThat(taken.join(Duration.ZERO)).isTrue();
                }));
    }

    /**
     * Commits {@code payload} as the object's value: into the area not committed, length and CRC-32C first, then the
     * header word that says which area is committed (offsets from {@code SharedObject}'s layout).
     */
    private static void commit(SharedObject<?> shared, byte[] payload) {
        try (SharedMemory raw = SharedMemory.attach(shared.name())) {
            long committed = raw.getLongVolatile(16);
            int next = (int) (committed & 1) ^ 1;
            int area = 64 + next * raw.getInt(8);
            CRC32C crc = new CRC32C();
            crc.update(payload);
            raw.put(area + 8, payload);
            raw.putInt(area, payload.length);
            raw.putInt(area + 4, (int) crc.getValue());
            raw.putLongVolatile(16, ((committed >>> 1) + 1) << 1 | next);
        }
    }

    /**
     * Puts a placeholder and {@link #NEXT}, then rewrites the placeholder's cell (offsets from {@code SharedQueue}'s
     * layout): tag 0 (Kryo) and the payload, under a ready stamp of their length.
     */
    private void putForged(byte[] payload) throws InterruptedException {
        SharedMemory raw = queueSegment.value();
        long position = raw.getLongVolatile(128) & ((1L << 62) - 1);
        queue.value().put(List.of("placeholder"));
        queue.value().put(NEXT);
        int cell = raw.getInt(20) + (int) (position % raw.getInt(8)) * raw.getInt(12);
        raw.put(cell + 8, 0);
        raw.put(cell + 9, payload);
        long ready = 2L << 62 | (long) (payload.length + 1) << 40 | position & ((1L << 40) - 1);
        raw.putLongVolatile(cell, ready);
    }

    @Override
    public void close() throws Exception {
        try (queue; queueSegment; object) {
            // all closed, even if one fails to
        }
    }
}
