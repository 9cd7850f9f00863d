package io.github.multiprocess4j.cluster;

import static java.util.Objects.requireNonNull;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.QueueConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import java.util.stream.Collectors;

/**
 * This JVM's membership of a Hazelcast cluster, as a member or a client, and where its pools, queues, locks and
 * shared objects come from.
 *
 * <pre>{@code
 * try (Cluster cluster = Cluster.join(ClusterConfig.client(secretName, "10.0.0.5:5701"));
 *      ClusterPool pool = cluster.pool()) {
 *     List<Integer> squares = pool.map(List.of(1, 2, 3), x -> x * x);
 * }
 * }</pre>
 *
 * <p>Thread-safety: every method may be called from any thread. What it hands out may be used by any thread of this
 * JVM and, for queues, locks and objects, captured in tasks that run on the cluster's members.
 */
public final class Cluster implements AutoCloseable {

    private final HazelcastInstance hazelcast;
    private final String id;
    private final ClusterConfig config;

    private Cluster(HazelcastInstance hazelcast, String id, ClusterConfig config) {
        this.hazelcast = hazelcast;
        this.id = id;
        this.config = config;
    }

    /**
     * Joins an existing cluster (or, as a member that finds no other, starts one).
     *
     * @param config the cluster's name and addresses, and whether to join as a member or a client
     * @return the membership; close it to leave
     * @throws IllegalStateException if a client cannot reach any member within the configuration's connect timeout;
     *     the message names the addresses tried
     * @throws NullPointerException if {@code config} is null
     */
    public static Cluster join(ClusterConfig config) {
        requireNonNull(config, "config");
        String id = Hazelcasts.clusterId(config.clusterName());
        HazelcastInstance hazelcast;
        try {
            hazelcast = config.isMember() ? Hazelcast.newHazelcastInstance(Hazelcasts.member(config))
                    : HazelcastClient.newHazelcastClient(Hazelcasts.client(config));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("could not reach the cluster at " + config.addresses() + " within "
                    + config.connectTimeout().toMillis() + " ms: no member answered with this cluster's name ("
                    + e.getMessage() + ")", e);
        }
        Instances.register(id, hazelcast);
        return new Cluster(hazelcast, id, config);
    }

    /**
     * A pool that runs tasks on the members, retrying a task whose member is lost up to
     * {@value ClusterPool#DEFAULT_MAX_RETRIES} times.
     *
     * @return a new pool; closing it does not leave the cluster
     */
    public ClusterPool pool() {
        return pool(ClusterPool.DEFAULT_MAX_RETRIES);
    }

    /**
     * A pool that runs tasks on the members, retrying a task whose member is lost up to {@code maxRetries} times.
     *
     * @param maxRetries how many times a task lost with its member runs again elsewhere, 0 for never
     * @return a new pool; closing it does not leave the cluster
     * @throws IllegalArgumentException if {@code maxRetries} is negative
     */
    public ClusterPool pool(int maxRetries) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
        }
        return new ClusterPool(hazelcast, maxRetries);
    }

    /**
     * The unbounded queue called {@code name}, created on first use; every JVM that asks for the same name gets the
     * same queue.
     *
     * @param <E> the type of the elements
     * @param name the queue's name
     * @return the queue
     */
    public <E> ClusterQueue<E> queue(String name) {
        return new ClusterQueue<>(hazelcast, id, checkName(name));
    }

    /**
     * The queue called {@code name} holding at most {@code capacity} elements: Python's {@code Queue(maxsize)}. The
     * capacity is fixed by the first JVM to set it; asking for another one later fails.
     *
     * @param <E> the type of the elements
     * @param name the queue's name
     * @param capacity how many elements it holds at most, at least 1
     * @return the queue
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     * @throws com.hazelcast.config.InvalidConfigurationException if the queue already has another capacity
     */
    public <E> ClusterQueue<E> queue(String name, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        hazelcast.getConfig().addQueueConfig(new QueueConfig(Hazelcasts.QUEUE_PREFIX + checkName(name))
                .setMaxSize(capacity).setBackupCount(1));
        return new ClusterQueue<>(hazelcast, id, name);
    }

    /**
     * The lock called {@code name}; every JVM that asks for the same name gets the same lock.
     *
     * @param name the lock's name
     * @return the lock
     */
    public ClusterLock lock(String name) {
        return new ClusterLock(hazelcast, id, checkName(name));
    }

    /**
     * The shared object called {@code name}, holding {@code initial} if it holds nothing yet.
     *
     * @param <T> the type of the value
     * @param name the object's name
     * @param initial its value unless it already has one, serializable
     * @return the object
     * @throws IllegalArgumentException if {@code initial} cannot be serialized (the message names the class)
     */
    public <T> ClusterObject<T> object(String name, T initial) {
        ClusterObject<T> object = new ClusterObject<>(hazelcast, id, checkName(name));
        object.writeIfAbsent(initial);
        return object;
    }

    /**
     * Whether this JVM is a member (holding data, running tasks) rather than a client.
     *
     * @return {@code true} for a member
     */
    public boolean isMember() {
        return config.isMember();
    }

    /**
     * The members' addresses now, oldest first.
     *
     * @return {@code host:port} strings
     */
    public List<String> members() {
        return hazelcast.getCluster().getMembers().stream().map(Cluster::address).collect(Collectors.toList());
    }

    /**
     * The Hazelcast instance underneath, for what this module does not cover. What it does with data is outside
     * this module's filter and guarantees.
     *
     * @return the member or client instance
     */
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /**
     * Leaves the cluster: a member hands its share of the data to the others first (a graceful shutdown), a client
     * disconnects. Locks held by this JVM's threads are released. Doing it again does nothing.
     */
    @Override
    public void close() {
        Instances.unregister(id, hazelcast);
        hazelcast.shutdown();
    }

    /** Names the members, never the cluster name (the cluster's secret). */
    @Override
    public String toString() {
        return "Cluster[" + id + (isMember() ? ", member" : ", client") + ", members " + members() + "]";
    }

    static String address(Member member) {
        return member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }

    private static String checkName(String name) {
        if (requireNonNull(name, "name").isBlank()) {
            throw new IllegalArgumentException("the name must not be blank");
        }
        return name;
    }
}
