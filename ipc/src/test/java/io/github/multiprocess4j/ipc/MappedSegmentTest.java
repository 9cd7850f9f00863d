package io.github.multiprocess4j.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one accessor of a mapped segment: what it reads and writes, and what it refuses. */
class MappedSegmentTest {

    @TempDir
    Path temp;

    private MappedSegment segment;

    @BeforeEach
    void map() throws Exception {
        try (FileChannel channel = TrustedFiles.createNew(temp.resolve("seg"))) {
            segment = MappedSegment.map(channel, 64, "seg");
        }
    }

    @Test
    void theMappingOutlivesItsChannelAndGrowsTheFile() {
        assertThat(segment.size()).isEqualTo(64);
        assertThat(segment.name()).isEqualTo("seg");
        assertThat(temp.resolve("seg")).hasSize(64);
        segment.putByte(63, (byte) 7);
        assertThat(segment.getByte(63)).isEqualTo((byte) 7);
    }

    @Test
    void valuesAreInNativeOrderAndTheViewInTheOrderAsked() {
        segment.putInt(1, 0x01020304);
        segment.putLong(8, 0x0102030405060708L);
        assertThat(segment.getInt(1)).isEqualTo(0x01020304);
        assertThat(segment.view(ByteOrder.nativeOrder()).getLong(8)).isEqualTo(0x0102030405060708L);
        assertThat(segment.view(ByteOrder.LITTLE_ENDIAN).order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void atomicAccessesActOnTheSameBytes() {
        assertThat(segment.compareAndSetInt(4, 0, 5)).isTrue();
        assertThat(segment.compareAndSetInt(4, 0, 6)).isFalse();
        assertThat(segment.getAndAddInt(4, 2)).isEqualTo(5);
        assertThat(segment.getIntAcquire(4)).isEqualTo(7);
        segment.putIntRelease(4, 8);
        segment.putIntVolatile(0, 1);
        assertThat(segment.getIntVolatile(4)).isEqualTo(8);

        segment.putLongVolatile(16, 1L << 40);
        assertThat(segment.getAndAddLong(16, 1)).isEqualTo(1L << 40);
        assertThat(segment.compareAndSetLong(16, (1L << 40) + 1, 3)).isTrue();
        assertThat(segment.getAndBitwiseOrLong(16, 4)).isEqualTo(3);
        segment.putLongRelease(24, -1);
        assertThat(segment.getLongAcquire(24)).isEqualTo(-1);
        assertThat(segment.getLongVolatile(16)).isEqualTo(7);
    }

    @Test
    void bulkCopiesGoBothWays() {
        segment.put(10, new byte[] {1, 2, 3, 4}, 1, 3);
        byte[] back = new byte[3];
        segment.get(10, back, 0, 3);
        assertThat(back).containsExactly(2, 3, 4);
        ByteBuffer source = ByteBuffer.wrap(new byte[] {9, 8});
        segment.put(20, source);
        ByteBuffer target = ByteBuffer.allocate(2);
        segment.get(20, target);
        assertThat(source.remaining()).isZero();
        assertThat(target.array()).containsExactly(9, 8);
    }

    @Test
    void outOfBoundsAndMisalignedOffsetsAreRefusedNamingTheSegment() {
        assertThatThrownBy(() -> segment.getByte(64)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("index 64 is out of bounds for shared memory 'seg' of 64 bytes");
        assertThatThrownBy(() -> segment.getLong(60)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("range [60, 60 + 8) is out of bounds for shared memory 'seg' of 64 bytes");
        assertThatThrownBy(() -> segment.getLongVolatile(-8)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> segment.getLongVolatile(4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 4 is not a multiple of 8");
        assertThatThrownBy(() -> segment.compareAndSetInt(2, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 2 is not a multiple of 4");
        assertThatThrownBy(() -> segment.get(0, new byte[2], 1, 2)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("range [1, 1 + 2) is out of bounds for dst of 2 bytes");
        assertThatThrownBy(() -> segment.put(0, null, 0, 0)).isInstanceOf(NullPointerException.class)
                .hasMessage("src");
    }
}
