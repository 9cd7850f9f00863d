package io.github.multiprocess4j.core.internal.codec;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Serializable lambdas taken apart in the parent and put together again in a child, with the reflective
 * look-ups cached per class (a pool sends thousands of tasks of the same few classes). What a child runs here is
 * written without lambdas: each would be one more class to spin up at every child's start.
 *
 * <p>Both steps call private methods of the lambda's classes, which this library may do only where their package
 * is open to it: always on the class path, and in a named module only if it {@code opens} the package to
 * {@code io.github.multiprocess4j.core}. A lambda of any other named module is not rebuildable here, and travels
 * Java-serialized instead, which needs no access: {@code java.base} calls {@code writeReplace} and
 * {@code $deserializeLambda$} itself. That costs such a child the start of an {@code ObjectInputStream}, nothing more.
 */
public final class Lambdas {

    /** A class's {@code writeReplace} method, where it has one that can be called. */
    private static final ClassValue<Optional<Method>> WRITE_REPLACE = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
            for (Class<?> current = type; current != null; current = current.getSuperclass()) {
                try {
                    Method method = current.getDeclaredMethod("writeReplace");
                    return method.trySetAccessible() ? Optional.of(method) : Optional.empty();
                } catch (NoSuchMethodException e) {
                    // look further up
                }
            }
            return Optional.empty();
        }
    };

    /** A capturing class's {@code $deserializeLambda$}, where this library may call it. */
    private static final ClassValue<Optional<Method>> REBUILDER = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> capturing) {
            if (!capturing.getModule().isOpen(capturing.getPackageName(), Lambdas.class.getModule())) {
                return Optional.empty();
            }
            try {
                Method method = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
                return method.trySetAccessible() ? Optional.of(method) : Optional.empty();
            } catch (NoSuchMethodException e) {
                return Optional.empty();
            }
        }
    };

    /**
     * Whether instances of a (lambda) class can be rebuilt by a child: it is a synthetic class with a
     * {@code writeReplace}, and its nest host (the class the lambda was written in) lets this library call its
     * {@code $deserializeLambda$}.
     */
    private static final ClassValue<Boolean> REBUILDABLE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return type.isSynthetic() && WRITE_REPLACE.get(type).isPresent()
                    && REBUILDER.get(type.getNestHost()).isPresent();
        }
    };

    private Lambdas() {
    }

    /**
     * What {@code writeReplace} gives for a value: its parts if it is a serializable lambda.
     *
     * @param value any object
     * @return the lambda's parts, or empty if it is none
     */
    public static Optional<SerializedLambda> parts(Object value) {
        Object replaced = writeReplace(value);
        return replaced instanceof SerializedLambda ? Optional.of((SerializedLambda) replaced) : Optional.empty();
    }

    /** The parts of a serializable lambda that a child can rebuild without Java serialization, if it is one. */
    static Optional<SerializedLambda> rebuildableParts(Object value) {
        if (value == null || !REBUILDABLE.get(value.getClass())) {
            return Optional.empty();
        }
        return parts(value).filter(lambda -> lambda.getCapturingClass()
                .equals(value.getClass().getNestHost().getName().replace('.', '/')));
    }

    static Object writeReplace(Object value) {
        Optional<Method> method = WRITE_REPLACE.get(value.getClass());
        if (method.isEmpty()) {
            return value;
        }
        try {
            return method.get().invoke(value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return value;
        }
    }

    /** Rebuilds a lambda, in a child, the way Java serialization would. */
    static Object rebuild(SerializedLambda lambda, Class<?> capturing) throws Exception {
        Optional<Method> rebuilder = REBUILDER.get(capturing);
        if (rebuilder.isEmpty()) {
            throw new IllegalStateException("cannot rebuild a lambda captured in " + capturing.getName());
        }
        try {
            return rebuilder.get().invoke(null, lambda);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }
}
