package io.github.multiprocess4j.queue;

import static java.util.Objects.requireNonNull;

import io.github.multiprocess4j.ipc.Timeouts;
import java.time.Duration;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A work queue for the threads of one JVM: a {@link BlockingQueue} with Python's {@code queue.Queue} contract
 * ({@link JoinableQueue}): timed gets and puts that throw {@link QueueEmptyException} and {@link QueueFullException},
 * {@link #taskDone()} and {@link #join()}, and Python 3.13's {@link #shutdown()}, which {@code BlockingQueue} lacks.
 * Unbounded ({@code new WorkQueue<>()}, Python's {@code Queue()} or {@code Queue(0)}) or bounded
 * ({@code new WorkQueue<>(capacity)}, Python's {@code Queue(maxsize)}).
 *
 * <pre>{@code
 * WorkQueue<String> urls = new WorkQueue<>();
 * Launch.threads(2, () -> {
 *     try {
 *         while (true) {
 *             String url = urls.get(Duration.ofSeconds(5));
 *             fetch(url);
 *             urls.taskDone();
 *         }
 *     } catch (QueueEmptyException e) {
 *         // nothing came for 5 s: this consumer is done
 *     }
 * });
 * }</pre>
 *
 * <p>Thread-safety: every method may be called from any thread at any time, by any number of producers and
 * consumers. Puts and gets are atomic and first-in, first-out; a failed one (timeout, shutdown, interrupt) leaves the
 * queue unchanged. Actions of a thread before it puts an element happen-before the actions of the thread that gets
 * it, as in every {@code BlockingQueue}. Producers and consumers work at separate ends and write separate counts,
 * so a producer and a consumer rarely delay each other. Not {@link java.io.Serializable}: it lives in one JVM; a
 * task sent to a child JVM cannot capture it.
 *
 * <h2>The {@code BlockingQueue} methods after shutdown</h2>
 *
 * <p>{@code BlockingQueue} has a column of methods for each way of failing; shutdown keeps to those columns:
 *
 * <table class="striped">
 *   <caption>Behaviour once shut down</caption>
 *   <thead><tr><th>kind</th><th>insert</th><th>take (shut down and empty)</th></tr></thead>
 *   <tbody>
 *   <tr><td>throws</td><td>{@link #add(Object) add(e)} throws {@link QueueShutDownException}</td>
 *       <td>{@link #remove()} and {@link #element()} throw {@link java.util.NoSuchElementException}, as on any
 *       empty queue</td></tr>
 *   <tr><td>special value</td><td>{@link #offer(Object) offer(e)} returns {@code false}</td>
 *       <td>{@link #poll()} and {@link #peek()} return {@code null}</td></tr>
 *   <tr><td>blocks</td><td>{@link #put(Object) put(e)} throws {@link QueueShutDownException}</td>
 *       <td>{@link #take()} throws {@link QueueShutDownException} (it would wait forever)</td></tr>
 *   <tr><td>times out</td><td>{@link #offer(Object, long, TimeUnit) offer(e, timeout, unit)} returns
 *       {@code false} at once</td>
 *       <td>{@link #poll(long, TimeUnit) poll(timeout, unit)} returns {@code null} at once</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Threads blocked in any of them wake at shutdown and end the same way. {@link #drainTo(Collection)} still moves
 * the elements left.
 *
 * <h2>Unfinished tasks</h2>
 *
 * <p>Every element added, by any method, is one more unfinished task. An element handed to the caller ({@code get},
 * {@code take}, {@code poll}, {@code remove()}, {@code drainTo}, a {@linkplain #drainingIterator() draining
 * iterator}) stays unfinished until the caller calls {@link #taskDone()}. An element removed without being handed to
 * anyone ({@link #shutdown(boolean) shutdown(true)}, {@link #clear()}, {@link #remove(Object)},
 * {@link #removeIf(Predicate)}, {@link #removeAll(Collection)}, {@link #retainAll(Collection)}, an iterator's
 * {@code remove()}) counts as done at once, so that {@link #join()} does not wait for work nobody will do.
 *
 * <h2>Iteration</h2>
 *
 * <p>{@link #iterator()}, {@link #spliterator()} and {@link #stream()} look at the elements without taking them, as
 * every {@code Collection} does: they traverse a snapshot of the queue taken when they are created, never throw
 * {@link java.util.ConcurrentModificationException}, and do not see later changes. To take elements until the queue
 * is shut down, use {@link #drainingIterator()} or {@link #drainingStream()}.
 *
 * <h2>Cost</h2>
 *
 * <p>Elements are kept in arrays of 128, so a put allocates only when it starts a new one. The producers' end and
 * the consumers' end each have a gate, entered with one compare-and-set and left with a plain release store, and
 * the two sides share no counter: each counts what passed its own end, a getter finds the queue empty from the slot
 * at the head, and a bounded queue's producer reads the consumers' count only when the room it saw last has run
 * out. So a producer and a consumer that keep up with each other write to no common cache line but the element's own
 * slot, and each pays one uncontended compare-and-set per element. Several producers (or several consumers) take
 * turns at their end: a thread that finds the gate taken spins, then yields, then sleeps a few microseconds at a
 * time. Threads that wait for an element, for room or in {@code join} park on an ordinary lock's conditions, which
 * the other side touches only when it finds a waiter. A getter that finds the queue empty (or a putter that finds
 * it full) spins for a few microseconds, then yields for up to 100 µs (never past its timeout), before it parks; the
 * other side does not signal these. {@code taskDone} raises a count of finished tasks
 * with one compare-and-set, and holds the producers' gate for a moment only if it finds no unfinished task; the
 * count of tasks put is the count of elements put, which puts keep anyway. {@link #size()} and
 * {@link #unfinishedTasks()} hold the producers' gate for a moment. Operations on the middle of the queue
 * ({@code remove(Object)}, {@code contains}, iteration, {@code clear}) hold both gates for their duration, and take
 * time in proportion to the size. A taken element may stay referenced from the queue's current array, and so from
 * the garbage collector's view, until about 30 more are taken or a getter finds the queue empty.
 *
 * <h2>Failure</h2>
 *
 * <p>A put or get that fails (full, empty, timed out, shut down, interrupted) changes nothing: the exception or
 * special value says why, and the queue, the task count and the other threads go on as if it had not been called.
 * An exception thrown by a caller's code leaves the queue consistent: from a {@code drainTo} sink, the elements
 * moved before it stay moved and the one refused stays first; from a {@code removeIf} filter, nothing is removed.
 * That code runs while the queue holds one or both of its ends, so it must not use the queue: such a call throws
 * an {@link IllegalStateException} saying so, where a lock that is not reentrant would wait for itself forever. A
 * thread that dies while it waits leaves no trace; one that dies between a get and its {@code taskDone} leaves that
 * task unfinished, and {@code join()} waits for it, as in Python.
 *
 * @param <E> the type of the elements
 */
public final class WorkQueue<E> extends AbstractQueue<E> implements BlockingQueue<E>, JoinableQueue<E> {

    private final TwoLockQueue<E> store;
    private final TaskCounter tasks;

    /** Creates an unbounded queue: puts never wait. Python's {@code queue.Queue()}. */
    public WorkQueue() {
        this(new TwoLockQueue<>(Integer.MAX_VALUE));
    }

    /**
     * Creates a bounded queue: puts wait while it holds {@code capacity} elements. Python's
     * {@code queue.Queue(maxsize=capacity)}; where Python takes {@code maxsize <= 0} to mean unbounded, use
     * {@link #WorkQueue()}.
     *
     * @param capacity the most elements it holds at once, at least 1
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     */
    public WorkQueue(int capacity) {
        this(new TwoLockQueue<>(checkCapacity(capacity)));
    }

    private WorkQueue(TwoLockQueue<E> store) {
        this.store = store;
        this.tasks = store.tasks();
    }

    // ---- Python's queue.Queue

    /**
     * {@inheritDoc}
     *
     * <p>The same as {@link #put(Object, Duration) put(element, Duration.ZERO)}.
     */
    @Override
    public void putNowait(E element) {
        if (!store.enqueueNow(requireElement(element), true)) {
            throw full();
        }
    }

    @Override
    public void put(E element, Duration timeout) throws InterruptedException {
        requireElement(element);
        if (!store.enqueue(element, Timeouts.toNanos(timeout), true)) {
            throw new QueueFullException("no room within " + Timeouts.describe(timeout) + ": " + describeFull());
        }
    }

    @Override
    public E get() throws InterruptedException {
        return store.dequeue(Timeouts.FOREVER, true);
    }

    @Override
    public E get(Duration timeout) throws InterruptedException {
        E element = store.dequeue(Timeouts.toNanos(timeout), true);
        if (element == null) {
            throw new QueueEmptyException("no element arrived within " + Timeouts.describe(timeout));
        }
        return element;
    }

    @Override
    public E getNowait() {
        E element = store.dequeueNow(true);
        if (element == null) {
            throw new QueueEmptyException("the queue is empty");
        }
        return element;
    }

    @Override
    public void taskDone() {
        tasks.done();
    }

    @Override
    public void join() throws InterruptedException {
        tasks.awaitAllDone(Timeouts.FOREVER);
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        return tasks.awaitAllDone(Timeouts.toNanos(timeout));
    }

    @Override
    public long unfinishedTasks() {
        return tasks.unfinished();
    }

    @Override
    public void shutdown(boolean immediate) {
        store.shutDown(immediate);
    }

    @Override
    public boolean isShutdown() {
        return store.isShutDown();
    }

    // ---- BlockingQueue

    /**
     * Adds {@code element} at the tail, waiting as long as it takes for room; also Python's {@code put(item)}.
     *
     * @param element the element, not null
     * @throws QueueShutDownException if the queue is or becomes shut down before there is room; the element is not
     *     added
     * @throws InterruptedException if the calling thread is interrupted while waiting; the element is not added
     * @throws NullPointerException if {@code element} is null
     */
    @Override
    public void put(E element) throws InterruptedException {
        store.enqueue(requireElement(element), Timeouts.FOREVER, true);
    }

    /**
     * Adds {@code element} at the tail if there is room now, like {@link #putNowait(Object)}.
     *
     * @param element the element, not null
     * @return {@code true}
     * @throws QueueFullException if the queue is full (an {@link IllegalStateException}, as {@code Collection}
     *     promises); the element is not added
     * @throws QueueShutDownException if the queue is shut down; the element is not added
     * @throws NullPointerException if {@code element} is null
     */
    @Override
    public boolean add(E element) {
        putNowait(element);
        return true;
    }

    /**
     * Adds every element of {@code elements}, in order, each as {@link #add(Object)} does: those before one that
     * fails stay added.
     *
     * @param elements the elements, none of them null
     * @return {@code true} if any was added
     * @throws NullPointerException if {@code elements} or one of them is null
     * @throws IllegalArgumentException if {@code elements} is this queue
     * @throws QueueFullException if the queue fills up; the elements before stay added
     * @throws QueueShutDownException if the queue is shut down
     */
    @Override
    @SuppressWarnings("ReferenceEquality") // refuses this very queue, as AbstractQueue.addAll does
    public boolean addAll(Collection<? extends E> elements) {
        requireNonNull(elements, "elements");
        if (elements == this) {
            throw new IllegalArgumentException("cannot add a queue to itself");
        }
        return super.addAll(elements);
    }

    /**
     * Adds {@code element} at the tail if there is room now and the queue is not shut down.
     *
     * @param element the element, not null
     * @return {@code true} if it was added, {@code false} if the queue is full or shut down
     * @throws NullPointerException if {@code element} is null
     */
    @Override
    public boolean offer(E element) {
        return store.enqueueNow(requireElement(element), false);
    }

    /**
     * Adds {@code element} at the tail, waiting at most {@code timeout} for room. Returns {@code false} at once if
     * the queue is shut down, and wakes to return {@code false} if it is shut down while waiting.
     *
     * @param element the element, not null
     * @param timeout how long to wait, in {@code unit}s; zero or negative does not wait
     * @param unit the unit of {@code timeout}
     * @return {@code true} if it was added, {@code false} if there was no room in time or the queue is shut down
     * @throws InterruptedException if the calling thread is interrupted while waiting; the element is not added
     * @throws NullPointerException if {@code element} or {@code unit} is null
     */
    @Override
    public boolean offer(E element, long timeout, TimeUnit unit) throws InterruptedException {
        requireElement(element);
        return store.enqueue(element, Timeouts.toNanos(timeout, unit), false);
    }

    /**
     * Takes the element at the head, waiting as long as it takes for one; also Python's {@code get()}.
     *
     * @return the element
     * @throws QueueShutDownException if the queue is shut down and empty, or becomes so while waiting
     * @throws InterruptedException if the calling thread is interrupted while waiting; nothing is taken
     */
    @Override
    public E take() throws InterruptedException {
        return get();
    }

    /**
     * Takes the element at the head if there is one now.
     *
     * @return the element, or {@code null} if the queue is empty (shut down or not)
     */
    @Override
    public E poll() {
        return store.dequeueNow(false);
    }

    /**
     * Takes the element at the head, waiting at most {@code timeout} for one. Returns {@code null} at once if the
     * queue is shut down and empty, and wakes to return {@code null} if it becomes so while waiting.
     *
     * @param timeout how long to wait, in {@code unit}s; zero or negative does not wait
     * @param unit the unit of {@code timeout}
     * @return the element, or {@code null} if none came in time or the queue is shut down and empty
     * @throws InterruptedException if the calling thread is interrupted while waiting; nothing is taken
     * @throws NullPointerException if {@code unit} is null
     */
    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        return store.dequeue(Timeouts.toNanos(timeout, unit), false);
    }

    /**
     * The element at the head, left in the queue.
     *
     * @return the element, or {@code null} if the queue is empty
     */
    @Override
    public E peek() {
        return store.peek();
    }

    /**
     * How many more elements fit now.
     *
     * @return the capacity minus the size, or {@link Integer#MAX_VALUE} for an unbounded queue; other threads may
     *     change it at once
     */
    @Override
    public int remainingCapacity() {
        int capacity = store.capacity();
        return capacity == Integer.MAX_VALUE ? capacity : capacity - store.size();
    }

    /**
     * Moves every element into {@code sink}, in order, without waiting. The elements are handed out: call
     * {@link #taskDone()} for each. Works after shutdown too.
     *
     * @param sink where to add them; if it throws, the element it refused stays first in this queue. Consumers wait
     *     while it runs, and it must not use this queue (an {@link IllegalStateException} says so if it does)
     * @return how many were moved
     * @throws NullPointerException if {@code sink} is null
     * @throws IllegalArgumentException if {@code sink} is this queue
     */
    @Override
    public int drainTo(Collection<? super E> sink) {
        return drainTo(sink, Integer.MAX_VALUE);
    }

    /**
     * Moves at most {@code maxElements} elements into {@code sink}, in order, without waiting, like
     * {@link #drainTo(Collection)}.
     *
     * @param sink where to add them; if it throws, the element it refused stays first in this queue. Consumers wait
     *     while it runs, and it must not use this queue (an {@link IllegalStateException} says so if it does)
     * @param maxElements the most to move; zero or negative moves none
     * @return how many were moved
     * @throws NullPointerException if {@code sink} is null
     * @throws IllegalArgumentException if {@code sink} is this queue
     */
    @Override
    @SuppressWarnings("ReferenceEquality") // refuses this very queue, as BlockingQueue.drainTo says
    public int drainTo(Collection<? super E> sink, int maxElements) {
        requireNonNull(sink, "sink");
        if (sink == this) {
            throw new IllegalArgumentException("cannot drain a queue into itself");
        }
        return maxElements <= 0 ? 0 : store.drainTo(sink, maxElements);
    }

    @Override
    public int size() {
        return store.size();
    }

    /**
     * Removes the first element equal to {@code o}; its task counts as done. The elements' {@code equals} must not
     * use this queue, as for {@link #removeIf(Predicate)}.
     *
     * @param o the element to remove
     * @return {@code true} if one was removed
     */
    @Override
    public boolean remove(Object o) {
        return o != null && store.removeMatching(o::equals, true) > 0;
    }

    /**
     * Removes every element {@code filter} accepts; their tasks count as done. Producers and consumers wait while
     * {@code filter} runs, and it must not use this queue: if it does, that call throws an
     * {@link IllegalStateException} (rather than waiting for itself forever), and nothing is removed.
     *
     * @param filter the test, called once for each element, in order
     * @return {@code true} if any was removed
     * @throws NullPointerException if {@code filter} is null
     */
    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        requireNonNull(filter, "filter");
        return store.removeMatching(filter, false) > 0;
    }

    /**
     * Removes every element contained in {@code c}; their tasks count as done. {@code c.contains} must not use this
     * queue, as for {@link #removeIf(Predicate)}; {@code c} may be the queue itself, which empties it.
     *
     * @param c the elements to remove
     * @return {@code true} if any was removed
     * @throws NullPointerException if {@code c} is null
     */
    @Override
    @SuppressWarnings("ReferenceEquality") // the queue itself: every element is in it
    public boolean removeAll(Collection<?> c) {
        requireNonNull(c, "c");
        return (c == this ? store.clear() : store.removeMatching(c::contains, false)) > 0;
    }

    /**
     * Removes every element not contained in {@code c}; their tasks count as done. {@code c.contains} must not use
     * this queue, as for {@link #removeIf(Predicate)}; {@code c} may be the queue itself, which changes nothing.
     *
     * @param c the elements to keep
     * @return {@code true} if any was removed
     * @throws NullPointerException if {@code c} is null
     */
    @Override
    @SuppressWarnings("ReferenceEquality") // the queue itself: every element is in it
    public boolean retainAll(Collection<?> c) {
        requireNonNull(c, "c");
        return c != this && store.removeMatching(element -> !c.contains(element), false) > 0;
    }

    /** Removes every element; their tasks count as done. Unlike {@code shutdown(true)}, the queue stays open. */
    @Override
    public void clear() {
        store.clear();
    }

    /**
     * An iterator over a snapshot of the elements, head first, taken now; it does not take them. Its
     * {@code remove()} removes the element last returned if that object is still in the queue (if the same object was
     * put more than once, its first occurrence), and counts its task as done.
     *
     * @return a new iterator
     */
    @Override
    public Iterator<E> iterator() {
        return store.snapshotIterator();
    }

    /**
     * A spliterator over a snapshot of the elements, head first, taken now.
     *
     * @return a new spliterator that is {@link Spliterator#SIZED}, {@link Spliterator#ORDERED},
     *     {@link Spliterator#NONNULL} and {@link Spliterator#IMMUTABLE}
     */
    @Override
    public Spliterator<E> spliterator() {
        return Spliterators.spliterator(store.toArray(),
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE);
    }

    @Override
    public Object[] toArray() {
        return store.toArray();
    }

    private static int checkCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity
                    + " (for an unbounded queue use new WorkQueue<>())");
        }
        return capacity;
    }

    private static <E> E requireElement(E element) {
        return requireNonNull(element, "WorkQueue does not accept null elements");
    }

    private QueueFullException full() {
        return new QueueFullException("the queue is full: " + describeFull());
    }

    private String describeFull() {
        return "it holds its capacity of " + store.capacity() + " elements";
    }
}
