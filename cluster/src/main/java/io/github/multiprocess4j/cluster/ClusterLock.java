package io.github.multiprocess4j.cluster;

import static java.util.Objects.requireNonNull;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A lock that excludes threads on every member and client of a cluster, released when the member its holder runs on
 * dies: {@code ProcessLock} past one machine. Get one from {@link Cluster#lock(String)};
 * {@link #hold()} is Python's {@code with lock:}.
 *
 * <pre>{@code
 * try (ClusterLock.Held held = lock.hold()) {
 *     // one thread in the whole cluster at a time
 * }
 * }</pre>
 *
 * <h2>What it builds on, and what that guarantees</h2>
 * The per-key lock of a Hazelcast {@code IMap}, a community-edition feature; not the CP subsystem's
 * {@code FencedLock}, which since Hazelcast 5.5 the community edition runs only in an "unsafe" mode. The lock is
 * owned by a thread of a member or client and is reentrant: the same thread may take it again, and must release it
 * as many times.
 * <ul>
 *   <li><b>Holder dies:</b> when the member the holder runs on leaves the cluster (it shuts down, or the others
 *       declare it dead after it stopped answering), the lock is released and a waiter gets it. A killed member is
 *       usually noticed within a second or two, when its connections close; one that hangs, within the cluster's
 *       failure-detection time ({@link ClusterConfig#withFailureDetection(Duration)}, 60 s by default). A client's
 *       locks are released when the members notice it is gone (Hazelcast's client clean-up, 10 s by default).</li>
 *   <li><b>Never two holders</b> while the cluster is whole and every member sees the others. The lock's state
 *       lives on the member that owns its partition, with one synchronous backup that takes over if that member
 *       dies.</li>
 *   <li><b>Not guaranteed:</b> mutual exclusion across a network partition (split brain): each side elects its own
 *       owner, and a holder cut off from the others keeps believing it holds the lock. There is no fencing token. A
 *       holder that only pauses (a long GC) past the failure-detection time loses the lock without knowing. Use the
 *       lock for efficiency, or make the work it guards safe to repeat; where that is not enough, Hazelcast's
 *       Enterprise CP subsystem (Raft) is the tool.</li>
 * </ul>
 *
 * <p>Conditions are not supported. Serializable by name: a lock captured in a task re-attaches, on the member that
 * runs it, to the same lock. Thread-safety: every method may be called from any thread.
 */
public final class ClusterLock implements Lock, Serializable {

    private static final long serialVersionUID = 1L;
    private static final long SLICE_MILLIS = 100;

    /** The cluster's id, a hash of its name (never the name, which is its secret). */
    private final String clusterId;
    /** The lock's name in its cluster. */
    private final String name;
    private final transient IMap<String, String> locks;

    /** A held lock, released by {@link #close()}. */
    public interface Held extends AutoCloseable {
        /** Releases the lock. */
        @Override
        void close();
    }

    ClusterLock(HazelcastInstance hazelcast, String clusterId, String name) {
        this.clusterId = clusterId;
        this.name = name;
        this.locks = hazelcast.getMap(Hazelcasts.LOCKS);
    }

    /** Takes the lock, waiting as long as it takes; not interruptible, as {@link Lock#lock()} allows. */
    @Override
    public void lock() {
        locks.lock(name);
    }

    /**
     * Takes the lock, waiting as long as it takes.
     *
     * @throws InterruptedException if the thread is interrupted while waiting (it looks at least every 0.1 s); the
     *     lock is not taken
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
        while (!locks.tryLock(name, SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for lock " + name);
            }
        }
    }

    /**
     * Takes the lock if it is free now.
     *
     * @return whether it was taken
     */
    @Override
    public boolean tryLock() {
        return locks.tryLock(name);
    }

    /**
     * Takes the lock, waiting at most {@code time}.
     *
     * @param time how long to wait; zero or negative does not wait
     * @param unit the unit of {@code time}
     * @return whether it was taken
     * @throws InterruptedException if the thread is interrupted while waiting; the lock is not taken
     */
    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return locks.tryLock(name, Math.max(0, time), requireNonNull(unit, "unit"));
    }

    /**
     * Takes the lock, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait, not negative
     * @return whether it was taken
     * @throws InterruptedException if the thread is interrupted while waiting; the lock is not taken
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean tryLock(Duration timeout) throws InterruptedException {
        if (requireNonNull(timeout, "timeout").isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        return tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Releases the lock once.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold it
     */
    @Override
    public void unlock() {
        locks.unlock(name);
    }

    /**
     * Takes the lock and returns it as a resource for try-with-resources, which releases it.
     *
     * @return the held lock
     */
    public Held hold() {
        lock();
        return this::unlock;
    }

    /**
     * Whether some thread of the cluster holds the lock now.
     *
     * @return {@code true} if it is held; that may change at once
     */
    public boolean isLocked() {
        return locks.isLocked(name);
    }

    /**
     * The lock's name in its cluster.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Not supported: an {@code IMap} lock has no conditions.
     *
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("a ClusterLock has no conditions; use a ClusterQueue to signal");
    }

    @Override
    public String toString() {
        return "ClusterLock[" + name + "]";
    }

    /**
     * Travels as its cluster's id and its name.
     *
     * @return the stand-in that re-attaches on the other side
     */
    private Object writeReplace() {
        return new ClusterByName(ClusterByName.Kind.LOCK, clusterId, name);
    }

    /**
     * Refuses a stream that holds this class itself rather than its stand-in.
     *
     * @param in the stream
     * @throws java.io.InvalidObjectException always
     */
    private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
        throw new java.io.InvalidObjectException("a ClusterLock travels by name");
    }
}
