/**
 * The library's pools, queues, locks and shared objects on a Hazelcast cluster (community edition): the same API
 * past one machine. Tasks, elements and values travel Java-serialized, checked against an allow-list of class-name
 * prefixes.
 */
// Hazelcast ships no module-info (its jar names itself com.hazelcast.core), yet Cluster.hazelcast() returns one of its
// types: users of this module read it too.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.github.multiprocess4j.cluster {
    exports io.github.multiprocess4j.cluster;

    // ClusterPool takes core's Task, VoidTask and MapTask; ClusterQueue implements queue's JoinableQueue.
    requires transitive io.github.multiprocess4j.core;
    requires transitive io.github.multiprocess4j.queue;
    // Cluster.hazelcast() hands out the HazelcastInstance.
    requires transitive com.hazelcast.core;
    requires java.logging;
}
