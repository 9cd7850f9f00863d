package io.github.multiprocess4j.core.internal.codec;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * The byte arrays values are encoded into and decoded from, without the lock that {@link java.io.ByteArrayOutputStream}
 * and {@link java.io.ByteArrayInputStream} take on every call: a {@code DataOutputStream} writes an {@code int} as four
 * single bytes, so a list of small values paid several uncontended locks per element, most of its encoding's cost.
 *
 * <p>Not thread-safe: each instance belongs to the one encoding or decoding that made it.
 */
final class Bytes {

    private Bytes() {
    }

    /** A growing array to write into. */
    static final class Out extends OutputStream {
        private byte[] bytes;
        private int size;

        Out(int capacity) {
            bytes = new byte[capacity];
        }

        @Override
        public void write(int b) {
            if (size == bytes.length) {
                grow(1);
            }
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] from, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, from.length);
            if (length > bytes.length - size) {
                grow(length);
            }
            System.arraycopy(from, offset, bytes, size, length);
            size += length;
        }

        private void grow(int needed) {
            long wanted = Math.max((long) size + needed, 2L * bytes.length);
            if ((long) size + needed > Integer.MAX_VALUE - 8) {
                throw new OutOfMemoryError("an encoded value cannot exceed 2 GiB");
            }
            bytes = Arrays.copyOf(bytes, (int) Math.min(wanted, Integer.MAX_VALUE - 8));
        }

        int size() {
            return size;
        }

        /** Writes what was written so far to {@code out}. */
        void writeTo(OutputStream out) throws java.io.IOException {
            out.write(bytes, 0, size);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }

    /** A part of an array to read from. */
    static final class In extends InputStream {
        private final byte[] bytes;
        private final int end;
        private int position;

        In(byte[] bytes, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            this.bytes = bytes;
            this.position = offset;
            this.end = offset + length;
        }

        @Override
        public int read() {
            return position < end ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, into.length);
            if (length == 0) {
                return 0;
            }
            if (position >= end) {
                return -1;
            }
            int n = Math.min(length, end - position);
            System.arraycopy(bytes, position, into, offset, n);
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, end - position));
            position += (int) skipped;
            return skipped;
        }

        @Override
        public int available() {
            return end - position;
        }
    }
}
