package io.github.multiprocess4j.shm.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.SerializerFactory.FieldSerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.minlog.Log;

/**
 * Kryo as this library configures it, one instance per thread (Kryo is not thread-safe), with buffers reused
 * between calls.
 *
 * <ul>
 *   <li>Classes need no registration, so any object graph goes, unless the user lists the classes allowed in the
 *       system property {@code multiprocess4j.kryo.allow} ({@link KryoSettings}): then a class outside the list is
 *       refused by name, when writing and when reading, before it is loaded ({@link FilteringClassResolver}).</li>
 *   <li>Values nest at most {@code multiprocess4j.kryo.maxDepth} levels deep (1000 by default), so a deeply nested
 *       payload fails cleanly instead of overflowing the stack.</li>
 *   <li>Every length read is checked against the bytes that remain before anything is allocated
 *       ({@link BoundedInput}, {@link BoundedSerializers}).</li>
 *   <li>References are tracked: shared and cyclic references survive.</li>
 *   <li>Classes without a no-argument constructor are instantiated without calling one; so are those of an
 *       application's named module whose constructor this module may not call ({@link ModuleAwareInstantiators}).
 *       </li>
 *   <li>Serializable lambdas travel as closures.</li>
 *   <li>Synthetic fields are kept: without them, what an anonymous or inner class captures is silently lost.</li>
 *   <li>From JDK 24 on, Kryo's use of {@code sun.misc.Unsafe} (which the JDK now warns about) is turned off,
 *       unless the system property {@code kryo.unsafe} says otherwise.</li>
 * </ul>
 *
 * <p>Bytes to deserialize come from other processes and may be damaged or hostile: whatever goes wrong while reading
 * them ({@code KryoException}, another runtime exception, a linkage error, {@link OutOfMemoryError},
 * {@link StackOverflowError}) becomes an {@link IllegalStateException}, and the thread's Kryo, whose state the failure
 * may have left inconsistent, is replaced by a fresh one. A value that cannot be serialized (a class not allowed,
 * nesting too deep, a field Kryo cannot handle) fails with an {@link IllegalArgumentException}, likewise.
 *
 * <p>Public so that this library's modules serialize alike (the shared objects of {@code shm}, the elements of
 * {@code queue}'s cross-process queue); not an API.
 */
public final class KryoCodec {

    private static final int FIRST_BUFFER_SIZE = 4096;
    /** Buffers grown beyond this are dropped after use, so that one huge value does not stay in every thread. */
    private static final int KEPT_BUFFER_SIZE = 1 << 20;

    static {
        if (Runtime.version().feature() >= 24 && System.getProperty("kryo.unsafe") == null) {
            System.setProperty("kryo.unsafe", "false");
        }
    }

    /** Stateless once made, so shared by every thread's Kryo. */
    private static final ClosureSerializer CLOSURES = quietClosureSerializer();
    private static final ThreadLocal<KryoCodec> PER_THREAD = ThreadLocal.withInitial(
            () -> new KryoCodec(KryoSettings.current()));

    private final Kryo kryo;
    private final Output output = new Output(FIRST_BUFFER_SIZE, -1);
    private final Input input = new BoundedInput();
    private byte[] readBuffer = new byte[FIRST_BUFFER_SIZE];

    KryoCodec(KryoSettings settings) {
        kryo = newKryo(settings);
    }

    /**
     * This thread's codec.
     *
     * @throws IllegalStateException if a {@code multiprocess4j.kryo.*} system property is malformed, naming it
     */
    public static KryoCodec get() {
        return PER_THREAD.get();
    }

    private static Kryo newKryo(KryoSettings settings) {
        Kryo kryo = settings.allowed == null ? new Kryo()
                : new Kryo(new FilteringClassResolver(settings.allowed), null);
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        kryo.setMaxDepth(settings.maxDepth);
        BoundedSerializers.install(kryo);
        kryo.setInstantiatorStrategy(new ModuleAwareInstantiators());
        kryo.register(ClosureSerializer.Closure.class, CLOSURES);
        FieldSerializerFactory fields = new FieldSerializerFactory();
        fields.getConfig().setIgnoreSyntheticFields(false);
        kryo.setDefaultSerializer(fields);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            kryo.setClassLoader(context);
        }
        return kryo;
    }

    /**
     * Kryo's closure serializer warns, with two stack traces on standard output, that {@code java.lang.invoke} is
     * not open to it, then works without it; keep that noise out of the user's output.
     */
    private static ClosureSerializer quietClosureSerializer() {
        if (!Log.WARN) {
            return new ClosureSerializer();
        }
        int level = Log.TRACE ? Log.LEVEL_TRACE : Log.DEBUG ? Log.LEVEL_DEBUG : Log.INFO ? Log.LEVEL_INFO
                : Log.LEVEL_WARN;
        Log.set(Log.LEVEL_ERROR);
        try {
            return new ClosureSerializer();
        } finally {
            Log.set(level);
        }
    }

    /**
     * Serializes a value (which may be {@code null}) with its class.
     *
     * @return the bytes, in a buffer owned by this codec and valid until its next call: indices 0 to
     *     {@link #serializedLength()}
     * @throws IllegalArgumentException if the value cannot be serialized: a class the allow-list refuses, nesting
     *     deeper than the limit, or anything else Kryo fails on
     */
    public byte[] serialize(Object value) {
        output.reset();
        try {
            kryo.writeClassAndObject(output, value);
        } catch (RuntimeException | StackOverflowError e) {
            discard();
            throw new IllegalArgumentException("cannot serialize a " + (value == null ? null
                    : value.getClass().getName()) + ": " + e, e);
        }
        return output.getBuffer();
    }

    /** The length of what {@link #serialize} wrote last. */
    public int serializedLength() {
        return output.position();
    }

    /** A buffer of at least {@code length} bytes to copy serialized bytes into, owned by this codec. */
    public byte[] readBuffer(int length) {
        if (readBuffer.length < length) {
            readBuffer = new byte[Math.max(length, readBuffer.length * 2)];
        }
        return readBuffer;
    }

    /** Lets go of buffers that a large value made large; call it when done with what they hold. */
    public void shrink() {
        if (output.getBuffer().length > KEPT_BUFFER_SIZE) {
            output.setBuffer(new byte[FIRST_BUFFER_SIZE], -1);
        }
        if (readBuffer.length > KEPT_BUFFER_SIZE) {
            readBuffer = new byte[FIRST_BUFFER_SIZE];
            input.setBuffer(readBuffer, 0, 0);
        }
    }

    /**
     * Deserializes {@code length} bytes of {@code bytes}, which may come from another process.
     *
     * @throws IllegalStateException if they cannot be: damaged or hostile bytes (a length larger than what
     *     remains, nesting deeper than the limit), a class the allow-list refuses or this JVM cannot load or
     *     initialise; the cause says which
     */
    public Object deserialize(byte[] bytes, int length) {
        input.setBuffer(bytes, 0, length);
        try {
            return kryo.readClassAndObject(input);
        } catch (RuntimeException | LinkageError | OutOfMemoryError | StackOverflowError e) {
            discard();
            throw new IllegalStateException("cannot deserialize " + length + " bytes: " + e, e);
        }
    }

    /** Replaces this thread's codec by a fresh one at its next use: a failure may leave Kryo's state inconsistent. */
    private void discard() {
        if (PER_THREAD.get() == this) {
            PER_THREAD.remove();
        }
    }
}
