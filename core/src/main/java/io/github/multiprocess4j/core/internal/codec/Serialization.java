package io.github.multiprocess4j.core.internal.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.util.function.Consumer;

/** Java serialization of tasks, results and exceptions crossing to and from a child JVM. */
final class Serialization {

    private Serialization() {
    }

    static byte[] serialize(Object value) throws IOException {
        return serialize(value, type -> { });
    }

    /** Serializes a value, telling {@code classes} each class whose description goes into the stream. */
    static byte[] serialize(Object value, Consumer<Class<?>> classes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ClassRecordingOutputStream(bytes, classes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    /**
     * Serializes {@code part} of a task (the task itself, or what it captures), explaining a failure in terms of
     * the whole task.
     *
     * @throws IllegalArgumentException if it cannot be serialized
     */
    static byte[] serializeTaskPart(Object task, Object part, Consumer<Class<?>> classes) {
        try {
            return serialize(part, classes);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("the task cannot be sent to a child process: "
                    + CaptureInspector.describe(task, e.getMessage())
                    + ". Capture only serializable values (or mark the field transient), or use Launch.threads",
                    e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the task cannot be sent to a child process: " + e, e);
        }
    }

    /**
     * Reads a value from another process through the {@link StreamFilter}, resolving classes through
     * {@code loader} first; the parent passes the task's own class loader so that results of classes it loaded
     * (for example under a build tool's class loader) resolve.
     *
     * @throws java.io.InvalidClassException if the filter rejects what the stream holds
     * @throws java.io.InvalidObjectException if it nests too deeply for this thread's stack
     */
    static Object deserialize(byte[] bytes, int offset, ClassLoader loader)
            throws IOException, ClassNotFoundException {
        int length = bytes.length - offset;
        InputStream in = new ByteArrayInputStream(bytes, offset, length);
        StreamFilter.Checked filter = StreamFilter.forStream(length);
        try (ObjectInputStream objects = new LoaderObjectInputStream(in, loader)) {
            objects.setObjectInputFilter(filter);
            return objects.readObject();
        } catch (InvalidClassException e) {
            if (filter.refusal() == null) {
                throw e;
            }
            InvalidClassException refused = new InvalidClassException("refused to read " + filter.refusal()
                    + " from another process (" + e.getMessage() + ")");
            refused.initCause(e);
            throw refused;
        } catch (StackOverflowError e) {
            throw new InvalidObjectException("a value of " + length + " bytes nests too deeply to be read");
        }
    }

    private static final class ClassRecordingOutputStream extends ObjectOutputStream {
        private final Consumer<Class<?>> classes;

        ClassRecordingOutputStream(OutputStream out, Consumer<Class<?>> classes) throws IOException {
            super(out);
            this.classes = classes;
        }

        @Override
        protected void annotateClass(Class<?> type) {
            classes.accept(type);
        }

        @Override
        protected void annotateProxyClass(Class<?> type) {
            classes.accept(type);
        }
    }

    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            if (loader != null) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    // primitives and arrays of them are resolved by the default
                }
            }
            return super.resolveClass(desc);
        }
    }
}
