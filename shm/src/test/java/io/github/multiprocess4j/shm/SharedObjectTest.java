package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.multiprocess4j.ipc.ProcessSlots;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SharedObject} within one JVM. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedObjectTest {

    /** A value with no no-argument constructor. */
    record Point(int x, String label) {
    }

    /** A class Kryo must instantiate without a constructor, holding a cycle. */
    static final class Node {
        final String name;
        Node next;

        Node(String name) {
            this.name = name;
        }
    }

    @Test
    void writtenValuesReadBackAsEqualCopies() {
        try (SharedObject<Object> shared = SharedObject.create(4096, List.of(1, 2, 3))) {
            assertThat(shared.read()).isEqualTo(List.of(1, 2, 3));
            shared.write(new Point(7, "seven"));
            assertThat(shared.read()).isEqualTo(new Point(7, "seven"));
            shared.write(null);
            assertThat(shared.read()).isNull();
            Map<String, Object> map = new HashMap<>();
            map.put("self", map);
            shared.write(map);
            Object back = shared.read();
            assertThat(back).isInstanceOf(Map.class);
            assertThat(((Map<?, ?>) back).get("self")).isSameAs(back);
        }
    }

    @Test
    void cyclesAndClassesWithoutDefaultConstructorsSurvive() {
        Node first = new Node("a");
        first.next = new Node("b");
        first.next.next = first;
        try (SharedObject<Node> shared = SharedObject.create(4096, first)) {
            Node back = shared.read();

            assertThat(back.name).isEqualTo("a");
            assertThat(back.next.name).isEqualTo("b");
            assertThat(back.next.next).isSameAs(back);
        }
    }

    @Test
    void capturesOfAnonymousClassesAndSerializableLambdasSurvive() {
        String captured = "captured " + System.nanoTime();
        Supplier<String> anonymous = anonymousSupplier(captured);
        IntUnaryOperator lambda = (IntUnaryOperator & Serializable) x -> x + captured.length();
        try (SharedObject<Object> shared = SharedObject.create(8192, anonymous)) {
            @SuppressWarnings("unchecked")
            Supplier<String> back = (Supplier<String>) shared.read();
            assertThat(back.get()).isEqualTo(captured);

            shared.write(lambda);
            assertThat(((IntUnaryOperator) shared.read()).applyAsInt(1)).isEqualTo(1 + captured.length());
        }
    }

    private static Supplier<String> anonymousSupplier(String captured) {
        return new Supplier<>() {
            @Override
            public String get() {
                return captured;
            }
        };
    }

    @Test
    void largeValuesRoundTrip() {
        byte[] large = new byte[3 << 20];
        java.util.Arrays.fill(large, (byte) 7);
        large[large.length - 1] = 9;
        try (SharedObject<byte[]> shared = SharedObject.create(8 << 20, large)) {
            byte[] back = shared.read();

            assertThat(back).hasSize(large.length).isEqualTo(large);
            shared.write(new byte[] {1});
            assertThat(shared.read()).containsExactly(1);
        }
    }

    @Test
    void readReturnsACopyThatChangesNothingShared() {
        try (SharedObject<List<Integer>> shared = SharedObject.create(4096, new ArrayList<>(List.of(1)))) {
            shared.read().add(2);

            assertThat(shared.read()).containsExactly(1);
        }
    }

    @Test
    void updateChangesTheValueInPlaceAndReturnsIt() {
        try (SharedObject<List<Integer>> shared = SharedObject.create(4096, new ArrayList<>())) {
            List<Integer> after = shared.update(list -> list.add(5));
            shared.update(list -> list.add(6));

            assertThat(after).containsExactly(5);
            assertThat(shared.read()).containsExactly(5, 6);
        }
    }

    @Test
    void updateAndGetReplacesImmutableValues() {
        try (SharedObject<Integer> counter = SharedObject.create(256, 0)) {
            assertThat(counter.updateAndGet(n -> n + 1)).isEqualTo(1);
            assertThat(counter.updateAndGet(n -> n * 10)).isEqualTo(10);
            assertThat(counter.read()).isEqualTo(10);
        }
    }

    @Test
    void aThrowingUpdateWritesNothing() {
        try (SharedObject<List<Integer>> shared = SharedObject.create(4096, new ArrayList<>(List.of(1)))) {
            assertThatThrownBy(() -> shared.update(list -> {
                list.add(2);
                throw new IllegalStateException("changed my mind");
            })).hasMessage("changed my mind");

            assertThat(shared.read()).containsExactly(1);
            assertThat(shared.lock().isLocked()).isFalse();
        }
    }

    @Test
    void aValueTooLargeFailsNamingBothSizesAndTheOldValueStays() {
        try (SharedObject<Object> shared = SharedObject.create(1024, "small")) {
            assertThat(shared.capacity()).isBetween(400, 512);

            assertThatThrownBy(() -> shared.write("x".repeat(2000)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("takes 200")
                    .hasMessageContaining("at most " + shared.capacity())
                    .hasMessageContaining("1024 bytes");
            assertThatThrownBy(() -> shared.updateAndGet(s -> "y".repeat(600)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(shared.read()).isEqualTo("small");
        }
    }

    @Test
    void operationsByTheHolderOfItsLockRunInsideTheHold() {
        try (SharedObject<Integer> counter = SharedObject.create(256, 0)) {
            try (ProcessLock.Held held = counter.lock().hold()) {
                if (counter.read() == 0) {
                    counter.updateAndGet(n -> n + 1);
                }
                counter.write(counter.read() + 1);
            }
            assertThat(counter.read()).isEqualTo(2);
        }
    }

    @Test
    void threadsUpdatingAtOnceLoseNothing() throws Exception {
        try (SharedObject<Integer> counter = SharedObject.create(256, 0)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        counter.updateAndGet(n -> n + 1);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }

            assertThat(counter.read()).isEqualTo(8_000);
        }
    }

    @Test
    void anAttachedHandleSeesTheSameValueAndItsCloseUnlinksNothing() {
        try (SharedObject<String> shared = SharedObject.create(512, "one")) {
            SharedObject<String> attached = SharedObject.attach(shared.name());
            attached.write("two");
            attached.close();

            assertThat(shared.read()).isEqualTo("two");
            assertThat(shared.name()).matches("psm_[0-9a-f]{8}");
            assertThat(SharedObject.<String>attach(shared.name()).read()).isEqualTo("two");
        }
    }

    @Test
    void theCreatorsCloseUnlinksTheSegmentAndTheLock() {
        SharedObject<String> shared = SharedObject.create(512, "x");
        Path segment = SegmentFiles.defaultDirectory().resolve(shared.name());
        Path lock = SegmentFiles.defaultDirectory().resolve(shared.name() + SharedObject.LOCK_SUFFIX);
        assertThat(segment).exists();
        assertThat(lock).exists();
        assertThat(ProcessSlots.ownersFile(lock)).exists();

        shared.close();

        assertThat(segment).doesNotExist();
        assertThat(lock).doesNotExist();
        assertThat(ProcessSlots.ownersFile(lock)).doesNotExist();
        assertThatThrownBy(shared::read).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aSerializedHandleAttachesToTheSameObject() throws Exception {
        try (SharedObject<String> shared = SharedObject.create(512, "before")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(shared);
            }
            @SuppressWarnings("unchecked")
            SharedObject<String> copy = (SharedObject<String>) new ObjectInputStream(
                    new ByteArrayInputStream(bytes.toByteArray())).readObject();
            copy.write("after");
            copy.close();

            assertThat(shared.read()).isEqualTo("after");
        }
    }

    @Test
    void badInputFailsClearly() {
        assertThatThrownBy(() -> SharedObject.create(10, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least");
        assertThatThrownBy(() -> SharedObject.attach("mp4j_test_no_object"))
                .isInstanceOf(SharedMemoryNotFoundException.class).hasMessageContaining("mp4j_test_no_object");
        try (SharedMemory foreign = SharedMemory.create(4096)) {
            foreign.putInt(0, 0xCAFEBABE);
            assertThatThrownBy(() -> SharedObject.attach(foreign.name())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is not a SharedObject").hasMessageContaining("0xcafebabe");
            foreign.putInt(ObjectAreas.MAGIC_OFFSET, ObjectAreas.MAGIC);
            foreign.putInt(ObjectAreas.VERSION_OFFSET, ObjectAreas.VERSION);
            foreign.putInt(ObjectAreas.AREA_SIZE_OFFSET, Integer.MAX_VALUE - 7);
            assertThatThrownBy(() -> SharedObject.attach(foreign.name())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("area size");
        }
    }

    @Test
    void corruptStoredBytesFailWithoutACrashOrAHugeAllocation() {
        try (SharedObject<List<Integer>> shared = SharedObject.create(4096, new ArrayList<>(List.of(1, 2)));
                SharedMemory raw = SharedMemory.attach(shared.name())) {
            int area = ObjectAreas.HEADER_SIZE + (int) (raw.getLong(ObjectAreas.COMMITTED_OFFSET) & 1)
                    * raw.getInt(ObjectAreas.AREA_SIZE_OFFSET);
            int length = raw.getInt(area);

            raw.putInt(area, Integer.MAX_VALUE);
            assertThatThrownBy(shared::read).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is corrupt").hasMessageContaining("length");
            raw.putInt(area, length);
            raw.put(area + ObjectAreas.AREA_HEADER_SIZE, 0xFF);
            assertThatThrownBy(shared::read).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("checksum");
            assertThat(shared.lock().isLocked()).isFalse();
            shared.write(List.of(3));
            assertThat(shared.read()).containsExactly(3);
        }
    }
}
