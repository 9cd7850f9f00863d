/**
 * Shared memory, process locks, shared objects, shared queues and CPython's {@code ShareableList}, across JVMs.
 *
 * <p>{@code io.github.multiprocess4j.shm.internal} holds the Kryo codec and its limits: not exported.
 *
 * <p>Objects kept in shared memory are serialized by Kryo, which builds and reads them by reflection: a type of a
 * named module must be in a package that module opens to {@code com.esotericsoftware.kryo}.
 */
module io.github.multiprocess4j.shm {
    exports io.github.multiprocess4j.shm;

    requires io.github.multiprocess4j.ipc;
    // SharedQueue implements the queue module's JoinableQueue and throws its exceptions: its users read queue.
    requires transitive io.github.multiprocess4j.queue;

    requires com.esotericsoftware.kryo;
    requires com.esotericsoftware.minlog;
    requires org.objenesis;
    // Objenesis makes objects without calling a constructor through sun.reflect.ReflectionFactory; as an automatic
    // module it cannot require jdk.unsupported itself, and an application on the module path does not resolve it.
    requires jdk.unsupported;
}
