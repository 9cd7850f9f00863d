package io.github.multiprocess4j.core.internal.codec;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Explains a failed task serialization: finds the path from the task to the first object of the class that
 * {@link java.io.NotSerializableException} named, so that the message says which capture is to blame.
 */
final class CaptureInspector {

    private static final int MAX_DEPTH = 12;

    private final String culpritClass;
    private final Map<Object, Boolean> seen = new IdentityHashMap<>();

    private CaptureInspector(String culpritClass) {
        this.culpritClass = culpritClass;
    }

    static String describe(Object task, String culpritClass) {
        String what = "it captures a " + culpritClass + ", which is not Serializable";
        return new CaptureInspector(culpritClass).find(task, describeRoot(task), 0)
                .map(path -> what + " (reached through " + path + ")")
                .orElse(what);
    }

    /** Describes a lambda or method reference by its source, anything else by its class. */
    static String describeRoot(Object task) {
        return Lambdas.parts(task).map(lambda -> {
            String owner = lambda.getImplClass().replace('/', '.');
            String method = lambda.getImplMethodName();
            if (method.startsWith("lambda$")) {
                String[] parts = method.split("\\$");
                return "the lambda in " + owner + "." + (parts.length > 1 ? parts[1] : method);
            }
            return "the method reference " + owner + "::" + method;
        }).orElse("the task " + task.getClass().getName());
    }


    private Optional<String> find(Object value, String path, int depth) {
        if (value == null || depth > MAX_DEPTH || seen.put(value, Boolean.TRUE) != null) {
            return Optional.empty();
        }
        if (value.getClass().getName().equals(culpritClass)) {
            return Optional.of(path);
        }
        Object replaced = Lambdas.writeReplace(value);
        if (replaced instanceof SerializedLambda) {
            SerializedLambda lambda = (SerializedLambda) replaced;
            for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
                Object captured = lambda.getCapturedArg(i);
                String label = isEnclosingInstance(lambda, captured, i)
                        ? " -> its enclosing instance 'this' (" + captured.getClass().getName()
                                + "; the lambda uses one of its fields or methods)"
                        : " -> captured value " + (i + 1) + " (" + typeOf(captured) + ")";
                Optional<String> found = find(captured, path + label, depth + 1);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        if (value instanceof Iterable) {
            int i = 0;
            for (Object element : (Iterable<?>) value) {
                Optional<String> found = find(element, path + " -> element " + i++, depth + 1);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        if (value instanceof Map) {
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                Optional<String> found = find(entry.getKey(), path + " -> a key", depth + 1)
                        .or(() -> find(entry.getValue(), path + " -> value of " + entry.getKey(), depth + 1));
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        if (value.getClass().isArray() && !value.getClass().getComponentType().isPrimitive()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                Optional<String> found = find(Array.get(value, i), path + "[" + i + "]", depth + 1);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        return findInFields(value, path, depth);
    }

    private Optional<String> findInFields(Object value, String path, int depth) {
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers)
                        || field.getType().isPrimitive() || !trySetAccessible(field)) {
                    continue;
                }
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    continue;
                }
                String label = field.getName().startsWith("val$")
                        ? " -> captured variable '" + field.getName().substring(4) + "'"
                        : field.getName().startsWith("this$")
                                ? " -> its enclosing instance (" + field.getType().getName() + ")"
                                : " -> field '" + field.getName() + "'";
                Optional<String> found = find(fieldValue, path + label + " (" + typeOf(fieldValue) + ")", depth + 1);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isEnclosingInstance(SerializedLambda lambda, Object captured, int index) {
        return index == 0 && captured != null && lambda.getImplMethodKind() != 6 /* REF_invokeStatic */
                && captured.getClass().getName().equals(lambda.getCapturingClass().replace('/', '.'));
    }

    private static String typeOf(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    private static boolean trySetAccessible(Field field) {
        try {
            return field.trySetAccessible();
        } catch (SecurityException e) {
            return false;
        }
    }
}
