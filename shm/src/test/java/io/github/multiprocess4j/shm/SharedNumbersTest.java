package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.multiprocess4j.ipc.ProcessSlots;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SharedLong}, {@link SharedDouble}, the two arrays and {@link SharedMemory}'s doubles, within one JVM. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedNumbersTest {

    @Test
    void aSharedLongDoesWhatAnAtomicLongDoes() {
        try (SharedLong value = SharedLong.create(40)) {
            assertThat(value.name()).matches("mp4j_long_[0-9a-f]{8}");
            assertThat(value.get()).isEqualTo(40);
            assertThat(value.addAndGet(2)).isEqualTo(42);
            assertThat(value.getAndAdd(-2)).isEqualTo(42);
            assertThat(value.incrementAndGet()).isEqualTo(41);
            assertThat(value.compareAndSet(40, 0)).isFalse();
            assertThat(value.compareAndSet(41, 7)).isTrue();
            value.set(Long.MAX_VALUE);
            assertThat(value.addAndGet(1)).isEqualTo(Long.MIN_VALUE);
            assertThat(value.update(v -> v / 2)).isEqualTo(Long.MIN_VALUE / 2);
            assertThat(value).hasToString("SharedLong('" + value.name() + "', " + (Long.MIN_VALUE / 2) + ")");
        }
    }

    @Test
    void theValueIsWherePythonsStructReadsIt() {
        try (SharedLong value = SharedLong.create(0x0102030405060708L);
                SharedMemory raw = SharedMemory.attach(value.name())) {
            assertThat(raw.buffer().order(ByteOrder.nativeOrder()).getLong(ValuesLayout.ELEMENTS_OFFSET))
                    .isEqualTo(0x0102030405060708L);
            assertThat(raw.getLong(ValuesLayout.ELEMENTS_OFFSET)).isEqualTo(0x0102030405060708L);
        }
    }

    @Test
    void aSharedDoubleAddsAndComparesBits() {
        try (SharedDouble value = SharedDouble.create(0.5)) {
            assertThat(value.name()).matches("mp4j_double_[0-9a-f]{8}");
            assertThat(value.addAndGet(0.25)).isEqualTo(0.75);
            assertThat(value.update(v -> v * 4)).isEqualTo(3.0);
            value.set(0.0);
            assertThat(value.compareAndSet(-0.0, 1.0)).as("-0.0 is not the bits of 0.0").isFalse();
            assertThat(value.compareAndSet(0.0, Double.NaN)).isTrue();
            assertThat(value.compareAndSet(Double.NaN, 2.0)).as("the same NaN matches").isTrue();
            assertThat(value.get()).isEqualTo(2.0);
        }
    }

    @Test
    void arraysHaveElementsBulkCopiesAndBoundsNamingTheArray() {
        try (SharedLongArray longs = SharedLongArray.create(new long[] {1, 2, 3});
                SharedDoubleArray doubles = SharedDoubleArray.create(4)) {
            assertThat(longs.length()).isEqualTo(3);
            assertThat(longs.addAndGet(1, 10)).isEqualTo(12);
            assertThat(longs.update(2, v -> v * 100)).isEqualTo(300);
            assertThat(longs.compareAndSet(0, 1, -1)).isTrue();
            assertThat(longs.toArray()).containsExactly(-1, 12, 300);
            longs.copyFrom(new long[] {7, 8, 9}, 1, 1, 2);
            long[] dst = new long[5];
            longs.copyTo(0, dst, 2, 3);
            assertThat(dst).containsExactly(0, 0, -1, 8, 9);

            doubles.set(3, 1.5);
            assertThat(doubles.addAndGet(3, 1)).isEqualTo(2.5);
            assertThat(doubles.update(0, v -> v - 1)).isEqualTo(-1.0);
            assertThat(doubles.toArray()).containsExactly(-1.0, 0.0, 0.0, 2.5);

            assertThatThrownBy(() -> longs.get(3)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("index 3").hasMessageContaining("SharedLongArray '" + longs.name() + "'")
                    .hasMessageContaining("3 elements");
            assertThatThrownBy(() -> doubles.set(-1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> longs.copyTo(2, new long[3], 0, 2)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("elements [2, 2 + 2)");
            assertThatThrownBy(() -> longs.copyFrom(new long[1], 0, 0, 2))
                    .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("array of 1 elements");
            assertThat(longs.toArray()).as("nothing copied by a refused copy").containsExactly(-1, 8, 9);
        }
    }

    @Test
    void badLengthsAndNamesAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> SharedLongArray.create(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SharedLongArray has 1 to");
        assertThatThrownBy(() -> SharedDoubleArray.create(new double[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SharedLongArray.create((long[]) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SharedLong.create("a/b", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SharedLong.attach(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SharedLong.attach("mp4j_no_such_value"))
                .isInstanceOf(SharedMemoryNotFoundException.class);
        try (SharedLong value = SharedLong.create(1)) {
            assertThatThrownBy(() -> value.update(null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Test
    void attachingTheWrongTypeSaysWhatTheSegmentHolds() {
        try (SharedDouble value = SharedDouble.create(1.0); SharedMemory plain = SharedMemory.create(128)) {
            assertThatThrownBy(() -> SharedLong.attach(value.name())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is not a SharedLong").hasMessageContaining("it holds a SharedDouble");
            assertThatThrownBy(() -> SharedDoubleArray.attach(value.name()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("holds a SharedDouble");
            assertThatThrownBy(() -> SharedLong.attach(plain.name())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("magic number");
        }
    }

    @Test
    void handlesShareTheValueTravelByNameAndTheCreatorUnlinks() throws Exception {
        Path directory = SegmentFiles.defaultDirectory();
        String name;
        try (SharedLong created = SharedLong.create(5)) {
            name = created.name();
            SharedLong copy = roundTrip(created);
            try (SharedLong attached = SharedLong.attach(name)) {
                attached.addAndGet(1);
                assertThat(copy.get()).isEqualTo(6);
            }
            copy.close();
            assertThat(created.get()).isEqualTo(6);
            assertThat(directory.resolve(name + ".lock")).exists();
            assertThat(ProcessSlots.ownersFile(directory.resolve(name + ".lock"))).exists();
        }
        assertThat(directory.resolve(name)).doesNotExist();
        assertThat(directory.resolve(name + ".lock")).doesNotExist();
        assertThat(ProcessSlots.ownersFile(directory.resolve(name + ".lock"))).doesNotExist();
    }

    @Test
    void aClosedHandleFailsAndKeepLeavesTheFiles() {
        SharedDoubleArray array = SharedDoubleArray.create(2).keep();
        array.close();
        assertThat(array.isClosed()).isTrue();
        assertThatThrownBy(() -> array.get(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        try (SharedDoubleArray again = SharedDoubleArray.attach(array.name())) {
            assertThat(again.length()).isEqualTo(2);
            again.unlink();
        }
        assertThatThrownBy(() -> SharedDoubleArray.attach(array.name()))
                .isInstanceOf(SharedMemoryNotFoundException.class);
    }

    @Test
    void updatesOfManyThreadsUnderTheLockAreExact() throws Exception {
        try (SharedDouble sum = SharedDouble.create(0); SharedLong count = SharedLong.create(0)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        sum.update(v -> v + 1);
                        count.update(v -> v + 1);
                        count.addAndGet(1); // lock-free writes between: update must not lose them
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(sum.get()).isEqualTo(20_000.0);
            assertThat(count.get()).isEqualTo(40_000);
        }
    }

    @Test
    void aStreamWithFieldsInsteadOfANameIsRefused() throws Exception {
        try (SharedLong value = SharedLong.create(1)) {
            Object copy = roundTrip(value);
            assertThat(copy).isInstanceOf(SharedLong.class);
            ((SharedLong) copy).close();
        }
    }

    @Test
    void sharedMemoryReadsAndWritesDoubles() {
        try (SharedMemory memory = SharedMemory.create(64)) {
            memory.putDouble(3, Math.PI);
            assertThat(memory.getDouble(3)).isEqualTo(Math.PI);
            assertThat(memory.buffer().getDouble(3)).as("little-endian, as on x86-64").isEqualTo(Math.PI);
            memory.putDoubleVolatile(8, 1.5);
            assertThat(memory.getDoubleVolatile(8)).isEqualTo(1.5);
            assertThat(memory.compareAndSetDouble(8, 1.5, 2.5)).isTrue();
            assertThat(memory.addAndGetDouble(8, 0.5)).isEqualTo(3.0);
            assertThatThrownBy(() -> memory.getDoubleVolatile(4)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a multiple of 8");
            assertThatThrownBy(() -> memory.putDouble(60, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T handle) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(handle);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
