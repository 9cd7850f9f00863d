package io.github.multiprocess4j.shm.internal;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;

/**
 * Kryo's class resolver with an allow-list: a class written or read by name must be one that the user's
 * {@link ClassNamePatterns} allow. A name read is checked before Kryo looks it up, so a class that is refused is never
 * loaded, let alone initialised or instantiated: no static initialiser and no deserialization hook of it runs.
 * Classes Kryo knows by number (its own registrations: {@code String}, the primitives and their boxes, and the
 * closures of serializable lambdas) are not written by name and need no pattern.
 *
 * <p>Not thread-safe, like the {@code Kryo} it belongs to.
 */
final class FilteringClassResolver extends DefaultClassResolver {

    private final ClassNamePatterns allowed;

    FilteringClassResolver(ClassNamePatterns allowed) {
        this.allowed = allowed;
    }

    @Override
    @SuppressWarnings("rawtypes")
    protected void writeName(Output output, Class type, Registration registration) {
        check(type.getName());
        super.writeName(output, type, registration);
    }

    /** Called with each class name read, before Kryo looks for the class. */
    @Override
    @SuppressWarnings("rawtypes")
    protected Class getTypeByName(String className) {
        check(className);
        return super.getTypeByName(className);
    }

    private void check(String className) {
        if (!allowed.allows(className)) {
            throw new KryoException("the class " + className + " is not allowed by " + KryoSettings.ALLOW_PROPERTY
                    + "=" + allowed);
        }
    }
}
