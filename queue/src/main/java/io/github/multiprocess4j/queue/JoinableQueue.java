package io.github.multiprocess4j.queue;

import java.time.Duration;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A first-in, first-out queue with the contract of Python 3.13's {@code queue.Queue}: blocking and timed gets and
 * puts, {@code taskDone()} and {@code join()} to wait until every element put has been processed, and
 * {@code shutdown()} to end the work. {@link WorkQueue} implements it in one JVM, the shm module's {@code SharedQueue}
 * across JVMs.
 *
 * <table class="striped">
 *   <caption>Python's {@code queue.Queue} and this interface</caption>
 *   <thead><tr><th>Python</th><th>Java</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code q.put(item)}</td><td>{@link #put(Object) put(e)}</td></tr>
 *   <tr><td>{@code q.put(item, timeout=0.5)}</td><td>{@link #put(Object, Duration) put(e, Duration.ofMillis(500))}
 *       </td></tr>
 *   <tr><td>{@code q.put_nowait(item)}, {@code q.put(item, block=False)}</td>
 *       <td>{@link #putNowait(Object) putNowait(e)}</td></tr>
 *   <tr><td>{@code q.get()}</td><td>{@link #get()}</td></tr>
 *   <tr><td>{@code q.get(timeout=1)}</td><td>{@link #get(Duration) get(Duration.ofSeconds(1))}</td></tr>
 *   <tr><td>{@code q.get_nowait()}, {@code q.get(block=False)}</td><td>{@link #getNowait()}</td></tr>
 *   <tr><td>{@code q.task_done()}</td><td>{@link #taskDone()}</td></tr>
 *   <tr><td>{@code q.join()}</td><td>{@link #join()}, or {@link #join(Duration)} with a time limit</td></tr>
 *   <tr><td>{@code q.unfinished_tasks}</td><td>{@link #unfinishedTasks()}</td></tr>
 *   <tr><td>{@code q.shutdown()}, {@code q.shutdown(immediate=True)}</td>
 *       <td>{@link #shutdown()}, {@link #shutdown(boolean) shutdown(true)}</td></tr>
 *   <tr><td>{@code q.is_shutdown}</td><td>{@link #isShutdown()}</td></tr>
 *   <tr><td>{@code q.qsize()}, {@code q.empty()}</td><td>{@link #size()}, {@link #isEmpty()}</td></tr>
 *   <tr><td>{@code queue.Empty}, {@code queue.Full}, {@code queue.ShutDown}, {@code ValueError}</td>
 *       <td>{@link QueueEmptyException}, {@link QueueFullException}, {@link QueueShutDownException},
 *       {@link TooManyTaskDoneCallsException}, all {@link QueueException}s</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Timeouts follow Python: {@link Duration#ZERO} means "do not wait", a negative one is refused with an
 * {@link IllegalArgumentException}. {@code null} elements are refused with a {@link NullPointerException}.
 *
 * <p>Shutdown follows Python 3.13 exactly. After {@link #shutdown()} the queue cannot grow: every put fails at once
 * with {@link QueueShutDownException}, and threads blocked in a put wake and fail. Gets go on returning the elements
 * left; once there are none, every get fails the same way, and threads blocked in a get wake and fail.
 * {@link #shutdown(boolean) shutdown(true)} also drops every element left and lowers the count of unfinished tasks by
 * as many, so {@link #join()} returns if that count reaches zero. Shutting down is permanent; doing it again does no
 * harm, and an immediate shutdown after a normal one still drops what is left.
 *
 * <p>Thread-safety: every method may be called from any thread at any time. Each operation is atomic
 * (linearizable): a put or get happens entirely or not at all, and a failed one leaves the queue unchanged. A
 * thread interrupted while waiting throws {@link InterruptedException} and leaves the queue unchanged.
 *
 * @param <E> the type of the elements
 */
public interface JoinableQueue<E> {

    /**
     * Adds {@code element} at the tail, waiting as long as it takes for room.
     *
     * @param element the element, not null
     * @throws QueueShutDownException if the queue is or becomes shut down before there is room; the element is not
     *     added
     * @throws InterruptedException if the calling thread is interrupted while waiting; the element is not added
     * @throws NullPointerException if {@code element} is null
     */
    void put(E element) throws InterruptedException;

    /**
     * Adds {@code element} at the tail, waiting at most {@code timeout} for room.
     *
     * @param element the element, not null
     * @param timeout how long to wait for room, not negative; {@link Duration#ZERO} does not wait
     * @throws QueueFullException if there was no room within {@code timeout}; the element is not added
     * @throws QueueShutDownException if the queue is or becomes shut down before there is room; the element is not
     *     added
     * @throws InterruptedException if the calling thread is interrupted while waiting; the element is not added
     * @throws NullPointerException if {@code element} or {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    void put(E element, Duration timeout) throws InterruptedException;

    /**
     * Adds {@code element} at the tail if there is room now.
     *
     * @param element the element, not null
     * @throws QueueFullException if the queue is full; the element is not added
     * @throws QueueShutDownException if the queue is shut down; the element is not added
     * @throws NullPointerException if {@code element} is null
     */
    void putNowait(E element);

    /**
     * Takes the element at the head, waiting as long as it takes for one.
     *
     * @return the element
     * @throws QueueShutDownException if the queue is shut down and empty, or becomes so while waiting
     * @throws InterruptedException if the calling thread is interrupted while waiting; nothing is taken
     */
    E get() throws InterruptedException;

    /**
     * Takes the element at the head, waiting at most {@code timeout} for one.
     *
     * @param timeout how long to wait for an element, not negative; {@link Duration#ZERO} does not wait
     * @return the element
     * @throws QueueEmptyException if no element arrived within {@code timeout}
     * @throws QueueShutDownException if the queue is shut down and empty, or becomes so while waiting
     * @throws InterruptedException if the calling thread is interrupted while waiting; nothing is taken
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    E get(Duration timeout) throws InterruptedException;

    /**
     * Takes the element at the head if there is one now.
     *
     * @return the element
     * @throws QueueEmptyException if the queue is empty (and not shut down)
     * @throws QueueShutDownException if the queue is shut down and empty
     */
    E getNowait();

    /**
     * Marks one task done: a consumer calls it once for each element it got, after processing it, so that
     * {@link #join()} knows when all the work is finished. The count of unfinished tasks is shared by all consumers;
     * it does not matter which consumer calls it, or whether its gets came first.
     *
     * @throws TooManyTaskDoneCallsException if no task is unfinished (called more times than elements were put);
     *     nothing changes
     */
    void taskDone();

    /**
     * Waits until every element ever put has been marked done with {@link #taskDone()}, or dropped by an immediate
     * shutdown. Returns at once if no task is unfinished. Shutting down does not end the wait by itself.
     *
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    void join() throws InterruptedException;

    /**
     * Waits at most {@code timeout} for every task to be done, like {@link #join()}.
     *
     * @param timeout how long to wait, not negative
     * @return {@code true} if no task is unfinished, {@code false} if some still were when the time ran out
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    boolean join(Duration timeout) throws InterruptedException;

    /**
     * How many elements have been put and not yet marked done (nor dropped): Python's {@code unfinished_tasks}.
     *
     * @return the count, never negative; other threads may change it at once
     */
    long unfinishedTasks();

    /**
     * Shuts the queue down; the elements left can still be taken. Same as {@code shutdown(false)}.
     */
    default void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down: from now on it takes no more elements, and gets fail once it is empty. Every waiting
     * thread wakes: putters fail, and getters fail if there is nothing left for them.
     *
     * @param immediate also drop every element left, counting their tasks as done, so that gets fail at once and
     *     {@link #join()} returns when no other task is unfinished
     */
    void shutdown(boolean immediate);

    /**
     * Whether {@link #shutdown(boolean)} has been called.
     *
     * @return {@code true} once the queue is shut down; it stays so
     */
    boolean isShutdown();

    /**
     * How many elements are in the queue now: Python's {@code qsize()}.
     *
     * @return the count; other threads may change it at once
     */
    int size();

    /**
     * Whether the queue holds no element now: Python's {@code empty()}.
     *
     * @return {@code true} if {@link #size()} is zero; other threads may change that at once
     */
    boolean isEmpty();

    /**
     * An iterator that gets elements until the queue is shut down and empty: {@code hasNext()} blocks in
     * {@link #get()} and takes the element it then holds for {@code next()}. Each element it returns has left the
     * queue, so call {@link #taskDone()} for it as for any get. Not to be confused with a
     * {@link java.util.Collection}'s iterator, which only looks at the elements.
     *
     * <p>If the thread is interrupted while {@code hasNext()} waits, the iteration ends ({@code hasNext()} returns
     * {@code false}) and the thread's interrupt status stays set, so that the code after the loop can see it.
     * Abandoning the iterator after {@code hasNext()} returned {@code true} loses that one element.
     *
     * @return a new iterator for use by one thread; each consumer thread takes its own
     */
    default Iterator<E> drainingIterator() {
        return new DrainingIterator<>(this);
    }

    /**
     * A sequential stream of the elements got until the queue is shut down and empty, like
     * {@link #drainingIterator()}: a terminal operation blocks until then (or until the thread is interrupted).
     *
     * <pre>{@code
     * queue.drainingStream().forEach(url -> {
     *     fetch(url);
     *     queue.taskDone();
     * });
     * }</pre>
     *
     * @return a new ordered stream of non-null elements, for use by one thread
     */
    default Stream<E> drainingStream() {
        Spliterator<E> elements = Spliterators.spliteratorUnknownSize(drainingIterator(),
                Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(elements, false);
    }
}
