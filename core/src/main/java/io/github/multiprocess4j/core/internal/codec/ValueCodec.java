package io.github.multiprocess4j.core.internal.codec;

import io.github.multiprocess4j.core.MapTask;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.lang.invoke.SerializedLambda;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tasks, results and captured values crossing between parent and child: {@code null}, strings and boxed
 * primitives in a few bytes of their own, serializable lambdas as their parts, anything else as a
 * Java-serialization blob.
 *
 * <pre>
 *  value   = tag (byte), then:
 *            NULL                  nothing
 *            STRING                length (int), UTF-8 bytes
 *            INTEGER ... BOOLEAN   the primitive
 *            SERIALIZED            length (int), Java-serialized bytes
 *            LIST                  size (int), then each element as a value: an ArrayList of simple values
 *            CHUNK                 the function's length (int), the function as a value, then the items as a
 *                                  value: a ProcessPool.map chunk
 *            ITEM                  the function's length (int), the function as a value, then the item as a
 *                                  value: one item of a map or stream sent on its own
 *            LAMBDA                capturing class, functional interface class, method, signature,
 *                                  implementation kind (int), class, method, signature, instantiated type
 *                                  (each modified UTF-8), captured count (int),
 *                                  per capture: inline (boolean) [, value],
 *                                  has-rest (boolean) [, value: SERIALIZED Object[] of the other captures]
 * </pre>
 *
 * <p>The point is start-up time: the first {@code ObjectInputStream} in a JVM costs 35-60 ms (its filter
 * configuration asks for a system logger, which scans every jar on the class path), and most tasks are lambdas
 * that capture and return only such simple values. A lambda is rebuilt in the child by its capturing class's
 * own {@code $deserializeLambda$}, exactly as Java serialization would (a lambda of a named module whose package is
 * not open to this library is Java-serialized as a whole, see {@link Lambdas}). Captures that are neither simple nor
 * lambdas travel together in one blob, which keeps references between them shared. An {@code ArrayList} of simple
 * values, and the chunks of a {@code ProcessPool.map} ({@link ChunkTask}), are written element by element: Java
 * serialization of a thousand boxed numbers costs a hundred microseconds each way. An {@code ArrayList} of
 * {@code Integer}s only, the commonest chunk, is written as one block of big-endian ints.
 */
public final class ValueCodec {

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
    private static final byte LAMBDA = 11;
    private static final byte LIST = 12;
    private static final byte CHUNK = 13;
    private static final byte CLASSES = 14;
    private static final byte INTEGERS = 15;
    private static final byte ITEM = 16;

    private static final java.lang.invoke.VarHandle INTS_BIG_ENDIAN = java.lang.invoke.MethodHandles
            .byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /** How deep values of this encoding may nest: lambdas capturing lambdas, a chunk's function and items. */
    static final int MAX_NESTING = 100;

    /** The map function this JVM rebuilt last ({@link #readFunction}); read and written by any thread. */
    private static volatile RebuiltFunction lastFunction;

    private ValueCodec() {
    }

    /** Whether {@link #write} encodes the value without Java serialization. */
    static boolean isSimple(Object value) {
        return value == null || value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof Double || value instanceof Float || value instanceof Short
                || value instanceof Byte || value instanceof Character || value instanceof Boolean;
    }

    /**
     * Encodes a result or a value in the child; fails as Java serialization would.
     *
     * @param value what to encode
     * @return its bytes
     * @throws IOException if it cannot be serialized
     */
    public static byte[] encode(Object value) throws IOException {
        Bytes.Out bytes = new Bytes.Out(64);
        write(new DataOutputStream(bytes), value, new Encoding(null));
        return bytes.toByteArray();
    }

    /**
     * Encodes a task in the parent.
     *
     * @param task a task of any shape, serializable
     * @return its bytes
     * @throws IllegalArgumentException if the task or what it captures cannot be serialized, naming the culprit
     */
    public static byte[] encodeTask(Object task) {
        try {
            Bytes.Out value = new Bytes.Out(256);
            Encoding encoding = new Encoding(task);
            write(new DataOutputStream(value), task, encoding);
            ShippedClasses shipped = ShippedClasses.collect(encoding.classes);
            if (shipped.isEmpty()) {
                return value.toByteArray();
            }
            while (true) {
                Bytes.Out bytes = new Bytes.Out(value.size() + 4096);
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeByte(CLASSES);
                shipped.writeTo(out, (data, staticValue) -> write(data, staticValue, encoding));
                ShippedClasses needed = ShippedClasses.collect(encoding.classes);
                if (needed.size() == shipped.size()) {
                    value.writeTo(out);
                    return bytes.toByteArray();
                }
                shipped = needed;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the task cannot be sent to a child process: " + e, e);
        }
    }

    /** What is being encoded: the task the values belong to, for error messages, and the classes they use. */
    private static final class Encoding {
        /** The task, or {@code null} when encoding a result. */
        final Object task;
        /** Classes the values need in the child: lambdas' capturing classes, classes of serialized objects. */
        final Set<Class<?>> classes = new LinkedHashSet<>();

        Encoding(Object task) {
            this.task = task;
        }

        byte[] serialize(Object value) throws IOException {
            return task == null ? Serialization.serialize(value)
                    : Serialization.serializeTaskPart(task, value, classes::add);
        }
    }

    /** Writes one value. */
    private static void write(DataOutputStream out, Object value, Encoding encoding) throws IOException {
        Optional<SerializedLambda> lambda;
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
        } else if (isListOfIntegers(value)) {
            writeIntegers(out, (List<?>) value);
        } else if (isListOfSimpleValues(value)) {
            List<?> list = (List<?>) value;
            out.writeByte(LIST);
            out.writeInt(list.size());
            for (Object element : list) {
                write(out, element, encoding);
            }
        } else if (value instanceof ChunkTask) {
            ChunkTask<?, ?> chunk = (ChunkTask<?, ?>) value;
            out.writeByte(CHUNK);
            writeFunction(out, chunk.function(), chunk.shared(), encoding);
            write(out, chunk.items(), encoding);
        } else if (value instanceof ItemTask) {
            ItemTask<?, ?> item = (ItemTask<?, ?>) value;
            out.writeByte(ITEM);
            writeFunction(out, item.function(), item.shared(), encoding);
            write(out, item.item(), encoding);
        } else if ((lambda = Lambdas.rebuildableParts(value)).isPresent()) {
            writeLambda(out, lambda.get(), encoding, value.getClass().getNestHost());
        } else {
            writeSerialized(out, encoding.serialize(value));
        }
    }

    /**
     * Writes a call's function, its length first: its encoding made once per call if it is shared, else anew. The
     * length lets a worker see that a task carries the function it rebuilt last ({@link #readFunction}).
     */
    private static void writeFunction(DataOutputStream out, Object function, SharedFunction<?, ?> shared,
            Encoding encoding) throws IOException {
        SharedFunction.Encoded encoded = shared == null ? null : shared.encoded();
        if (encoded == null) {
            Bytes.Out bytes = new Bytes.Out(256);
            Encoding own = new Encoding(encoding.task);
            write(new DataOutputStream(bytes), function, own);
            encoded = new SharedFunction.Encoded(bytes.toByteArray(),
                    java.util.Collections.unmodifiableSet(new LinkedHashSet<>(own.classes)));
            if (shared != null) {
                shared.encoded(encoded);
            }
        }
        out.writeInt(encoded.bytes.length);
        out.write(encoded.bytes);
        encoding.classes.addAll(encoded.classes);
    }

    /** Whether a value is exactly an {@code ArrayList} of {@code Integer}s only, none of them null. */
    private static boolean isListOfIntegers(Object value) {
        if (value.getClass() != ArrayList.class || ((List<?>) value).isEmpty()) {
            return false;
        }
        for (Object element : (List<?>) value) {
            if (!(element instanceof Integer)) {
                return false;
            }
        }
        return true;
    }

    private static void writeIntegers(DataOutputStream out, List<?> list) throws IOException {
        byte[] block = new byte[Math.multiplyExact(list.size(), Integer.BYTES)];
        for (int i = 0; i < list.size(); i++) {
            INTS_BIG_ENDIAN.set(block, i * Integer.BYTES, (int) (Integer) list.get(i));
        }
        out.writeByte(INTEGERS);
        out.writeInt(list.size());
        out.write(block);
    }

    private static List<Object> readIntegers(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > in.available() / Integer.BYTES) {
            throw new StreamCorruptedException("impossible list size " + size + " with " + in.available()
                    + " bytes left");
        }
        byte[] block = new byte[size * Integer.BYTES];
        in.readFully(block);
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add((int) INTS_BIG_ENDIAN.get(block, i * Integer.BYTES));
        }
        return list;
    }

    /** Whether a value is exactly an {@code ArrayList} (so that it comes back as one) of simple values only. */
    private static boolean isListOfSimpleValues(Object value) {
        if (value.getClass() != ArrayList.class) {
            return false;
        }
        for (Object element : (List<?>) value) {
            if (!isSimple(element)) {
                return false;
            }
        }
        return true;
    }

    private static void writeLambda(DataOutputStream out, SerializedLambda lambda, Encoding encoding,
            Class<?> capturing) throws IOException {
        encoding.classes.add(capturing);
        out.writeByte(LAMBDA);
        out.writeUTF(lambda.getCapturingClass());
        out.writeUTF(lambda.getFunctionalInterfaceClass());
        out.writeUTF(lambda.getFunctionalInterfaceMethodName());
        out.writeUTF(lambda.getFunctionalInterfaceMethodSignature());
        out.writeInt(lambda.getImplMethodKind());
        out.writeUTF(lambda.getImplClass());
        out.writeUTF(lambda.getImplMethodName());
        out.writeUTF(lambda.getImplMethodSignature());
        out.writeUTF(lambda.getInstantiatedMethodType());
        out.writeInt(lambda.getCapturedArgCount());
        List<Object> rest = new ArrayList<>();
        for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
            Object captured = lambda.getCapturedArg(i);
            boolean inline = isSimple(captured) || Lambdas.rebuildableParts(captured).isPresent();
            out.writeBoolean(inline);
            if (inline) {
                write(out, captured, encoding);
            } else {
                rest.add(captured);
            }
        }
        out.writeBoolean(!rest.isEmpty());
        if (!rest.isEmpty()) {
            writeSerialized(out, encoding.serialize(rest.toArray()));
        }
    }

    private static Object readLambda(DataInputStream in, ClassLoader loader, int depth) throws IOException {
        SerializedLambda lambda = readLambdaParts(in, loader, depth);
        try {
            return Lambdas.rebuild(lambda, Class.forName(lambda.getCapturingClass().replace('/', '.'), false,
                    loaderOrSystem(loader)));
        } catch (Exception e) {
            throw cannotRebuild(lambda, e);
        }
    }

    private static IOException cannotRebuild(SerializedLambda lambda, Exception e) {
        return new IOException("cannot rebuild the lambda " + lambda.getImplClass().replace('/', '.') + "::"
                + lambda.getImplMethodName() + ": " + e, e);
    }

    private static ClassLoader loaderOrSystem(ClassLoader loader) {
        return loader != null ? loader : ClassLoader.getSystemClassLoader();
    }

    /**
     * Reads a lambda's parts and its captured values, and checks its capturing class against the filter; the
     * lambda itself is not made yet.
     */
    private static SerializedLambda readLambdaParts(DataInputStream in, ClassLoader loader, int depth)
            throws IOException {
        String capturingName = in.readUTF();
        String interfaceClass = in.readUTF();
        String interfaceMethod = in.readUTF();
        String interfaceSignature = in.readUTF();
        int implKind = in.readInt();
        String implClass = in.readUTF();
        String implMethod = in.readUTF();
        String implSignature = in.readUTF();
        String instantiatedType = in.readUTF();
        int count = in.readInt();
        if (count < 0 || count > 255) {
            throw new StreamCorruptedException("a lambda cannot capture " + count + " values");
        }
        Object[] captured = new Object[count];
        boolean[] inline = new boolean[count];
        try {
            for (int i = 0; i < count; i++) {
                inline[i] = in.readBoolean();
                captured[i] = inline[i] ? read(in, loader, depth + 1) : null;
            }
            if (in.readBoolean()) {
                Object[] rest = (Object[]) read(in, loader, depth + 1);
                int next = 0;
                for (int i = 0; i < count; i++) {
                    if (!inline[i]) {
                        captured[i] = rest[next++];
                    }
                }
            }
            Class<?> capturing = Class.forName(capturingName.replace('/', '.'), false, loaderOrSystem(loader));
            StreamFilter.checkClass(capturing, depth);
            return new SerializedLambda(capturing, interfaceClass, interfaceMethod, interfaceSignature, implKind,
                    implClass, implMethod, implSignature, instantiatedType, captured);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot rebuild the lambda " + implClass.replace('/', '.') + "::" + implMethod
                    + ": " + e, e);
        }
    }

    private static void writeSerialized(DataOutputStream out, byte[] serialized) throws IOException {
        out.writeByte(SERIALIZED);
        out.writeInt(serialized.length);
        out.write(serialized);
    }

    /**
     * Decodes what another process sent, from {@code offset} to the end of {@code bytes}: every length is checked
     * against the bytes that remain before anything is allocated, nesting is limited, and Java-serialized parts go
     * through the {@link StreamFilter}.
     *
     * @param bytes what was received
     * @param offset where the value starts
     * @param loader where its classes are looked up first, or {@code null} for the system class loader
     * @return the value
     * @throws IOException if the bytes are corrupt or refused
     * @throws ClassNotFoundException if a class it names cannot be found
     */
    public static Object decode(byte[] bytes, int offset, ClassLoader loader) throws IOException, ClassNotFoundException {
        return read(new DataInputStream(new Bytes.In(bytes, offset, bytes.length - offset)), loader, 1);
    }

    /**
     * Decodes a task in a child that runs only this one, like {@link #decode}, except that a lambda of one of the
     * library's task interfaces, implemented in the class that wrote it, comes back as a {@link DirectCall} of its
     * implementation method. A lambda's class would be spun by the JVM's lambda factory, the most costly step of a
     * short child's start-up; the task's own code runs the same, since a lambda's body cannot see the lambda object.
     *
     * @param bytes what was received
     * @param offset where the task starts
     * @param loader where its classes are looked up first, or {@code null} for the system class loader
     * @return the task, or a {@link DirectCall} of it
     * @throws IOException if the bytes are corrupt or refused
     * @throws ClassNotFoundException if a class they name cannot be found
     */
    public static Object decodeTask(byte[] bytes, int offset, ClassLoader loader)
            throws IOException, ClassNotFoundException {
        if (offset >= bytes.length || bytes[offset] != LAMBDA) {
            return decode(bytes, offset, loader);
        }
        DataInputStream in = new DataInputStream(new Bytes.In(bytes, offset + 1, bytes.length - offset - 1));
        SerializedLambda lambda = readLambdaParts(in, loader, 1);
        try {
            Class<?> capturing = Class.forName(lambda.getCapturingClass().replace('/', '.'), false,
                    loaderOrSystem(loader));
            DirectCall direct = DirectCall.of(lambda, capturing);
            return direct != null ? direct : Lambdas.rebuild(lambda, capturing);
        } catch (Exception e) {
            throw cannotRebuild(lambda, e);
        }
    }

    /** Reads one value at {@code depth} (1 at the top); the stream is a byte array, so it knows what remains. */
    private static Object read(DataInputStream in, ClassLoader loader, int depth)
            throws IOException, ClassNotFoundException {
        if (depth > MAX_NESTING) {
            throw new StreamCorruptedException("values nested more than " + MAX_NESTING + " deep");
        }
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
            case LAMBDA:
                return readLambda(in, loader, depth);
            case LIST:
                return readList(in, loader, depth);
            case INTEGERS:
                return readIntegers(in);
            case CHUNK:
                return readChunk(in, loader, depth);
            case ITEM:
                return readItem(in, loader, depth);
            case CLASSES:
                ClassLoader shipped = ShippedClasses.readFrom(in, loader, (data, definer) -> read(data, definer,
                        depth + 1));
                return read(in, shipped, depth + 1);
            default:
                throw new StreamCorruptedException("unknown value tag " + tag);
        }
    }

    private static List<Object> readList(DataInputStream in, ClassLoader loader, int depth)
            throws IOException, ClassNotFoundException {
        int size = checkLength(in, in.readInt(), "list size");
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(read(in, loader, depth + 1));
        }
        return list;
    }

    /**
     * Reads a map call's function: the one this JVM rebuilt last if the bytes and the class loader are the same (the
     * items of one call, sent one by one or in chunks, share it), else rebuilt from the bytes.
     */
    private static Object readFunction(DataInputStream in, ClassLoader loader, int depth)
            throws IOException, ClassNotFoundException {
        int length = in.readInt();
        if (length < 1 || length > in.available()) {
            throw new StreamCorruptedException("a map function of " + length + " bytes, with " + in.available()
                    + " bytes left");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        RebuiltFunction last = lastFunction;
        if (last != null && last.loader == loader && Arrays.equals(last.bytes, bytes)) {
            return last.function;
        }
        Bytes.In own = new Bytes.In(bytes, 0, length);
        Object function = read(new DataInputStream(own), loader, depth + 1);
        if (own.available() != 0) {
            throw new StreamCorruptedException("a map function of " + length + " bytes ends after "
                    + (length - own.available()));
        }
        lastFunction = new RebuiltFunction(bytes, loader, function);
        return function;
    }

    /** A function {@link #readFunction} rebuilt, with what it was rebuilt from. Immutable. */
    private static final class RebuiltFunction {
        final byte[] bytes;
        final ClassLoader loader;
        final Object function;

        RebuiltFunction(byte[] bytes, ClassLoader loader, Object function) {
            this.bytes = bytes;
            this.loader = loader;
            this.function = function;
        }
    }

    @SuppressWarnings("unchecked")
    private static ChunkTask<Object, Object> readChunk(DataInputStream in, ClassLoader loader, int depth)
            throws IOException, ClassNotFoundException {
        Object function = readFunction(in, loader, depth);
        Object items = read(in, loader, depth + 1);
        if (!(function instanceof MapTask) || !(items instanceof List)) {
            throw new StreamCorruptedException("a map chunk needs a MapTask and a list, got " + describe(function)
                    + " and " + describe(items));
        }
        return new ChunkTask<>((MapTask<Object, Object>) function, (List<Object>) items);
    }

    @SuppressWarnings("unchecked")
    private static ItemTask<Object, Object> readItem(DataInputStream in, ClassLoader loader, int depth)
            throws IOException, ClassNotFoundException {
        Object function = readFunction(in, loader, depth);
        if (!(function instanceof MapTask)) {
            throw new StreamCorruptedException("a map item needs a MapTask, got " + describe(function));
        }
        return new ItemTask<>((MapTask<Object, Object>) function, read(in, loader, depth + 1));
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[checkLength(in, in.readInt(), "value length")];
        in.readFully(bytes);
        return bytes;
    }

    /** Each element or byte takes at least one byte of the stream: a longer length is corrupt. */
    static int checkLength(DataInputStream in, int length, String what) throws IOException {
        int remaining = in.available();
        if (length < 0 || length > remaining) {
            throw new StreamCorruptedException("impossible " + what + " " + length + " with " + remaining
                    + " bytes left");
        }
        return length;
    }
}
