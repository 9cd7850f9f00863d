package io.github.multiprocess4j.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clusters this JVM belongs to, by {@linkplain Hazelcasts#clusterId id}: what a queue, lock or object that
 * arrives in a task re-attaches to.
 */
final class Instances {

    private static final Map<String, HazelcastInstance> BY_ID = new ConcurrentHashMap<>();

    private Instances() {
    }

    static void register(String clusterId, HazelcastInstance instance) {
        BY_ID.put(clusterId, instance);
    }

    static void unregister(String clusterId, HazelcastInstance instance) {
        BY_ID.remove(clusterId, instance);
    }

    /**
     * The instance of cluster {@code clusterId} in this JVM.
     *
     * @throws IllegalStateException if this JVM is neither a member nor a client of it
     */
    static HazelcastInstance find(String clusterId, String what) {
        HazelcastInstance instance = BY_ID.get(clusterId);
        if (instance == null || !instance.getLifecycleService().isRunning()) {
            throw new IllegalStateException(what + " belongs to cluster " + clusterId
                    + ", which this JVM has not joined (or has left): use it in tasks that run on that cluster's"
                    + " members, or join the cluster with Cluster.join first");
        }
        return instance;
    }
}
