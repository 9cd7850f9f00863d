package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link SharedMemory} must do, wherever its segments live; subclasses say where.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class SharedMemoryContract {

    /** The directory segments are created in. */
    abstract Path directory();

    SharedMemory create(int size) {
        return SharedMemory.create(directory(), null, size);
    }

    SharedMemory create(String name, int size) {
        return SharedMemory.create(directory(), name, size);
    }

    SharedMemory attach(String name) {
        return SharedMemory.attach(directory(), name);
    }

    @Test
    void aNewSegmentHasTheRequestedSizeAndOnlyZeroBytes() {
        try (SharedMemory sm = create(1000)) {
            byte[] all = new byte[1000];
            sm.get(0, all);

            assertThat(sm.size()).isEqualTo(1000);
            assertThat(all).containsOnly(0);
            assertThat(Files.exists(sm.file())).isTrue();
            assertThat(sm.file().getParent()).isEqualTo(directory());
        }
    }

    @Test
    void bytesReadBackUnsignedLikePythonsBuf() {
        try (SharedMemory sm = create(16)) {
            sm.put(0, 200);
            sm.put(1, 255);
            sm.put(15, 7);

            assertThat(sm.get(0)).isEqualTo(200);
            assertThat(sm.get(1)).isEqualTo(255);
            assertThat(sm.get(15)).isEqualTo(7);
        }
    }

    @Test
    void anAttachedHandleSharesTheBytesBothWays() {
        try (SharedMemory creator = create(64); SharedMemory attached = attach(creator.name())) {
            creator.put(3, 42);
            attached.putLong(8, 0x1122334455667788L);

            assertThat(attached.name()).isEqualTo(creator.name());
            assertThat(attached.size()).isEqualTo(64);
            assertThat(attached.get(3)).isEqualTo(42);
            assertThat(creator.getLong(8)).isEqualTo(0x1122334455667788L);
        }
    }

    @Test
    void bulkByteArrayCopiesHonourOffsetsAndLengths() {
        try (SharedMemory sm = create(32)) {
            byte[] source = {1, 2, 3, 4, 5, 6};
            sm.put(10, source);
            sm.put(20, source, 2, 3);
            byte[] back = new byte[6];
            sm.get(10, back);
            byte[] part = new byte[5];
            sm.get(20, part, 1, 3);

            assertThat(back).containsExactly(source);
            assertThat(part).containsExactly(0, 3, 4, 5, 0);
        }
    }

    @Test
    void byteBufferCopiesMoveTheBuffersPositionNotTheSegments() {
        try (SharedMemory sm = create(32)) {
            ByteBuffer source = ByteBuffer.wrap(new byte[] {9, 8, 7, 6});
            source.position(1);
            sm.put(4, source);
            ByteBuffer target = ByteBuffer.allocateDirect(5);
            target.position(2);
            sm.get(4, target);

            assertThat(source.position()).isEqualTo(4);
            assertThat(target.position()).isEqualTo(5);
            assertThat(target.get(2)).isEqualTo((byte) 8);
            assertThat(target.get(4)).isEqualTo((byte) 6);
            assertThat(sm.get(4)).isEqualTo(8);
        }
    }

    @Test
    void intsAndLongsUseTheNativeOrderAndTheViewIsLittleEndian() {
        try (SharedMemory sm = create(64)) {
            sm.putInt(1, 0x01020304);
            sm.putLong(16, -2L);
            ByteBuffer view = sm.buffer();
            ByteBuffer nativeView = view.duplicate().order(ByteOrder.nativeOrder());

            assertThat(view.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
            assertThat(view.capacity()).isEqualTo(64);
            assertThat(nativeView.getInt(1)).isEqualTo(0x01020304);
            assertThat(nativeView.getLong(16)).isEqualTo(-2L);
            assertThat(sm.getInt(1)).isEqualTo(0x01020304);
            view.putInt(40, 77);
            assertThat(sm.buffer().getInt(40)).isEqualTo(77);
        }
    }

    @Test
    void atomicIntsCompareAndSetAndAdd() {
        try (SharedMemory sm = create(64)) {
            sm.putIntVolatile(4, 10);

            assertThat(sm.compareAndSetInt(4, 11, 20)).isFalse();
            assertThat(sm.compareAndSetInt(4, 10, 20)).isTrue();
            assertThat(sm.getAndAddInt(4, 5)).isEqualTo(20);
            assertThat(sm.getIntVolatile(4)).isEqualTo(25);
            sm.putIntRelease(8, 3);
            assertThat(sm.getIntAcquire(8)).isEqualTo(3);
        }
    }

    @Test
    void atomicLongsCompareAndSetAndAdd() {
        try (SharedMemory sm = create(64)) {
            sm.putLongVolatile(8, Long.MAX_VALUE - 1);

            assertThat(sm.compareAndSetLong(8, 0, 1)).isFalse();
            assertThat(sm.compareAndSetLong(8, Long.MAX_VALUE - 1, 40)).isTrue();
            assertThat(sm.getAndAddLong(8, 2)).isEqualTo(40);
            assertThat(sm.getLongVolatile(8)).isEqualTo(42);
            sm.putLongRelease(56, -9);
            assertThat(sm.getLongAcquire(56)).isEqualTo(-9);
        }
    }

    @Test
    void getAndAddFromManyThreadsLosesNoUpdate() throws Exception {
        try (SharedMemory sm = create(64)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 100_000; i++) {
                        sm.getAndAddLong(8, 1);
                        sm.getAndAddInt(16, 2);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }

            assertThat(sm.getLongVolatile(8)).isEqualTo(400_000);
            assertThat(sm.getIntVolatile(16)).isEqualTo(800_000);
        }
    }

    @Test
    void closingTheCreatorUnlinksClosingAnAttachedHandleDoesNot() {
        SharedMemory creator = create(8);
        Path file = creator.file();
        SharedMemory attached = attach(creator.name());

        attached.close();
        assertThat(Files.exists(file)).isTrue();
        creator.close();
        assertThat(Files.exists(file)).isFalse();
        creator.close();
    }

    @Test
    void keptSegmentsSurviveTheirCreatorsClose() {
        SharedMemory creator = create(8).keep();
        creator.put(0, 5);
        creator.close();

        try (SharedMemory again = attach(creator.name())) {
            assertThat(again.get(0)).isEqualTo(5);
            again.unlink();
            assertThat(Files.exists(again.file())).isFalse();
        }
    }

    @Test
    void unlinkRemovesTheNameButAttachedHandlesKeepWorking() {
        try (SharedMemory creator = create(8); SharedMemory attached = attach(creator.name())) {
            creator.unlink();
            creator.unlink();
            attached.put(1, 9);

            assertThat(creator.get(1)).isEqualTo(9);
            assertThatThrownBy(() -> attach(creator.name())).isInstanceOf(SharedMemoryNotFoundException.class);
        }
    }

    @Test
    void everyAccessAfterCloseFailsClearly() {
        SharedMemory sm = create(64);
        sm.close();

        assertThat(sm.isClosed()).isTrue();
        for (Runnable access : List.<Runnable>of(() -> sm.get(0), () -> sm.put(0, 1), () -> sm.getInt(0),
                () -> sm.putLong(0, 1), () -> sm.getLongVolatile(0), () -> sm.compareAndSetInt(0, 0, 1),
                () -> sm.getAndAddLong(0, 1), () -> sm.get(0, new byte[1]), sm::buffer)) {
            assertThatThrownBy(access::run).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(sm.name()).hasMessageContaining("closed");
        }
    }

    @Test
    void attachingToAMissingNameFailsNamingIt() {
        assertThatThrownBy(() -> attach("mp4j_test_missing"))
                .isInstanceOf(SharedMemoryNotFoundException.class)
                .hasMessageContaining("'mp4j_test_missing'")
                .hasCauseInstanceOf(java.nio.file.NoSuchFileException.class)
                .satisfies(e -> assertThat(((SharedMemoryNotFoundException) e).segmentName())
                        .isEqualTo("mp4j_test_missing"));
    }

    @Test
    void attachingToAnEmptyFileFailsClearly() throws Exception {
        Path empty = Files.createFile(directory().resolve("mp4j_test_empty"));
        try {
            assertThatThrownBy(() -> attach("mp4j_test_empty")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("empty");
        } finally {
            Files.delete(empty);
        }
    }

    @Test
    void sizesMustBePositive() {
        assertThatThrownBy(() -> create(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> create(-5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-5");
    }

    @Test
    void namesMustBeUsableAsFileNames() {
        for (String bad : List.of("", ".", "..", "a/b", "a\\b", "x\0y", "n".repeat(201))) {
            assertThatThrownBy(() -> create(bad, 8)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid shared memory name");
        }
    }

    @Test
    void creatingANameThatExistsFails() {
        try (SharedMemory first = create("mp4j_test_twice", 8)) {
            assertThatThrownBy(() -> create("mp4j_test_twice", 8))
                    .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("exists already")
                    .hasCauseInstanceOf(java.nio.file.FileAlreadyExistsException.class);
            assertThat(first.get(0)).isZero();
        }
    }

    @Test
    void indexesOutOfRangeFailWithTheSizeInTheMessage() {
        try (SharedMemory sm = create(16)) {
            assertThatThrownBy(() -> sm.get(16)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("index 16").hasMessageContaining("16 bytes");
            assertThatThrownBy(() -> sm.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> sm.put(16, 1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> sm.getLong(9)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> sm.put(10, new byte[7])).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> sm.getLongVolatile(16)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> sm.get(0, new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    /**
     * Regression: a null array or buffer failed with a NullPointerException naming no parameter, and a range outside
     * the caller's array with the JDK's message, which does not say which array.
     */
    @Test
    void nullBuffersAndRangesOutsideTheCallersArrayAreNamed() {
        try (SharedMemory sm = create(16)) {
            sm.put(0, new byte[] {1, 2, 3, 4});

            assertThatThrownBy(() -> sm.get(0, (byte[]) null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("dst");
            assertThatThrownBy(() -> sm.get(0, null, 0, 4)).isInstanceOf(NullPointerException.class)
                    .hasMessage("dst");
            assertThatThrownBy(() -> sm.put(0, (byte[]) null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("src");
            assertThatThrownBy(() -> sm.put(0, null, 0, 4)).isInstanceOf(NullPointerException.class)
                    .hasMessage("src");
            assertThatThrownBy(() -> sm.get(0, (ByteBuffer) null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("dst");
            assertThatThrownBy(() -> sm.put(0, (ByteBuffer) null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("src");
            assertThatThrownBy(() -> sm.get(0, new byte[8], -1, 4)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("range [-1, -1 + 4) is out of bounds for dst of 8 bytes");
            assertThatThrownBy(() -> sm.put(0, new byte[8], 6, 4)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("range [6, 6 + 4) is out of bounds for src of 8 bytes");
            byte[] stored = new byte[4];
            sm.get(0, stored);
            assertThat(stored).containsExactly(1, 2, 3, 4);
        }
    }

    @Test
    void bytesOutsideZeroTo255AreRefused() {
        try (SharedMemory sm = create(4)) {
            assertThatThrownBy(() -> sm.put(0, 256)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("256");
            assertThatThrownBy(() -> sm.put(0, -1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(sm.get(0)).isZero();
        }
    }

    @Test
    void misalignedAtomicOffsetsAreRefused() {
        try (SharedMemory sm = create(64)) {
            assertThatThrownBy(() -> sm.getLongVolatile(4)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("offset 4 is not a multiple of 8");
            assertThatThrownBy(() -> sm.compareAndSetInt(2, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("multiple of 4");
            assertThatThrownBy(() -> sm.getAndAddLong(12, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(sm.getInt(2)).isZero();
        }
    }
}
