package io.github.multiprocess4j.core;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.charset.StandardCharsets;

/**
 * Values crossing between parent and child: {@code null}, strings and boxed primitives in a few bytes of their
 * own, anything else as a Java-serialization blob.
 *
 * <pre>
 *  | tag (byte) | value: nothing, a primitive, a UTF-8 string (int length + bytes), or a blob (int length + bytes) |
 * </pre>
 *
 * <p>The point is start-up time: the first {@code ObjectInputStream} in a JVM costs 35-60 ms (its filter
 * configuration asks for a system logger, which scans every jar on the class path), and most tasks capture
 * and return only such simple values.
 */
final class ValueCodec {

    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte INTEGER = 2;
    private static final byte LONG = 3;
    private static final byte DOUBLE = 4;
    private static final byte FLOAT = 5;
    private static final byte SHORT = 6;
    private static final byte BYTE = 7;
    private static final byte CHARACTER = 8;
    private static final byte BOOLEAN = 9;
    private static final byte SERIALIZED = 10;

    private ValueCodec() {
    }

    /** Whether {@link #write} encodes the value without Java serialization. */
    static boolean isSimple(Object value) {
        return value == null || value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof Double || value instanceof Float || value instanceof Short
                || value instanceof Byte || value instanceof Character || value instanceof Boolean;
    }

    static byte[] encode(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        write(new DataOutputStream(bytes), value);
        return bytes.toByteArray();
    }

    static void write(DataOutputStream out, Object value) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof String) {
            byte[] utf8 = ((String) value).getBytes(StandardCharsets.UTF_8);
            out.writeByte(STRING);
            out.writeInt(utf8.length);
            out.write(utf8);
        } else if (value instanceof Integer) {
            out.writeByte(INTEGER);
            out.writeInt((Integer) value);
        } else if (value instanceof Long) {
            out.writeByte(LONG);
            out.writeLong((Long) value);
        } else if (value instanceof Double) {
            out.writeByte(DOUBLE);
            out.writeDouble((Double) value);
        } else if (value instanceof Float) {
            out.writeByte(FLOAT);
            out.writeFloat((Float) value);
        } else if (value instanceof Short) {
            out.writeByte(SHORT);
            out.writeShort((Short) value);
        } else if (value instanceof Byte) {
            out.writeByte(BYTE);
            out.writeByte((Byte) value);
        } else if (value instanceof Character) {
            out.writeByte(CHARACTER);
            out.writeChar((Character) value);
        } else if (value instanceof Boolean) {
            out.writeByte(BOOLEAN);
            out.writeBoolean((Boolean) value);
        } else {
            writeSerialized(out, Serialization.serialize(value));
        }
    }

    static void writeSerialized(DataOutputStream out, byte[] serialized) throws IOException {
        out.writeByte(SERIALIZED);
        out.writeInt(serialized.length);
        out.write(serialized);
    }

    static Object decode(byte[] bytes, int offset, ClassLoader loader) throws IOException, ClassNotFoundException {
        return read(new DataInputStream(new java.io.ByteArrayInputStream(bytes, offset, bytes.length - offset)),
                loader);
    }

    static Object read(DataInputStream in, ClassLoader loader) throws IOException, ClassNotFoundException {
        byte tag = in.readByte();
        switch (tag) {
            case NULL:
                return null;
            case STRING:
                return new String(readBytes(in), StandardCharsets.UTF_8);
            case INTEGER:
                return in.readInt();
            case LONG:
                return in.readLong();
            case DOUBLE:
                return in.readDouble();
            case FLOAT:
                return in.readFloat();
            case SHORT:
                return in.readShort();
            case BYTE:
                return in.readByte();
            case CHARACTER:
                return in.readChar();
            case BOOLEAN:
                return in.readBoolean();
            case SERIALIZED:
                return Serialization.deserialize(readBytes(in), 0, loader);
            default:
                throw new StreamCorruptedException("unknown value tag " + tag);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > Frames.MAX_LENGTH) {
            throw new StreamCorruptedException("impossible value length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
