package io.github.multiprocess4j.core.internal.codec;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StreamCorruptedException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Classes that exist only in the parent's memory, sent with a task by value, as Python's cloudpickle sends
 * functions of {@code __main__}: a lambda typed in jshell, whose class jshell's class loader defined from bytes it
 * compiled, cannot be loaded by a child from any file of its class path, but its loader serves its bytes. So the
 * parent sends the bytes of every such class the task needs (its capturing class, the classes of what it captures,
 * and, transitively, every class those name that is also defined only in memory), with the values of their
 * static fields (where jshell keeps its variables); the child defines them in a class loader of their own, sets the
 * fields, then reads the task with it.
 *
 * <pre>
 *  classes = count (int), per class: binary name (modified UTF-8), length (int), class file bytes;
 *            count (int), per static field: class name, field name (modified UTF-8), value (a ValueCodec value)
 * </pre>
 *
 * A class is defined only in memory when its loader's resource for it is served from neither a file, a jar, nor
 * the run-time image. Classes found on files are left to the child's class path. Thread-safe.
 */
public final class ShippedClasses {

    private static final Set<String> ON_FILES = Set.of("file", "jar", "jrt");
    private static final ShippedClasses NONE = new ShippedClasses(Map.of(), List.of());

    /** Whether a class is defined only in memory, with its bytes to be had from its loader. */
    private static final ClassValue<Boolean> IN_MEMORY = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            ClassLoader loader = type.getClassLoader();
            return loader != null && !type.isArray() && !type.isHidden() && inMemory(loader, resourceOf(type.getName()));
        }
    };

    /** Class files by binary name, in the order found. */
    private final Map<String, byte[]> classFiles;
    private final List<Field> statics;

    private ShippedClasses(Map<String, byte[]> classFiles, List<Field> statics) {
        this.classFiles = classFiles;
        this.statics = statics;
    }

    /**
     * Whether a class is defined only in memory, so that a task that needs it carries its bytes.
     *
     * @param type any class
     * @return {@code true} if its loader serves its bytes from neither a file, a jar, nor the run-time image
     */
    public static boolean isInMemory(Class<?> type) {
        return IN_MEMORY.get(type);
    }

    /**
     * The classes defined only in memory that {@code roots} need, with what they name, transitively.
     *
     * @throws IOException if the bytes of one cannot be read
     */
    static ShippedClasses collect(Collection<Class<?>> roots) throws IOException {
        Deque<Class<?>> toVisit = new ArrayDeque<>();
        for (Class<?> root : roots) {
            if (isInMemory(root)) {
                toVisit.add(root);
            }
        }
        if (toVisit.isEmpty()) {
            return NONE;
        }
        Map<String, byte[]> classFiles = new LinkedHashMap<>();
        List<Field> statics = new ArrayList<>();
        while (!toVisit.isEmpty()) {
            Class<?> type = toVisit.removeFirst();
            if (classFiles.containsKey(type.getName())) {
                continue;
            }
            byte[] bytes = bytesOf(type);
            classFiles.put(type.getName(), bytes);
            addStatics(type, statics);
            for (String name : ClassReferences.of(bytes)) {
                String binaryName = name.replace('/', '.');
                if (!classFiles.containsKey(binaryName)
                        && inMemory(type.getClassLoader(), resourceOf(binaryName))) {
                    try {
                        toVisit.add(Class.forName(binaryName, false, type.getClassLoader()));
                    } catch (ClassNotFoundException | LinkageError e) {
                        // named but not loadable: the child would not load it either
                    }
                }
            }
        }
        return new ShippedClasses(classFiles, statics);
    }

    boolean isEmpty() {
        return classFiles.isEmpty();
    }

    /** How many classes. */
    int size() {
        return classFiles.size();
    }

    /** Writes a value as {@link ValueCodec} does. */
    interface ValueWriter {
        void write(DataOutputStream out, Object value) throws IOException;
    }

    /** Reads a value as {@link ValueCodec} does, resolving classes through {@code loader}. */
    interface ValueReader {
        Object read(DataInputStream in, ClassLoader loader) throws IOException, ClassNotFoundException;
    }

    /**
     * Writes the classes and the values of their static fields.
     *
     * @throws IllegalArgumentException if a static field holds what cannot be sent, naming it
     */
    void writeTo(DataOutputStream out, ValueWriter values) throws IOException {
        out.writeInt(classFiles.size());
        for (Map.Entry<String, byte[]> classFile : classFiles.entrySet()) {
            out.writeUTF(classFile.getKey());
            out.writeInt(classFile.getValue().length);
            out.write(classFile.getValue());
        }
        out.writeInt(statics.size());
        for (Field field : statics) {
            out.writeUTF(field.getDeclaringClass().getName());
            out.writeUTF(field.getName());
            Object value;
            try {
                value = field.get(null);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + describe(field), e);
            }
            try {
                values.write(out, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the task needs " + describe(field) + ", a static field of a class"
                        + " defined only in memory, whose value cannot be sent to a child: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Reads classes and static values that a parent sent, in a child, and returns the loader that defines them.
     *
     * @throws IOException if the bytes are corrupt, or a class cannot be defined or a field set
     */
    static ClassLoader readFrom(DataInputStream in, ClassLoader parent, ValueReader values)
            throws IOException, ClassNotFoundException {
        int count = ValueCodec.checkLength(in, in.readInt(), "class count");
        Map<String, byte[]> classFiles = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            byte[] bytes = new byte[ValueCodec.checkLength(in, in.readInt(), "class file length")];
            in.readFully(bytes);
            classFiles.put(name, bytes);
        }
        Loader loader = new Loader(parent != null ? parent : ClassLoader.getSystemClassLoader(), classFiles);
        int fields = ValueCodec.checkLength(in, in.readInt(), "static field count");
        for (int i = 0; i < fields; i++) {
            String className = in.readUTF();
            String fieldName = in.readUTF();
            Object value = values.read(in, loader);
            if (!classFiles.containsKey(className)) {
                throw new StreamCorruptedException("a static value for " + className + ", which was not sent");
            }
            try {
                Field field = Class.forName(className, false, loader).getDeclaredField(fieldName);
                field.setAccessible(true);
                field.set(null, value);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                throw new IOException("cannot set " + className + "." + fieldName + " in the child: " + e, e);
            }
        }
        return loader;
    }

    private static void addStatics(Class<?> type, List<Field> statics) {
        for (Field field : type.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && !Modifier.isFinal(modifiers) && !field.isSynthetic()
                    && field.trySetAccessible()) {
                statics.add(field);
            }
        }
    }

    private static byte[] bytesOf(Class<?> type) throws IOException {
        try (InputStream in = type.getClassLoader().getResourceAsStream(resourceOf(type.getName()))) {
            if (in == null) {
                throw new IOException("the class loader of " + type.getName() + " no longer serves its bytes");
            }
            return in.readAllBytes();
        }
    }

    private static boolean inMemory(ClassLoader loader, String resource) {
        URL url = loader.getResource(resource);
        if (url != null) {
            return !ON_FILES.contains(url.getProtocol());
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static String resourceOf(String binaryName) {
        return binaryName.replace('.', '/') + ".class";
    }

    private static String describe(Field field) {
        return field.getDeclaringClass().getName() + "." + field.getName();
    }

    /**
     * Defines the classes a parent sent, each the first time it is asked for, and serves their bytes as resources,
     * so that a task running here can send them on to a child of its own.
     */
    private static final class Loader extends ClassLoader {
        private final Map<String, byte[]> classFiles;

        Loader(ClassLoader parent, Map<String, byte[]> classFiles) {
            super("multiprocess4j-shipped", parent);
            this.classFiles = classFiles;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classFiles.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            if (name.endsWith(".class")) {
                byte[] bytes = classFiles.get(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                if (bytes != null) {
                    return new ByteArrayInputStream(bytes);
                }
            }
            return super.getResourceAsStream(name);
        }
    }
}
