package io.github.multiprocess4j.cluster;

import static java.util.Objects.requireNonNull;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.github.multiprocess4j.queue.JoinableQueue;
import io.github.multiprocess4j.queue.QueueEmptyException;
import io.github.multiprocess4j.queue.QueueFullException;
import io.github.multiprocess4j.queue.QueueShutDownException;
import io.github.multiprocess4j.queue.TooManyTaskDoneCallsException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A first-in, first-out queue shared by every member and client of a cluster, with the contract of
 * {@link JoinableQueue} (Python 3.13's {@code queue.Queue}): {@code get(Duration)} throws
 * {@link QueueEmptyException}, {@code taskDone()}/{@code join()} count the unfinished tasks of the whole cluster, and
 * either shutdown wakes the getters and putters blocked on every member. Get one from {@link Cluster#queue(String)}.
 *
 * <p>The elements live in a Hazelcast {@code IQueue} with one synchronous backup, so they survive the loss of any
 * one member; the shutdown state and the count of unfinished tasks live in one map entry, also backed up, changed
 * atomically where it lives. Elements are serialized when put (one that cannot be is refused with an
 * {@link IllegalArgumentException} and the queue is unchanged) and read through the cluster's class allow-list.
 *
 * <p>Serializable by name: a queue captured in a task re-attaches, on the member that runs it, to the same queue.
 *
 * <p>Thread-safety and atomicity: every method may be called from any thread of any member or client; each put and
 * get takes effect entirely or not at all. Waiting threads see a shutdown within 0.1 s, and an element whose put was
 * under way when an immediate shutdown emptied the queue may still be taken within 0.1 s of it. What is <em>not</em>
 * guaranteed: a put or get in flight at the very moment the member owning the queue dies may be applied twice or
 * lost (Hazelcast retries it on the new owner, and cannot know whether the first try took effect); elements that
 * were in the queue are kept. Order between elements put by different threads is the order the owner received them.
 *
 * @param <E> the type of the elements, serializable
 */
public final class ClusterQueue<E> implements JoinableQueue<E>, Serializable {

    private static final long serialVersionUID = 1L;
    /** How long a waiting thread waits before it looks at the shutdown state again. */
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** The cluster's id, a hash of its name (never the name, which is its secret). */
    private final String clusterId;
    /** The queue's name in its cluster. */
    private final String name;
    private final transient IQueue<byte[]> elements;
    private final transient IMap<String, long[]> states;
    /**
     * The shutdown level this JVM last read and when, so that a get looks it up at most every 0.1 s: an element put
     * during an immediate shutdown may be taken within 0.1 s of it instead of dropped.
     */
    private transient volatile long shutdownLevel;
    private transient volatile long shutdownLevelReadAt;
    private transient volatile boolean shutdownLevelRead;

    ClusterQueue(HazelcastInstance hazelcast, String clusterId, String name) {
        this.clusterId = clusterId;
        this.name = name;
        this.elements = hazelcast.getQueue(Hazelcasts.QUEUE_PREFIX + name);
        this.states = hazelcast.getMap(Hazelcasts.QUEUE_STATES);
    }

    /**
     * The queue's name in its cluster.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    // ---- putting ---------------------------------------------------------------------------------------------

    @Override
    public void put(E element) throws InterruptedException {
        put(element, Long.MAX_VALUE, true);
    }

    @Override
    public void put(E element, Duration timeout) throws InterruptedException {
        put(element, nanos(timeout), false);
    }

    @Override
    public void putNowait(E element) {
        byte[] bytes = encode(element);
        reserve();
        if (!elements.offer(bytes)) {
            unreserve();
            throw new QueueFullException("queue " + name + " is full");
        }
    }

    private void put(E element, long timeoutNanos, boolean forever) throws InterruptedException {
        byte[] bytes = encode(element);
        reserve();
        boolean added = false;
        try {
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                long left = forever ? SLICE_NANOS : Math.min(SLICE_NANOS, deadline - System.nanoTime());
                if (elements.offer(bytes, Math.max(0, left), TimeUnit.NANOSECONDS)) {
                    added = true;
                    return;
                }
                if (state()[0] != 0) {
                    throw new QueueShutDownException("queue " + name + " was shut down while waiting for room");
                }
                if (!forever && deadline - System.nanoTime() <= 0) {
                    throw new QueueFullException("queue " + name + " had no room within "
                            + Duration.ofNanos(timeoutNanos));
                }
            }
        } finally {
            if (!added) {
                unreserve();
            }
        }
    }

    // ---- getting ---------------------------------------------------------------------------------------------

    @Override
    public E get() throws InterruptedException {
        return get(Long.MAX_VALUE, true);
    }

    @Override
    public E get(Duration timeout) throws InterruptedException {
        return get(nanos(timeout), false);
    }

    @Override
    public E getNowait() {
        while (true) {
            byte[] bytes = elements.poll();
            if (bytes == null) {
                if (state()[0] != 0) {
                    throw shutDownAndEmpty();
                }
                throw new QueueEmptyException("queue " + name + " is empty");
            }
            if (!droppedByImmediateShutdown()) {
                return decode(bytes);
            }
        }
    }

    private E get(long timeoutNanos, boolean forever) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            long left = forever ? SLICE_NANOS : Math.min(SLICE_NANOS, deadline - System.nanoTime());
            byte[] bytes = elements.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (bytes != null) {
                if (droppedByImmediateShutdown()) {
                    continue;
                }
                return decode(bytes);
            }
            if (state()[0] != 0 && elements.isEmpty()) {
                throw shutDownAndEmpty();
            }
            if (!forever && deadline - System.nanoTime() <= 0) {
                throw new QueueEmptyException("queue " + name + " stayed empty for " + Duration.ofNanos(timeoutNanos));
            }
        }
    }

    /**
     * Whether an element just taken arrived after an immediate shutdown had emptied the queue (its put was under
     * way then): it is dropped like the others, and its task counted done.
     */
    private boolean droppedByImmediateShutdown() {
        long now = System.nanoTime();
        if (!shutdownLevelRead || now - shutdownLevelReadAt > SLICE_NANOS) {
            shutdownLevel = state()[0];
            shutdownLevelReadAt = now;
            shutdownLevelRead = true;
        }
        if (shutdownLevel == 2) {
            change(QueueStateChange.Kind.DROP, 1);
            return true;
        }
        return false;
    }

    // ---- tasks and shutdown ----------------------------------------------------------------------------------

    @Override
    public void taskDone() {
        if (change(QueueStateChange.Kind.TASK_DONE, 0) == QueueStateChange.REFUSED) {
            throw new TooManyTaskDoneCallsException("taskDone() called more times than elements were put in queue "
                    + name);
        }
    }

    @Override
    public void join() throws InterruptedException {
        while (!join(Duration.ofSeconds(1))) {
            // look again
        }
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + nanos(timeout);
        long pause = TimeUnit.MILLISECONDS.toNanos(1);
        while (unfinishedTasks() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, pause));
            pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(50));
        }
        return true;
    }

    @Override
    public long unfinishedTasks() {
        return state()[1];
    }

    @Override
    public void shutdown(boolean immediate) {
        change(QueueStateChange.Kind.SHUTDOWN, immediate ? 2 : 1);
        if (immediate) {
            List<byte[]> dropped = new ArrayList<>();
            elements.drainTo(dropped);
            if (!dropped.isEmpty()) {
                change(QueueStateChange.Kind.DROP, dropped.size());
            }
        }
    }

    @Override
    public boolean isShutdown() {
        return state()[0] != 0;
    }

    @Override
    public int size() {
        return elements.size();
    }

    @Override
    public boolean isEmpty() {
        return elements.isEmpty();
    }

    @Override
    public String toString() {
        return "ClusterQueue[" + name + "]";
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void reserve() {
        if (change(QueueStateChange.Kind.RESERVE, 0) == QueueStateChange.REFUSED) {
            throw new QueueShutDownException("queue " + name + " is shut down: it takes no more elements");
        }
    }

    private void unreserve() {
        change(QueueStateChange.Kind.UNRESERVE, 0);
    }

    private long change(QueueStateChange.Kind kind, long amount) {
        Long result = states.executeOnKey(name, new QueueStateChange(kind, amount));
        return result == null ? 0 : result;
    }

    private long[] state() {
        long[] state = states.get(name);
        return state == null ? new long[2] : state;
    }

    private QueueShutDownException shutDownAndEmpty() {
        return new QueueShutDownException("queue " + name + " is shut down and empty");
    }

    private byte[] encode(E element) {
        return Codec.encode(requireNonNull(element, "element"), "an element of queue " + name);
    }

    @SuppressWarnings("unchecked")
    private E decode(byte[] bytes) {
        return (E) Codec.decode(bytes, "an element of queue " + name);
    }

    private static long nanos(Duration timeout) {
        if (requireNonNull(timeout, "timeout").isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Travels as its cluster's id and its name.
     *
     * @return the stand-in that re-attaches on the other side
     */
    private Object writeReplace() {
        return new ClusterByName(ClusterByName.Kind.QUEUE, clusterId, name);
    }

    /**
     * Refuses a stream that holds this class itself rather than its stand-in.
     *
     * @param in the stream
     * @throws java.io.InvalidObjectException always
     */
    private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
        throw new java.io.InvalidObjectException("a ClusterQueue travels by name");
    }
}
