package io.github.multiprocess4j.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StreamCorruptedException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ring between two threads of this JVM, standing for two processes: the wake-up is a semaphore the writer
 * releases and the reader's sleeper acquires, with "the writer is gone" as a flag the sleeper reports.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ByteRingTest {

    private static final int CAPACITY = 256;
    private static final int ASLEEP = 128;

    @TempDir
    Path temp;

    private MappedSegment segment;
    private ByteRing ring;
    private final Semaphore bell = new Semaphore(0);
    private final AtomicInteger rings = new AtomicInteger();
    private volatile boolean writerGone;

    @BeforeEach
    void map() throws Exception {
        try (FileChannel channel = TrustedFiles.createNew(temp.resolve("ring"))) {
            segment = MappedSegment.map(channel, 64 + ByteRing.bytesFor(CAPACITY), "ring");
        }
        ring = new ByteRing(segment, 64, CAPACITY);
    }

    private OutputStream writer() {
        return ring.writer(() -> {
            rings.incrementAndGet();
            bell.release();
        }, () -> !readerGone);
    }

    private volatile boolean readerGone;

    private InputStream reader() {
        return ring.reader(() -> {
            try {
                while (!bell.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                    if (writerGone) {
                        return false;
                    }
                }
                return true;
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        });
    }

    @Test
    void bytesArriveInOrderThroughManyWrapsInWritesOfEverySize() throws Exception {
        byte[] sent = new byte[200_000];
        new Random(42).nextBytes(sent);
        InputStream in = reader();
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
            try {
                byte[] all = new byte[sent.length];
                new DataInputStream(in).readFully(all);
                return all;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        OutputStream out = writer();
        Random sizes = new Random(7);
        int at = 0;
        while (at < sent.length) {
            int n = Math.min(sent.length - at, sizes.nextInt(3) == 0 ? 1 : sizes.nextInt(3 * CAPACITY));
            if (n == 1) {
                out.write(sent[at]);
            } else {
                out.write(sent, at, n);
            }
            at += n;
            if (sizes.nextInt(4) == 0) {
                out.flush();
            }
        }
        out.flush();
        assertThat(received.get(20, TimeUnit.SECONDS)).isEqualTo(sent);
    }

    @Test
    void aSleepingReaderIsRungOnceAndAnAwakeOneNever() throws Exception {
        OutputStream out = writer();
        InputStream in = reader();
        out.write(new byte[] {1, 2, 3});
        out.flush();
        assertThat(rings).as("rings for a reader that is not asleep").hasValue(0);
        assertThat(in.read(new byte[3])).isEqualTo(3);

        CompletableFuture<Integer> next = CompletableFuture.supplyAsync(() -> {
            try {
                return in.read();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        while (segment.getIntVolatile(64 + ASLEEP) == 0) {
            Thread.sleep(1);
        }
        out.write(9);
        out.flush();
        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo(9);
        assertThat(rings).hasValue(1);
        assertThat(segment.getIntVolatile(64 + ASLEEP)).as("asleep, once woken").isZero();
    }

    @Test
    void unpublishedBytesAreNotSeenAndAHalfWrittenFrameEndsInEof() throws Exception {
        OutputStream out = writer();
        out.write(new byte[] {0, 0, 0, 8, 1, 2, 3});
        out.flush();
        out.write(new byte[] {4, 5});
        writerGone = true;

        DataInputStream in = new DataInputStream(reader());
        int length = in.readInt();
        byte[] frame = new byte[length];
        assertThatThrownBy(() -> in.readFully(frame)).isInstanceOf(EOFException.class);
        assertThat(Arrays.copyOf(frame, 3)).containsExactly(1, 2, 3);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void aWriterWaitingForSpaceGivesUpWhenTheReaderIsGone() throws Exception {
        OutputStream out = writer();
        out.write(new byte[CAPACITY]);
        readerGone = true;
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessageContaining("reader of ring");
    }

    @Test
    void aWriterWaitsForTheSpaceTheReaderFrees() throws Exception {
        OutputStream out = writer();
        InputStream in = reader();
        out.write(new byte[CAPACITY]);
        CompletableFuture<Void> more = CompletableFuture.runAsync(() -> {
            try {
                out.write(new byte[] {7, 8});
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.sleep(20);
        assertThat(more).isNotDone();
        assertThat(in.read(new byte[CAPACITY])).isEqualTo(CAPACITY);
        more.get(10, TimeUnit.SECONDS);
        assertThat(in.read()).isEqualTo(7);
        assertThat(in.read()).isEqualTo(8);
    }

    @Test
    void damagedCountersFailLoudlyAtBothEnds() throws Exception {
        InputStream in = reader();
        OutputStream out = writer();
        segment.putLongVolatile(64, CAPACITY * 3L);
        assertThatThrownBy(in::read).isInstanceOf(StreamCorruptedException.class)
                .hasMessageContaining("'ring' is damaged").hasMessageContaining("768 bytes published");

        segment.putLongVolatile(64, 0);
        out.write(new byte[CAPACITY]);
        segment.putLongVolatile(64 + 64, -5);
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(StreamCorruptedException.class)
                .hasMessageContaining("is damaged");
    }

    @Test
    void refusesAShapeThatCannotBeARing() {
        assertThatThrownBy(() -> new ByteRing(segment, 64, 100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("power of two");
        assertThatThrownBy(() -> new ByteRing(segment, 32, CAPACITY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit");
        assertThatThrownBy(() -> new ByteRing(segment, 128, CAPACITY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit");
    }
}
