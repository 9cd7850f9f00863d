/**
 * Shared memory, process locks, shared objects and CPython's {@code ShareableList}, across JVMs.
 *
 * <p>{@code io.github.multiprocess4j.shm.internal} holds the machinery this library's other modules share (the Kryo
 * codec, trusted segment files): exported to them only, not an API.
 *
 * <p>Objects kept in shared memory are serialized by Kryo, which builds and reads them by reflection: a type of a
 * named module must be in a package that module opens to {@code com.esotericsoftware.kryo}.
 */
module io.github.multiprocess4j.shm {
    exports io.github.multiprocess4j.shm;
    exports io.github.multiprocess4j.shm.internal to io.github.multiprocess4j.queue;

    requires com.esotericsoftware.kryo;
    requires com.esotericsoftware.minlog;
    requires org.objenesis;
    // Objenesis makes objects without calling a constructor through sun.reflect.ReflectionFactory; as an automatic
    // module it cannot require jdk.unsupported itself, and an application on the module path does not resolve it.
    requires jdk.unsupported;
}
