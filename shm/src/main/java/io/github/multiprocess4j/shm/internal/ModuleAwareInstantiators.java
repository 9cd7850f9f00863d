package io.github.multiprocess4j.shm.internal;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import org.objenesis.instantiator.ObjectInstantiator;
import org.objenesis.strategy.InstantiatorStrategy;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * How Kryo makes the objects it reads: as Kryo does by default (a no-argument constructor through a generated
 * accessor or reflection, else Objenesis, which calls no constructor), except for the classes of an application's
 * named modules.
 *
 * <p>Kryo's generated accessor lives in a class loader of its own, in the unnamed module, which a named module's
 * package is not exported to unless it is exported to everyone: it would fail with an {@link IllegalAccessError}
 * even where the package is open to Kryo. So for a class of a named module that is not the JDK's, the no-argument
 * constructor is called by reflection if this module may call it (the package is exported or open to
 * {@code io.github.multiprocess4j.shm} and the constructor is accessible), and otherwise the object is made without
 * a constructor, as Java serialization makes it; Kryo then sets its fields, which needs the package to be open to
 * {@code com.esotericsoftware.kryo}.
 *
 * <p>Used by one Kryo, so by one thread at a time; keeps no state of its own.
 */
final class ModuleAwareInstantiators implements InstantiatorStrategy {

    private final InstantiatorStrategy kryoDefault = new DefaultInstantiatorStrategy(new StdInstantiatorStrategy());
    private final InstantiatorStrategy withoutConstructor = new StdInstantiatorStrategy();

    @Override
    public <T> ObjectInstantiator<T> newInstantiatorOf(Class<T> type) {
        if (!isOfAnApplicationModule(type)) {
            return kryoDefault.newInstantiatorOf(type);
        }
        Constructor<T> constructor;
        try {
            constructor = type.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            return withoutConstructor.newInstantiatorOf(type);
        }
        if (!constructor.trySetAccessible()) {
            return withoutConstructor.newInstantiatorOf(type);
        }
        return () -> newInstance(constructor);
    }

    /** Whether a class is in a named module of the application (not on the class path, and not one of the JDK's). */
    @SuppressWarnings("ReferenceEquality") // class loaders are compared by identity
    static boolean isOfAnApplicationModule(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return type.getModule().isNamed() && loader != null && loader != ClassLoader.getPlatformClassLoader();
    }

    private static <T> T newInstance(Constructor<T> constructor) {
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new KryoException("the constructor of " + constructor.getDeclaringClass().getName() + " failed",
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new KryoException("cannot construct a " + constructor.getDeclaringClass().getName(), e);
        }
    }
}
