package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.multiprocess4j.ipc.ProcessSlots;
import io.github.multiprocess4j.queue.JoinableQueue;
import io.github.multiprocess4j.queue.Spawned;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@link SharedQueue} adds to the {@link JoinableQueue} contract, in one JVM: sizes and their limits, the kinds
 * of element, bad input, damaged segments, and the lifetime of handles and segments.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SharedQueueTest {

    // ---- sizes

    @Test
    void createSizesTheRingInBytesWithCellsOfOneKibibyte() {
        try (SharedQueue<String> queue = SharedQueue.create(64 * 1024)) {
            assertThat(queue.capacity()).isEqualTo(64);
            assertThat(queue.maxElementBytes()).isEqualTo(SharedQueue.DEFAULT_CELL_BYTES - 8);
            assertThat(queue.name()).startsWith("psm_");
            assertThat(queue).hasToString("SharedQueue('" + queue.name() + "', capacity=64, maxElementBytes=1016)");
        }
    }

    @Test
    void theBuilderSetsTheCapacityInElementsAndRoundsCellsToCacheLines() throws Exception {
        try (SharedQueue<Integer> queue = SharedQueue.builder().capacity(3).maxElementBytes(10).create()) {
            assertThat(queue.capacity()).isEqualTo(3);
            assertThat(queue.maxElementBytes()).isEqualTo(64 - 8);
            for (int i = 0; i < 3; i++) {
                queue.putNowait(i);
            }
            assertThat(queue.remainingCapacity()).isZero();
            assertThat(queue.offer(3)).isFalse();
        }
    }

    @Test
    void aNamedQueueIsFoundByItsName() throws Exception {
        String name = "mp4j_test_queue_" + ProcessHandle.current().pid();
        try (SharedQueue<String> created = SharedQueue.create(name, 4096);
                SharedQueue<String> attached = SharedQueue.attach(name)) {
            created.put("hello");
            assertThat(attached.name()).isEqualTo(name);
            assertThat(attached.capacity()).isEqualTo(4);
            assertThat(attached.get()).isEqualTo("hello");
        }
        assertThat(fileOf(name)).doesNotExist();
    }

    // ---- elements

    @Test
    void everyKindOfElementComesOutEqual() throws Exception {
        List<Object> elements = Arrays.asList(-1, Integer.MIN_VALUE, Long.MAX_VALUE, -0.0, Double.NaN, "",
                "naïve ☃ 𝄞", new byte[0], new byte[] {-1, 0, 1}, 'c', (short) 3, true, 1.5f,
                new ArrayList<>(List.of("a", "b")), new SharedQueueAcrossProcessesTest.Stamped(5, "data"));
        try (SharedQueue<Object> queue = SharedQueue.create(64 * 1024)) {
            for (Object element : elements) {
                queue.put(element);
            }
            List<Object> taken = new ArrayList<>();
            for (int i = 0; i < elements.size(); i++) {
                taken.add(queue.get());
            }
            assertThat(comparable(taken)).isEqualTo(comparable(elements));
            assertThat(taken.get(3)).isEqualTo(-0.0);
        }
    }

    /** The elements, with byte arrays (which do not compare by content) as lists. */
    static List<Object> comparable(List<Object> elements) {
        List<Object> comparable = new ArrayList<>();
        for (Object element : elements) {
            comparable.add(element instanceof byte[] ? Arrays.asList(toBoxed((byte[]) element)) : element);
        }
        return comparable;
    }

    private static Byte[] toBoxed(byte[] bytes) {
        Byte[] boxed = new Byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            boxed[i] = bytes[i];
        }
        return boxed;
    }

    @Test
    void eachGetReturnsACopy() throws Exception {
        try (SharedQueue<List<String>> queue = SharedQueue.create(4096)) {
            List<String> original = new ArrayList<>(List.of("a"));
            queue.put(original);
            original.add("b");

            List<String> copy = queue.get();

            assertThat(copy).containsExactly("a");
            assertThat(copy).isNotSameAs(original);
        }
    }

    @Test
    void aSerializableLambdaTravelsThroughTheQueue() throws Exception {
        try (SharedQueue<Task> queue = SharedQueue.create(4096)) {
            int base = 40;
            queue.put(() -> base + 2);

            assertThat(queue.get().call()).isEqualTo(42);
        }
    }

    /** A serializable task, as a work queue carries. */
    interface Task extends java.io.Serializable {
        int call();
    }

    // ---- bad input

    @Test
    void anElementLargerThanTheLimitIsRefusedNamingTheSizesAndTheQueueIsUnchanged() throws Exception {
        try (SharedQueue<String> queue = SharedQueue.builder().capacity(4).maxElementBytes(100).create()) {
            queue.put("first");
            String large = "x".repeat(500);

            for (Consumer<String> put : List.<Consumer<String>>of(queue::putNowait, queue::offer, element -> {
                try {
                    queue.put(element, Duration.ofSeconds(1));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            })) {
                assertThatThrownBy(() -> put.accept(large)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("an element of 501 bytes")
                        .hasMessageContaining("java.lang.String")
                        .hasMessageContaining("at most 120 bytes")
                        .hasMessageContaining(queue.name());
            }

            assertThat(queue.size()).isEqualTo(1);
            assertThat(queue.unfinishedTasks()).isEqualTo(1);
            assertThat(queue.get()).isEqualTo("first");
            queue.put("x".repeat(119));
            assertThat(queue.get()).hasSize(119);
        }
    }

    @Test
    void nullElementsAreRefusedByEveryPut() throws Exception {
        try (SharedQueue<String> queue = SharedQueue.create(4096)) {
            assertThatThrownBy(() -> queue.offer(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> queue.offer(null, 1, TimeUnit.SECONDS))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> queue.put(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("null elements");
            assertThat(queue.size()).isZero();
        }
    }

    @Test
    void capacitiesAndLimitsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> SharedQueue.create(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> SharedQueue.create(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SharedQueue.create(1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a ring of 1000 bytes holds no cell of 1024 bytes");
        assertThatThrownBy(() -> SharedQueue.builder().capacity(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity must be at least 1");
        assertThatThrownBy(() -> SharedQueue.builder().maxElementBytes(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SharedQueue.builder().maxElementBytes(1 << 22))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SharedQueue.builder().capacity(1 << 20).maxElementBytes(1 << 20).create())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a segment holds at most");
        assertThatThrownBy(() -> SharedQueue.create("a/b", 4096)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNameLeavesRoomForTheOwnersFile() {
        assertThatThrownBy(() -> SharedQueue.create("q".repeat(194), 4096)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 193 are allowed").hasMessageContaining(".owners");
    }

    @Test
    void attachingToAMissingNameFailsNamingIt() {
        assertThatThrownBy(() -> SharedQueue.attach("mp4j_no_such_queue"))
                .isInstanceOf(SharedMemoryNotFoundException.class).hasMessageContaining("mp4j_no_such_queue");
        assertThatThrownBy(() -> SharedQueue.attach("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SharedQueue.attach(null)).isInstanceOf(NullPointerException.class);
        // regression: a NUL failed with the file system's InvalidPathException, which does not say "name"
        assertThatThrownBy(() -> SharedQueue.attach("a\0b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid shared memory name 'a\0b'");
    }

    @Test
    void aSegmentThatIsNotAQueueIsRefused() {
        try (SharedMemory tiny = SharedMemory.create(16); SharedMemory foreign = SharedMemory.create(4096)) {
            foreign.putInt(0, 0x12345678);

            assertThatThrownBy(() -> SharedQueue.attach(tiny.name())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is not a SharedQueue: it has only 16 bytes");
            assertThatThrownBy(() -> SharedQueue.attach(foreign.name())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("magic number is 0x12345678");
        }
    }

    @Test
    void aDamagedHeaderIsRefusedWithoutTrustingIt() throws Exception {
        assertDamaged(RingLayout.VERSION_OFFSET, 99, "layout version is 99");
        assertDamaged(RingLayout.CAPACITY_OFFSET, 0, "0 cells of 64 bytes");
        assertDamaged(RingLayout.CAPACITY_OFFSET, Integer.MAX_VALUE, "cells of 64 bytes need");
        assertDamaged(RingLayout.CAPACITY_OFFSET, 3, "3 cells of 64 bytes need"); // fewer cells: gets spun forever
        assertDamaged(RingLayout.CELL_BYTES_OFFSET, 100, "4 cells of 100 bytes");
        assertDamaged(RingLayout.CELL_BYTES_OFFSET, Integer.MIN_VALUE, "cells of -2147483648 bytes");
        assertDamaged(RingLayout.SLOT_COUNT_OFFSET, 0, "0 process slots");
        assertDamaged(RingLayout.CELLS_OFFSET_OFFSET, 64, "cells at 64");
    }

    /** Creates a queue, writes {@code value} at {@code offset} of its header, and expects attaching to fail. */
    private static void assertDamaged(int offset, int value, String message) throws Exception {
        String name;
        try (SharedQueue<Integer> queue = SharedQueue.builder().capacity(4).maxElementBytes(8).create()) {
            name = queue.keep().name();
        }
        try (SharedMemory segment = SharedMemory.attach(name)) {
            try {
                segment.putInt(offset, value);
                assertThatThrownBy(() -> SharedQueue.attach(name)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("'" + name + "' is not a SharedQueue").hasMessageContaining(message);
            } finally {
                segment.unlink();
                Files.deleteIfExists(ProcessSlots.ownersFile(segment.file()));
            }
        }
    }

    // ---- lifetime

    @Test
    void theCreatorsCloseUnlinksAndAnAttachedHandlesDoesNot() throws Exception {
        SharedQueue<String> created = SharedQueue.create(4096);
        Path file = fileOf(created.name());
        SharedQueue<String> attached = SharedQueue.attach(created.name());

        attached.close();
        assertThat(file).exists();
        created.put("still here");
        created.close();

        assertThat(file).doesNotExist();
        assertThat(created.isClosed()).isTrue();
        assertThatThrownBy(() -> created.put("late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
        assertThatThrownBy(attached::size).isInstanceOf(IllegalStateException.class);
        created.close();
    }

    @Test
    void aKeptQueueOutlivesItsCreatorsHandleUntilUnlinked() throws Exception {
        String name;
        try (SharedQueue<String> created = SharedQueue.create(4096)) {
            name = created.keep().name();
            created.put("for later");
        }
        assertThat(fileOf(name)).exists();

        try (SharedQueue<String> later = SharedQueue.attach(name)) {
            assertThat(later.get()).isEqualTo("for later");
            later.unlink();
            assertThat(fileOf(name)).doesNotExist();
            later.put("the mapping lives on");
            assertThat(later.get()).isEqualTo("the mapping lives on");
        }
    }

    @Test
    void handlesInOneJvmShareTheQueueAndOutliveTheCreatorsClose() throws Exception {
        SharedQueue<String> created = SharedQueue.create(4096);
        try (SharedQueue<String> attached = SharedQueue.attach(created.name())) {
            created.close();

            attached.put("after the creator left");
            assertThat(attached.get()).isEqualTo("after the creator left");
        }
    }

    @Test
    void closingAHandleWakesItsWaitingThreadsWithAnError() throws Exception {
        SharedQueue<String> queue = SharedQueue.create(4096);
        Spawned<String> getter = Spawned.call("getter", queue::get).awaitWaiting();

        queue.close();

        assertThat(getter.failure()).isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
    }

    @Test
    void aQueueSerializedInThisJvmComesBackAsAHandleOnTheSameQueue() throws Exception {
        try (SharedQueue<String> queue = SharedQueue.create(4096)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(queue);
            }
            assertThat(bytes.size()).as("only the name travels").isLessThan(200);

            @SuppressWarnings("unchecked")
            SharedQueue<String> copy = (SharedQueue<String>) new ObjectInputStream(
                    new ByteArrayInputStream(bytes.toByteArray())).readObject();
            try (copy) {
                copy.put("through the copy");
                assertThat(copy.name()).isEqualTo(queue.name());
                assertThat(queue.get()).isEqualTo("through the copy");
            }
        }
    }

    private static Path fileOf(String name) {
        return SegmentFiles.defaultDirectory().resolve(name);
    }
}
