package io.github.multiprocess4j.ipc;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StreamCorruptedException;
import java.util.function.BooleanSupplier;

/**
 * A one-way stream of bytes in shared memory, from one writing process to one reading process: a pipe whose bytes
 * cross without a system call while the reader is awake. The reader that finds nothing to read spins, then yields
 * (as {@link Backoff} does, up to {@link Backoff#YIELD_UNTIL_NANOS}), then marks itself asleep and sleeps in the
 * kernel on a channel of its own (its {@link Sleeper}: a pipe or socket that the writer's process holds the other end
 * of); a writer that publishes bytes to a sleeping reader wakes it ({@link Wakeup}: one byte down that channel). So
 * an idle reader costs no CPU, and a busy pair no system calls. The same channel ending is how the reader learns that
 * the writer's process is gone.
 *
 * <p>The layout, at {@code offset} in a segment ({@link MappedSegment}), native byte order:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |        written: bytes published by the writer (long)          |   0
 *  +                                                               +
 *  |        (released after the bytes; the rest of the line unused) |
 *  +---------------------------------------------------------------+
 *  |        read: bytes consumed by the reader (long)              |  64
 *  +                                                               +
 *  |        (released after the copy; the rest of the line unused) |
 *  +---------------------------------------------------------------+
 *  |        asleep (int): 1 while the reader sleeps or is about to |  128
 *  +---------------------------------------------------------------+
 *  |        data: capacity bytes, a power of two; byte n of the    |  192
 *  |        stream at data[n mod capacity]                         |
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p><b>Protocol.</b> The writer copies bytes into the free part of {@code data} (capacity minus
 * {@code written - read}), then publishes them by storing {@code written}; the reader copies what lies between
 * {@code read} and {@code written}, then stores {@code read}, which frees the space. Each counter has one writer, so
 * neither needs a compare-and-set. Waking is a Dekker handshake: the reader stores {@code asleep = 1} and then
 * reads {@code written} again before it sleeps; the writer stores {@code written} and then reads {@code asleep}
 * (both volatile, so neither read can pass the store before it), and rings only if it wins the compare-and-set of
 * {@code asleep} from 1 to 0. One of the two always sees the other's store, so bytes are never left unseen by a
 * sleeping reader; a ring that crossed a reader which found bytes after all is one spurious wake, after which it
 * looks again. A writer that finds the ring full publishes what it wrote and waits with a {@link Backoff}, asking
 * whether the reader is still there; the reader frees space as it copies.
 *
 * <p><b>Failure.</b> Counters that cannot be (more bytes published than fit, {@code read} ahead of {@code written})
 * mean the segment was damaged: both ends fail with a {@link StreamCorruptedException} naming the segment. A writer
 * that dies leaves its unpublished bytes unseen and its published ones readable; the reader reads them and then the
 * end of the stream, so a frame the writer had half written ends in an {@link EOFException} where it is read.
 *
 * <p>Thread-safety: one thread at a time may use the {@link #writer} stream and one the {@link #reader} stream (a
 * caller that shares one holds its own lock); they may be in different processes.
 */
public final class ByteRing {

    /** The bytes before the data. */
    public static final int HEADER_BYTES = 192;

    private static final int WRITTEN = 0;
    private static final int READ = 64;
    private static final int ASLEEP = 128;

    /**
     * Wakes a sleeping reader of this ring: its own channel, not the JVM-wide {@link Doorbell} of the waiting rooms,
     * since a ring has one reader whose process the writer knows.
     */
    @FunctionalInterface
    public interface Wakeup {
        /**
         * Wakes the reader.
         *
         * @throws IOException if the reader's channel is gone: the reader's process has died
         */
        void wake() throws IOException;
    }

    /** How a reader sleeps until its writer rings. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * Blocks until the writer wakes it (or woke it since the last call).
         *
         * @return {@code false} if the writer's process is gone: no more rings will come
         * @throws IOException if the channel fails, which counts as the writer gone
         */
        boolean sleepUntilWoken() throws IOException;
    }

    private final MappedSegment segment;
    private final int offset;
    private final int data;
    private final int capacity;
    private final long mask;

    /**
     * A ring at {@code offset} of {@code segment}, of {@code capacity} data bytes.
     *
     * @throws IllegalArgumentException if the capacity is not a power of two of at least 64, the offset is not a
     *     multiple of 64, or the ring does not fit in the segment
     */
    public ByteRing(MappedSegment segment, int offset, int capacity) {
        if (capacity < 64 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("a ring's capacity must be a power of two of at least 64, not "
                    + capacity);
        }
        if (offset < 0 || offset % 64 != 0 || (long) offset + bytesFor(capacity) > segment.size()) {
            throw new IllegalArgumentException("a ring of " + capacity + " bytes at offset " + offset
                    + " does not fit in " + segment);
        }
        this.segment = segment;
        this.offset = offset;
        this.data = offset + HEADER_BYTES;
        this.capacity = capacity;
        this.mask = capacity - 1L;
    }

    /** The bytes a ring of {@code capacity} data bytes takes, header included. */
    public static int bytesFor(int capacity) {
        return HEADER_BYTES + capacity;
    }

    /**
     * The writing end. Bytes are published when it is flushed, or when the ring fills.
     *
     * @param wakeup wakes the reader when it sleeps
     * @param readerAlive asked now and then while the ring is full: {@code false} ends the wait with an
     *     {@link IOException}
     */
    public OutputStream writer(Wakeup wakeup, BooleanSupplier readerAlive) {
        return new Writer(wakeup, readerAlive);
    }

    /**
     * The reading end: {@code read} blocks until there are bytes, and returns the end of the stream once the sleeper
     * says the writer is gone and every byte it published has been read.
     */
    public InputStream reader(Sleeper sleeper) {
        return new Reader(sleeper);
    }

    private long writtenCount() {
        return segment.getLongVolatile(offset + WRITTEN);
    }

    private long readCount() {
        return segment.getLongVolatile(offset + READ);
    }

    private StreamCorruptedException damaged(long written, long read) {
        return new StreamCorruptedException("the byte ring at offset " + offset + " of shared memory '"
                + segment.name() + "' is damaged: " + written + " bytes published, " + read + " read, in a ring of "
                + capacity);
    }

    /** Copies between {@code bytes} and the data at stream position {@code position}, wrapping at the end. */
    private void copy(long position, byte[] bytes, int from, int length, boolean toRing) {
        int start = (int) (position & mask);
        int first = Math.min(length, capacity - start);
        if (toRing) {
            segment.put(data + start, bytes, from, first);
            segment.put(data, bytes, from + first, length - first);
        } else {
            segment.get(data + start, bytes, from, first);
            segment.get(data, bytes, from + first, length - first);
        }
    }

    private final class Writer extends OutputStream {
        private final Wakeup wakeup;
        private final BooleanSupplier readerAlive;
        private final byte[] one = new byte[1];
        /** Bytes written, published or not. */
        private long position;
        private long published;
        /** The reader's count as last read: the space it frees is found when this runs out. */
        private long readSeen;

        Writer(Wakeup wakeup, BooleanSupplier readerAlive) {
            this.wakeup = wakeup;
            this.readerAlive = readerAlive;
            this.position = writtenCount();
            this.published = position;
            this.readSeen = readCount();
        }

        @Override
        public void write(int b) throws IOException {
            one[0] = (byte) b;
            write(one, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int from, int length) throws IOException {
            java.util.Objects.checkFromIndexSize(from, length, bytes.length);
            while (length > 0) {
                int free = freeSpace();
                if (free == 0) {
                    flush();
                    free = awaitSpace();
                }
                int n = Math.min(free, length);
                copy(position, bytes, from, n, true);
                position += n;
                from += n;
                length -= n;
            }
        }

        private int freeSpace() throws IOException {
            long used = position - readSeen;
            if (used == capacity) {
                long read = readCount();
                if (read < readSeen || read > position) {
                    throw damaged(position, read);
                }
                readSeen = read;
                used = position - read;
            }
            return (int) (capacity - used);
        }

        private int awaitSpace() throws IOException {
            Backoff backoff = new Backoff();
            while (true) {
                int free = freeSpace();
                if (free > 0) {
                    return free;
                }
                if (backoff.probeDue() && !readerAlive.getAsBoolean()) {
                    throw new IOException("the reader of " + segment.name() + " is gone");
                }
                backoff.idle(Long.MAX_VALUE);
            }
        }

        /** Publishes what was written, and wakes the reader if it sleeps. */
        @Override
        public void flush() throws IOException {
            if (position == published) {
                return;
            }
            segment.putLongVolatile(offset + WRITTEN, position);
            published = position;
            if (segment.getIntVolatile(offset + ASLEEP) != 0 && segment.compareAndSetInt(offset + ASLEEP, 1, 0)) {
                wakeup.wake();
            }
        }
    }

    private final class Reader extends InputStream {
        private final Sleeper sleeper;
        private final byte[] one = new byte[1];
        private long position;
        /** The writer's count as last read. */
        private long writtenSeen;
        private boolean writerGone;

        Reader(Sleeper sleeper) {
            this.sleeper = sleeper;
            this.position = readCount();
            this.writtenSeen = position;
        }

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int from, int length) throws IOException {
            java.util.Objects.checkFromIndexSize(from, length, bytes.length);
            if (length == 0) {
                return 0;
            }
            long available = available(false);
            if (available == 0) {
                available = awaitBytes();
                if (available == 0) {
                    return -1;
                }
            }
            int n = (int) Math.min(length, available);
            copy(position, bytes, from, n, false);
            position += n;
            segment.putLongVolatile(offset + READ, position);
            return n;
        }

        @Override
        public int available() throws IOException {
            return (int) available(false);
        }

        /** Bytes published and not read, looking at the shared count only when those seen are used up. */
        private long available(boolean look) throws IOException {
            if (writtenSeen == position || look) {
                long written = writtenCount();
                if (written < position || written - position > capacity) {
                    throw damaged(written, position);
                }
                writtenSeen = written;
            }
            return writtenSeen - position;
        }

        /** Waits for bytes: the number available, or 0 if the writer is gone and left none. */
        private long awaitBytes() throws IOException {
            long start = System.nanoTime();
            while (true) {
                long available = available(true);
                if (available > 0 || writerGone) {
                    return available;
                }
                if (System.nanoTime() - start < Backoff.YIELD_UNTIL_NANOS) {
                    Thread.yield();
                    continue;
                }
                segment.putIntVolatile(offset + ASLEEP, 1);
                available = available(true);
                if (available > 0) {
                    segment.compareAndSetInt(offset + ASLEEP, 1, 0); // lost to a ring in flight: one spurious wake
                    return available;
                }
                boolean rung;
                try {
                    rung = sleeper.sleepUntilWoken();
                } catch (IOException e) {
                    rung = false;
                }
                if (!rung) {
                    writerGone = true;
                    segment.putIntVolatile(offset + ASLEEP, 0);
                }
            }
        }
    }
}
