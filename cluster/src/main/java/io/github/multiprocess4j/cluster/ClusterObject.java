package io.github.multiprocess4j.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.Serializable;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One value shared by every member and client of a cluster, updated atomically where it lives: {@code SharedObject}
 * past one machine. Get one from {@link Cluster#object(String, Object)}.
 *
 * <pre>{@code
 * ClusterObject<List<Integer>> numbers = cluster.object("numbers", new ArrayList<>());
 * numbers.update(list -> list.add(42));             // runs on the member that holds the list
 * }</pre>
 *
 * <p>{@link #update} and {@link #updateAndGet} send the function to the member that owns the value (a Hazelcast
 * entry processor) and run it there, one update at a time per value: no read-modify-write over the network, no lost
 * update. The function must be serializable and its classes on the members' class path; it should be quick, because
 * it holds up the other operations of the same partition while it runs. The new value goes to one synchronous backup
 * as bytes, so the value survives the loss of one member. If an update's member dies before answering, Hazelcast
 * sends it again to the new owner, which may apply it a second time if the first had reached the backup: make
 * updates idempotent where that matters.
 *
 * <p>Values are serialized (Java serialization) when written and read through the cluster's class allow-list; each
 * read returns a fresh copy. Serializable by name: an object captured in a task re-attaches, on the member that runs
 * it, to the same object. Thread-safety: every method may be called from any thread.
 *
 * @param <T> the type of the value, serializable
 */
public final class ClusterObject<T> implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The cluster's id, a hash of its name (never the name, which is its secret). */
    private final String clusterId;
    /** The object's name in its cluster. */
    private final String name;
    private final transient IMap<String, byte[]> values;

    /**
     * A change made in place to the value, such as {@code list -> list.add(42)}: serializable, so that it can run
     * where the value lives.
     *
     * @param <T> the type of the value
     */
    @FunctionalInterface
    public interface Mutation<T> extends Consumer<T>, Serializable {
    }

    /**
     * A function from the value to its new value, such as {@code n -> n + 1}: serializable, so that it can run where
     * the value lives.
     *
     * @param <T> the type of the value
     */
    @FunctionalInterface
    public interface Update<T> extends UnaryOperator<T>, Serializable {
    }

    ClusterObject(HazelcastInstance hazelcast, String clusterId, String name) {
        this.clusterId = clusterId;
        this.name = name;
        this.values = hazelcast.getMap(Hazelcasts.OBJECTS);
    }

    /**
     * The value now.
     *
     * @return a fresh copy of it
     * @throws IllegalStateException if the stored bytes are refused by the class allow-list or corrupt
     */
    @SuppressWarnings("unchecked")
    public T read() {
        byte[] bytes = values.get(name);
        return bytes == null ? null : (T) Codec.decode(bytes, "the value of shared object " + name);
    }

    /**
     * Replaces the value.
     *
     * @param value the new value, serializable
     * @throws IllegalArgumentException if it cannot be serialized (the message names the class); the value is
     *     unchanged
     */
    public void write(T value) {
        values.set(name, Codec.encode(value, "a value of shared object " + name));
    }

    /**
     * Changes the value in place where it lives, atomically: Python's {@code with lock: obj = read(); change(obj);
     * write(obj)} in one step.
     *
     * @param mutation the change, serializable
     * @return the value after the change (a copy)
     * @throws IllegalArgumentException if the mutation cannot be serialized; nothing is sent
     * @throws RuntimeException whatever the mutation threw on the member; the value is unchanged
     */
    @SuppressWarnings("unchecked")
    public T update(Mutation<? super T> mutation) {
        return (T) run(Codec.encode(mutation, "an update of shared object " + name), true);
    }

    /**
     * Replaces the value by {@code function(value)} where it lives, atomically.
     *
     * @param function the function, serializable
     * @return the new value (a copy)
     * @throws IllegalArgumentException if the function cannot be serialized; nothing is sent
     * @throws RuntimeException whatever the function threw on the member; the value is unchanged
     */
    @SuppressWarnings("unchecked")
    public T updateAndGet(Update<T> function) {
        return (T) run(Codec.encode(function, "an update of shared object " + name), false);
    }

    /**
     * The object's name in its cluster.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "ClusterObject[" + name + "]";
    }

    void writeIfAbsent(T initial) {
        values.putIfAbsent(name, Codec.encode(initial, "the initial value of shared object " + name));
    }

    private Object run(byte[] function, boolean mutation) {
        byte[] stored = values.executeOnKey(name, new ObjectUpdate(function, mutation));
        return Codec.decode(stored, "the value of shared object " + name);
    }

    /**
     * Travels as its cluster's id and its name.
     *
     * @return the stand-in that re-attaches on the other side
     */
    private Object writeReplace() {
        return new ClusterByName(ClusterByName.Kind.OBJECT, clusterId, name);
    }

    /**
     * Refuses a stream that holds this class itself rather than its stand-in.
     *
     * @param in the stream
     * @throws java.io.InvalidObjectException always
     */
    private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
        throw new java.io.InvalidObjectException("a ClusterObject travels by name");
    }
}
