package io.github.multiprocess4j.cluster;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;

/**
 * What travels in a serialized stream in place of a {@link ClusterLock}, {@link ClusterObject} or
 * {@link ClusterQueue}: its kind, its cluster's id and its name. Deserializing it attaches to the same structure
 * through the member or client of that cluster in the receiving JVM, which is how a task that captures one reaches
 * it where it runs. One stand-in for every kind, so that what a copy attaches to is decided in one place.
 */
final class ClusterByName implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The kinds of structure that travel by name. */
    enum Kind {
        LOCK("lock "), OBJECT("shared object "), QUEUE("queue ");

        /** How a message about a missing cluster names the structure. */
        private final String described;

        Kind(String described) {
            this.described = described;
        }
    }

    private final Kind kind;
    private final String clusterId;
    private final String name;

    ClusterByName(Kind kind, String clusterId, String name) {
        this.kind = kind;
        this.clusterId = clusterId;
        this.name = name;
    }

    private Object readResolve() throws ObjectStreamException {
        if (kind == null || clusterId == null || name == null) {
            throw new InvalidObjectException("a cluster structure's stand-in without its kind, cluster or name");
        }
        var hazelcast = Instances.find(clusterId, kind.described + name);
        switch (kind) {
            case LOCK:
                return new ClusterLock(hazelcast, clusterId, name);
            case OBJECT:
                return new ClusterObject<>(hazelcast, clusterId, name);
            case QUEUE:
                return new ClusterQueue<>(hazelcast, clusterId, name);
            default:
                throw new AssertionError(kind);
        }
    }
}
