/**
 * Pools, queues, locks and shared objects on a Hazelcast cluster, with the contracts of the rest of the library:
 * {@link io.github.multiprocess4j.cluster.ClusterPool} runs the same serializable tasks as {@code ProcessPool},
 * {@link io.github.multiprocess4j.cluster.ClusterQueue} is a {@code JoinableQueue} with Python's semantics,
 * {@link io.github.multiprocess4j.cluster.ClusterLock} a {@link java.util.concurrent.locks.Lock} released when its
 * holder's member dies, and {@link io.github.multiprocess4j.cluster.ClusterObject} one value updated atomically where
 * it lives. Get them from a {@link io.github.multiprocess4j.cluster.Cluster}; start members with
 * {@link io.github.multiprocess4j.cluster.ClusterMember} on each machine, or
 * {@link io.github.multiprocess4j.cluster.LocalCluster} on this one.
 *
 * <p>Only features of Hazelcast's community edition are used: the executor service, {@code IQueue}, and
 * {@code IMap}'s per-key locks and entry processors. The CP subsystem (Raft), which the community edition runs only
 * in an "unsafe" mode since Hazelcast 5.5, is not.
 */
package io.github.multiprocess4j.cluster;
