/**
 * Blocking work queues with Python's timeout, {@code taskDone}/{@code join} and shutdown semantics, in one JVM and
 * across JVMs.
 *
 * <p>Elements of a {@code SharedQueue} other than numbers, strings and byte arrays are serialized by Kryo: a type of
 * a named module must be in a package that module opens to {@code com.esotericsoftware.kryo}.
 */
module io.github.multiprocess4j.queue {
    exports io.github.multiprocess4j.queue;

    // SharedQueue.attach throws shm's SharedMemoryNotFoundException and UntrustedSegmentException: its users read shm.
    requires transitive io.github.multiprocess4j.shm;
}
