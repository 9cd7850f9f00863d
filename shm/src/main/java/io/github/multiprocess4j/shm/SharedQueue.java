package io.github.multiprocess4j.shm;

import static java.util.Objects.requireNonNull;

import io.github.multiprocess4j.ipc.Backoff;
import io.github.multiprocess4j.ipc.ProcessSlots;
import io.github.multiprocess4j.ipc.Timeouts;
import io.github.multiprocess4j.ipc.WaitingRoom;
import io.github.multiprocess4j.queue.JoinableQueue;
import io.github.multiprocess4j.queue.QueueEmptyException;
import io.github.multiprocess4j.queue.QueueFullException;
import io.github.multiprocess4j.queue.QueueShutDownException;
import io.github.multiprocess4j.queue.TooManyTaskDoneCallsException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded work queue shared by the threads of several JVMs: Python's {@code queue.Queue} contract
 * ({@link JoinableQueue}: timed gets and puts, {@code taskDone()}/{@code join()}, Python 3.13's {@code shutdown()})
 * across processes, where Python's {@code multiprocessing.Queue} has none of {@code taskDone}, {@code join} and
 * {@code shutdown}. It lives in a shared-memory segment; a task that captures it uses the same queue in its child
 * JVM.
 *
 * <pre>{@code
 * try (SharedQueue<String> urls = SharedQueue.create(1 << 20)) {   // 1 MiB: 1024 elements of up to 1016 bytes
 *     List<Worker<Integer>> fetchers = new ArrayList<>();
 *     for (int i = 0; i < 2; i++) {
 *         fetchers.add(Launch.process(() -> {                       // a child JVM attaches by name
 *             int fetched = 0;
 *             try {
 *                 while (true) {
 *                     fetch(urls.get(Duration.ofSeconds(5)));
 *                     urls.taskDone();
 *                     fetched++;
 *                 }
 *             } catch (QueueEmptyException e) {
 *                 return fetched;                                     // nothing came for 5 s
 *             }
 *         }));
 *     }
 *     for (String url : List.of("https://a.example", "https://b.example")) {
 *         urls.put(url);
 *     }
 *     urls.join();                                                    // every URL fetched
 * }                                                                   // the creator's close() also unlinks
 * }</pre>
 *
 * <h2>Capacity and elements</h2>
 * The queue is a ring of cells of one size, one element per cell: it holds {@link #capacity()} elements, each of at
 * most {@link #maxElementBytes()} bytes once serialized. {@link #create(int) create(capacityBytes)} makes cells of
 * {@value #DEFAULT_CELL_BYTES} bytes (elements of up to {@value #DEFAULT_CELL_BYTES} - 8 bytes) and as many as fit in
 * {@code capacityBytes}; {@link #builder()} sets the number of elements (Python's {@code maxsize}) and their size
 * limit directly. Memory a cell's element does not reach is never touched, and a page of shared memory that is
 * never touched costs nothing, so a generous size limit is cheap.
 *
 * <p>{@link Integer}, {@link Long}, {@link Double}, {@link String} and {@code byte[]} elements are stored as they
 * are; any other object goes through Kryo, as {@code SharedObject}'s values do (no registration, references and
 * cycles kept, serializable lambdas too; the allow-list of {@code multiprocess4j.kryo.allow} and the depth limit of
 * {@code multiprocess4j.kryo.maxDepth}, 1000 by default, apply as described there). Each get returns a new copy. An
 * element is serialized before anything is claimed, so one that is too large or cannot be serialized fails with an
 * {@link IllegalArgumentException} and leaves the queue unchanged. {@code null} is refused with a
 * {@link NullPointerException}.
 *
 * <p>An element whose bytes cannot be read (damaged or forged by a process that can write the segment, nesting
 * deeper than the limit, a class this JVM cannot load or its allow-list refuses) fails the get that takes it with an
 * {@link IllegalStateException}, never with an {@link Error}: its length is checked against its cell, and every length
 * inside it against the bytes that remain, before anything is allocated. It is taken all the same, and its task
 * counted done, as for an element lost with a dead producer: the caller must not call {@link #taskDone()} for it,
 * {@link #join()} does not wait for it, and the next get takes the next element.
 *
 * <h2>Semantics</h2>
 * Every method of {@link JoinableQueue} behaves as documented there, for the threads of all processes together:
 * first in, first out; the unfinished-task count is the queue's, not a process's; a shutdown in one process wakes
 * the waiting threads of every process (putters fail at once; getters take what is left, then fail; an immediate
 * shutdown drops what is left at once and lowers the unfinished count accordingly). Puts, gets, {@code taskDone},
 * {@code size}, {@code unfinishedTasks} and shutdowns are linearizable, here as across processes; puts and gets
 * are lock-free (a compare-and-set on a cell and one on a counter). Actions of a thread before it puts an element
 * happen-before the actions of the thread, in any process, that gets it. {@link #putAll(Collection)} and
 * {@link #drainTo(Collection, int)} are the same as a put or a poll of each element, only with one move of the
 * counter for a run of up to 256 cells.
 *
 * <h2>Waiting</h2>
 * A waiting thread spins for a few microseconds, then yields, then sleeps, looking at the queue in between. A put
 * that finds the queue full first waits, for up to 100 µs, until a quarter of it (at most 1,024 cells) is free, then
 * takes any free cell: a producer that took each cell the moment a consumer freed it would work on the consumer's
 * heels, both on the same cache lines, each waiting for the other's writes, at half the speed or less. Only one
 * thread per process and kind of wait (get, put, join) does this; the others of that process wait their turn,
 * parked. A change made by a thread of the same process wakes the waiting one at once. Once it sleeps, the thread
 * marks its process in the queue's table of sleepers for its kind of wait, and a process that puts, gets, or counts
 * the last unfinished task done wakes the marked processes of the kind concerned: through a futex where both JVMs
 * can use one, else through the sleeping JVM's doorbell, tens of microseconds in all (the same wake-up as
 * {@link ProcessEvent}'s, with the same conditions). A waker that finds nobody marked pays one read of shared memory.
 * A sleeping thread still looks every 10 ms, in case a wake never comes (its waker died first). While the waiter still
 * spins, a change is seen at once: a ping-pong between two processes takes microseconds.
 *
 * <h2>When a process dies</h2>
 * A process killed at any instant, even by SIGKILL in the middle of a put or a get, does not stop the others. Each
 * claim on a cell records which process made it; a thread that finds a claim stuck for a millisecond asks the
 * operating system whether that process is alive (every process using the queue holds a file lock that dies with
 * it), and clears the claim if not. At most the one element in flight is lost:
 * <ul>
 *   <li>a producer killed after claiming its cell and before publishing its element: that element is lost; consumers
 *       skip its cell, and its task counts as done;</li>
 *   <li>a consumer killed while taking an element out of its cell: that element is lost, and its task counts as
 *       done (a producer that needs the cell, or a waiting {@code join()}, clears it);</li>
 *   <li>a consumer killed after its get returned and before its {@code taskDone()}: the element is gone with it and
 *       its task stays unfinished, as in Python: use {@link #join(Duration)} if that may happen.</li>
 * </ul>
 *
 * <h2>Names, files and lifetime</h2>
 * A queue is a segment, {@code /dev/shm/<name>} on Linux ({@link #create(int)} names it {@code psm_} followed by 8 hex
 * digits), and an empty file {@code <name>.owners} beside it, on bytes of which the processes using the queue hold the
 * file locks that tell they are alive. As with {@link SharedMemory}: the handle that created the queue unlinks both
 * when it is closed, unless {@link #keep()} was called; a shutdown hook unlinks what this JVM created and did not close
 * or keep; handles that attached only detach. All handles on one queue in one JVM share its mapping and its file lock,
 * which is released when the last of them is closed. A {@code SharedMemory} attached to the queue's segment (to look at
 * its bytes, say) does not touch the owners file, and closing it changes nothing for the queue.
 *
 * <p>A {@code SharedQueue} is {@link Serializable} by name: a task that captures one attaches to the same queue when
 * it is deserialized in its child JVM, and detaches when that JVM exits.
 *
 * <h2>Not a {@code BlockingQueue}</h2>
 * It offers {@link BlockingQueue}'s {@link #offer(Object) offer}, {@link #poll() poll}, {@link #take() take} and
 * {@link #remainingCapacity()}, with {@code WorkQueue}'s behaviour after shutdown, but does not implement the
 * interface: a {@code BlockingQueue} is a {@link java.util.Collection}, whose iteration, {@code contains} and
 * {@code remove(Object)} would read or change the middle of a ring that other processes are changing, and would be
 * either wrong or much slower than the queue itself.
 *
 * <h2>Whose queues are attached</h2>
 * Attaching checks the files and then the header before trusting either: both files must be regular files of this
 * process's user that group and others cannot write, never reached through a symbolic link (otherwise
 * {@link UntrustedSegmentException}, as for {@link SharedMemory#attach(String)}; there is no opt-in, as elements are
 * deserialized); a segment that is not a queue, or whose header is damaged, fails with an
 * {@link IllegalStateException} that says why.
 *
 * <p>Thread-safety: every method may be called from any number of threads of any number of processes. Closing a
 * handle while other threads still use it fails their later calls with an {@link IllegalStateException}; threads
 * waiting in it wake and fail the same way.
 *
 * @param <E> the type of the elements
 */
@SuppressWarnings("exports") // its package-private superclass names its state, which no client sees
public final class SharedQueue<E> extends Handle<QueueState> implements JoinableQueue<E>, Serializable {

    private static final long serialVersionUID = 1L;

    /** The size of a cell made by {@link #create(int)}: an element takes up to 8 bytes less. */
    public static final int DEFAULT_CELL_BYTES = 1024;

    private static final Object EMPTY = new Object();
    private static final Object SHUT_DOWN = new Object();
    private static final long JOIN_SWEEP_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * How long a put that found the queue full waits for a run of free cells ({@link Ring#roomForARun()}) before any
     * free cell will do: what a consumer takes to free a run of 1,024 cells, and as long as a waiting thread spins
     * and yields before it sleeps.
     */
    private static final long PATIENCE_NANOS = Backoff.YIELD_UNTIL_NANOS;

    private final transient String name;
    /** The directory of its files, or {@code null} for a ring in heap memory (tests). */
    private final transient Path directory;
    private final transient int capacity;
    private final transient int maxElementBytes;

    private SharedQueue(QueueState state, Path directory, boolean creator) {
        super(state, directory == null ? new HandleFiles(false)
                : new HandleFiles(creator, ProcessSlots.ownersFile(directory.resolve(state.name)),
                        directory.resolve(state.name)));
        this.name = state.name;
        this.directory = directory;
        this.capacity = state.ring.capacity();
        this.maxElementBytes = state.ring.maxElementBytes();
    }

    /** A queue over a ring in this JVM's heap, for tests of the protocol. */
    static <E> SharedQueue<E> over(QueueState state) {
        return new SharedQueue<>(state, null, false);
    }

    // ---- creating and attaching ------------------------------------------------------------------------------

    /**
     * Creates an empty queue in a new segment with a fresh random name ({@code psm_} followed by 8 hex digits),
     * made of cells of {@value #DEFAULT_CELL_BYTES} bytes: it holds {@code capacityBytes / }{@value
     * #DEFAULT_CELL_BYTES} elements of up to {@value #DEFAULT_CELL_BYTES} - 8 bytes each, serialized.
     *
     * @param <E> the type of the elements
     * @param capacityBytes the size of the ring in bytes, at least {@value #DEFAULT_CELL_BYTES}
     * @return a handle on the new queue; closing it unlinks the queue unless {@link #keep()} is called
     * @throws IllegalArgumentException if {@code capacityBytes} is less than one cell
     * @throws UncheckedIOException if the segment cannot be created
     */
    public static <E> SharedQueue<E> create(int capacityBytes) {
        return builder().capacityBytes(capacityBytes).create();
    }

    /**
     * Creates an empty queue in a new segment with the given name, like {@link #create(int)}.
     *
     * @param <E> the type of the elements
     * @param name the name: 1 to 193 bytes in UTF-8 (its owners file adds {@code .owners} to it), no {@code /},
     *     {@code \} or NUL
     * @param capacityBytes the size of the ring in bytes, at least {@value #DEFAULT_CELL_BYTES}
     * @return a handle on the new queue; closing it unlinks the queue unless {@link #keep()} is called
     * @throws IllegalArgumentException if {@code capacityBytes} is less than one cell or the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws UncheckedIOException if a segment of that name exists already (the cause is a
     *     {@link java.nio.file.FileAlreadyExistsException}), or the segment cannot be created
     */
    public static <E> SharedQueue<E> create(String name, int capacityBytes) {
        return builder().name(requireNonNull(name, "name")).capacityBytes(capacityBytes).create();
    }

    /**
     * Attaches to an existing queue by name, from this or any other process. The type of the elements is not
     * checked here: an element of another type fails with a {@link ClassCastException} where it is used.
     *
     * @param <E> the type of the elements
     * @param name the queue's name
     * @return a handle on the queue; closing it does not unlink the queue
     * @throws SharedMemoryNotFoundException if there is no segment of that name
     * @throws UntrustedSegmentException if its file is a symbolic link or not a regular file, belongs to another
     *     user, or may be written by group or others
     * @throws IllegalArgumentException if the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalStateException if the segment is not a queue, or its header is damaged, or
     *     1024 processes use it already
     * @throws UncheckedIOException if the segment cannot be opened or mapped
     */
    public static <E> SharedQueue<E> attach(String name) {
        return attach(SegmentFiles.defaultDirectory(), requireNonNull(name, "name"));
    }

    static <E> SharedQueue<E> attach(Path directory, String name) {
        return new SharedQueue<>(QueueState.open(directory, name), directory, false);
    }

    /**
     * A builder for a queue of a given number of elements and element size.
     *
     * <pre>{@code
     * SharedQueue<Integer> numbers = SharedQueue.builder().capacity(100_000).maxElementBytes(16).create();
     * }</pre>
     *
     * @return a new builder: {@value #DEFAULT_CELL_BYTES}-byte cells, 1024 of them, and a random name
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Says what queue {@link SharedQueue#builder()} creates. Not thread-safe; each call of {@link #create()} creates
     * a new queue.
     */
    public static final class Builder {

        private String name;
        private int capacity = 1024;
        private int maxElementBytes = DEFAULT_CELL_BYTES - CellStamp.BYTES;
        private int capacityBytes;

        private Builder() {
        }

        /**
         * Names the queue; by default it gets a fresh random name ({@code psm_} followed by 8 hex digits).
         *
         * @param name the name: 1 to 193 bytes in UTF-8 (its owners file adds {@code .owners} to it), no {@code /},
     *     {@code \} or NUL
         * @return this builder
         * @throws NullPointerException if {@code name} is {@code null}
         */
        public Builder name(String name) {
            this.name = requireNonNull(name, "name");
            return this;
        }

        /**
         * How many elements the queue holds at most, as Python's {@code maxsize}; puts wait while it is full.
         *
         * @param elements at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code elements} is less than 1
         */
        public Builder capacity(int elements) {
            if (elements < 1) {
                throw new IllegalArgumentException("capacity must be at least 1 element, got " + elements);
            }
            this.capacity = elements;
            this.capacityBytes = 0;
            return this;
        }

        /**
         * How large an element may be, serialized (strings in UTF-8, numbers in 4 or 8 bytes, other objects as
         * Kryo writes them, plus one byte). Cells are rounded up to a multiple of 64 bytes, so the actual limit,
         * {@link SharedQueue#maxElementBytes()}, may be a little larger.
         *
         * @param bytes at least 1, at most about 4 MiB
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is out of range
         */
        public Builder maxElementBytes(int bytes) {
            this.maxElementBytes = RingLayout.checkMaxElementBytes(bytes);
            return this;
        }

        /**
         * Sizes the ring in bytes instead of elements: as many cells as fit.
         *
         * @param bytes at least one cell (8 bytes more than {@linkplain #maxElementBytes(int) an element}, rounded
         *     up to a multiple of 64)
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is less than 1
         */
        public Builder capacityBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("capacityBytes must be at least 1, got " + bytes);
            }
            this.capacityBytes = bytes;
            return this;
        }

        /**
         * Creates the queue, empty.
         *
         * @param <E> the type of the elements
         * @return a handle on the new queue; closing it unlinks the queue unless {@link SharedQueue#keep()} is
         *     called
         * @throws IllegalArgumentException if the ring's bytes hold no cell, the queue would not fit in one segment
         *     (2 GiB), or the name is invalid
         * @throws UncheckedIOException if a segment of that name exists already (the cause is a
         *     {@link java.nio.file.FileAlreadyExistsException}), or the segment cannot be created
         */
        public <E> SharedQueue<E> create() {
            int elements = capacity;
            if (capacityBytes > 0) {
                int cellBytes = RingLayout.cellBytesFor(maxElementBytes);
                elements = capacityBytes / cellBytes;
                if (elements < 1) {
                    throw new IllegalArgumentException("a ring of " + capacityBytes + " bytes holds no cell of "
                            + cellBytes + " bytes (elements of up to " + maxElementBytes + " bytes)");
                }
            }
            RingLayout layout = RingLayout.of(elements, maxElementBytes);
            Path directory = SegmentFiles.defaultDirectory();
            return new SharedQueue<>(QueueState.create(directory, name, layout), directory, true);
        }
    }

    // ---- Python's queue.Queue --------------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the element's serialized form is larger than {@link #maxElementBytes()},
     *     or it cannot be serialized; the queue is unchanged
     * @throws IllegalStateException if this handle is closed
     */
    @Override
    public void put(E element) throws InterruptedException {
        if (putWithin(requireElement(element), Timeouts.FOREVER) == Ring.SHUT_DOWN) {
            throw new QueueShutDownException("cannot put: the queue is shut down");
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the element's serialized form is larger than {@link #maxElementBytes()},
     *     or it cannot be serialized, or {@code timeout} is negative; the queue is unchanged
     * @throws IllegalStateException if this handle is closed
     */
    @Override
    public void put(E element, Duration timeout) throws InterruptedException {
        requireElement(element);
        int outcome = putWithin(element, Timeouts.toNanos(timeout));
        if (outcome == Ring.FULL) {
            throw new QueueFullException("no room within " + Timeouts.describe(timeout) + ": " + describeFull());
        }
        if (outcome == Ring.SHUT_DOWN) {
            throw new QueueShutDownException("cannot put: the queue is shut down");
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the element's serialized form is larger than {@link #maxElementBytes()},
     *     or it cannot be serialized; the queue is unchanged
     * @throws IllegalStateException if this handle is closed
     */
    @Override
    public void putNowait(E element) {
        int outcome = offerNow(requireElement(element));
        if (outcome == Ring.FULL) {
            throw new QueueFullException("the queue is full: " + describeFull());
        }
        if (outcome == Ring.SHUT_DOWN) {
            throw new QueueShutDownException("cannot put: the queue is shut down");
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if this handle is closed, or the element's bytes cannot be read (a class
     *     missing in this JVM or refused by {@code multiprocess4j.kryo.allow}, nesting too deep, a damaged segment);
     *     the element is gone from the queue and its task is counted done (do not call {@link #taskDone()} for it),
     *     and the next get takes the next element
     */
    @Override
    public E get() throws InterruptedException {
        return orShutDown(getWithin(Timeouts.FOREVER));
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if this handle is closed, or the element's bytes cannot be read (a class
     *     missing in this JVM or refused by {@code multiprocess4j.kryo.allow}, nesting too deep, a damaged segment);
     *     the element is gone from the queue and its task is counted done (do not call {@link #taskDone()} for it),
     *     and the next get takes the next element
     */
    @Override
    public E get(Duration timeout) throws InterruptedException {
        Object got = getWithin(Timeouts.toNanos(timeout));
        if (got == EMPTY) {
            throw new QueueEmptyException("no element arrived within " + Timeouts.describe(timeout));
        }
        return orShutDown(got);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if this handle is closed, or the element's bytes cannot be read (a class
     *     missing in this JVM or refused by {@code multiprocess4j.kryo.allow}, nesting too deep, a damaged segment);
     *     the element is gone from the queue and its task is counted done (do not call {@link #taskDone()} for it),
     *     and the next get takes the next element
     */
    @Override
    public E getNowait() {
        Object got = takeNow(state(), false);
        if (got == EMPTY) {
            throw new QueueEmptyException("the queue is empty");
        }
        return orShutDown(got);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if this handle is closed
     */
    @Override
    public void taskDone() {
        QueueState queue = state();
        if (!queue.ring.countDone()) {
            throw new TooManyTaskDoneCallsException(
                    "taskDone() called more times than elements were put (no task is unfinished)");
        }
        queue.wakeJoiners();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if this handle is closed, or becomes so while waiting
     */
    @Override
    public void join() throws InterruptedException {
        awaitAllDone(Timeouts.FOREVER);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if this handle is closed, or becomes so while waiting
     */
    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        return awaitAllDone(Timeouts.toNanos(timeout));
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if this handle is closed
     */
    @Override
    public long unfinishedTasks() {
        return state().ring.unfinished();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The shutdown is seen by every process: threads waiting there are woken as by a put.
     *
     * @throws IllegalStateException if this handle is closed
     */
    @Override
    public void shutdown(boolean immediate) {
        QueueState queue = state();
        queue.ring.shutDown(immediate);
        queue.wakeEverywhere();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if this handle is closed
     */
    @Override
    public boolean isShutdown() {
        return state().ring.isShutDown();
    }

    /**
     * {@inheritDoc}
     *
     * <p>After a producer was killed in the middle of a put, the cell it claimed counts until a consumer skips it.
     *
     * @throws IllegalStateException if this handle is closed
     */
    @Override
    public int size() {
        return state().ring.size();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if this handle is closed
     */
    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    // ---- BlockingQueue's methods -----------------------------------------------------------------------------

    /**
     * Adds {@code element} at the tail if there is room now and the queue is not shut down.
     *
     * @param element the element, not null
     * @return {@code true} if it was added, {@code false} if the queue is full or shut down
     * @throws NullPointerException if {@code element} is null
     * @throws IllegalArgumentException if the element's serialized form is larger than {@link #maxElementBytes()},
     *     or it cannot be serialized
     * @throws IllegalStateException if this handle is closed
     */
    public boolean offer(E element) {
        return offerNow(requireElement(element)) == Ring.OK;
    }

    /**
     * Adds {@code element} at the tail, waiting at most {@code timeout} for room. Returns {@code false} at once if the
     * queue is shut down, and wakes to return {@code false} if it is shut down while waiting.
     *
     * @param element the element, not null
     * @param timeout how long to wait, in {@code unit}s; zero or negative does not wait
     * @param unit the unit of {@code timeout}
     * @return {@code true} if it was added, {@code false} if there was no room in time or the queue is shut down
     * @throws InterruptedException if the calling thread is interrupted while waiting; the element is not added
     * @throws NullPointerException if {@code element} or {@code unit} is null
     * @throws IllegalArgumentException if the element's serialized form is larger than {@link #maxElementBytes()},
     *     or it cannot be serialized
     * @throws IllegalStateException if this handle is closed
     */
    public boolean offer(E element, long timeout, TimeUnit unit) throws InterruptedException {
        requireElement(element);
        return putWithin(element, Timeouts.toNanos(timeout, unit)) == Ring.OK;
    }

    /**
     * Takes the element at the head, waiting as long as it takes for one; Python's {@code get()}.
     *
     * @return the element
     * @throws QueueShutDownException if the queue is shut down and empty, or becomes so while waiting
     * @throws InterruptedException if the calling thread is interrupted while waiting; nothing is taken
     * @throws IllegalStateException as {@link #get()}
     */
    public E take() throws InterruptedException {
        return get();
    }

    /**
     * Takes the element at the head if there is one now.
     *
     * @return the element, or {@code null} if the queue is empty (shut down or not)
     * @throws IllegalStateException as {@link #get()}
     */
    public E poll() {
        return orNull(takeNow(state(), false));
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
     * @throws IllegalStateException as {@link #get()}
     */
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        return orNull(getWithin(Timeouts.toNanos(timeout, unit)));
    }

    /**
     * How many more elements fit now.
     *
     * @return the capacity minus the size; other threads and processes may change it at once
     * @throws IllegalStateException if this handle is closed
     */
    public int remainingCapacity() {
        return capacity - size();
    }

    // ---- batches ---------------------------------------------------------------------------------------------

    /**
     * Adds every element of {@code elements}, in the collection's order, waiting for room as {@link #put(Object)}
     * does; the same as a {@code put} of each, only faster: the elements are serialized in chunks of up to 256 and
     * each chunk takes as many free cells at once as there are (one compare-and-set per cell, one move of the tail
     * for all of them). Each element is one unfinished task, as for {@code put}.
     *
     * <p>Not atomic as a whole: other producers' elements may come between those of one call, and consumers may take
     * the first ones before the last are in. The collection is copied first (with {@code toArray()}), so changes to
     * it during the call are not seen. A {@code null} element is refused before anything is put; an element that is
     * too large or cannot be serialized is refused before anything of its chunk of 256 is put, and the chunks before
     * it stay put. A shutdown or an interrupt while waiting for room leaves the elements put so far in the queue.
     *
     * @param elements the elements, none of them null; an empty collection puts nothing
     * @throws NullPointerException if {@code elements} or one of them is null
     * @throws IllegalArgumentException if an element's serialized form is larger than {@link #maxElementBytes()}, or
     *     it cannot be serialized
     * @throws QueueShutDownException if the queue is or becomes shut down before every element is in; its message
     *     says how many are
     * @throws InterruptedException if the calling thread is interrupted while waiting for room
     * @throws IllegalStateException if this handle is closed
     */
    public void putAll(Collection<? extends E> elements) throws InterruptedException {
        Object[] all = requireNonNull(elements, "elements").toArray();
        for (Object element : all) {
            requireElement(element);
        }
        QueueState queue = state();
        ElementBatch batch = ElementBatch.forThisThread();
        int put = 0;
        while (put < all.length) {
            int count = Math.min(ElementBatch.MAX, all.length - put);
            int encoded = 0;
            try {
                for (; encoded < count; encoded++) {
                    checkLength(batch.encode(encoded, all[put + encoded]), all[put + encoded]);
                }
                put += putChunk(queue, batch, count, put);
            } finally {
                batch.putDone(Math.min(encoded + 1, count));
            }
        }
    }

    /** Puts the first {@code count} elements of the chunk, waiting for room; {@code before} were put already. */
    private static int putChunk(QueueState queue, ElementBatch batch, int count, int before)
            throws InterruptedException {
        int put = 0;
        while (put < count) {
            int from = put;
            int outcome = offerAllOnce(queue, batch, from, count - from, false);
            if (outcome == -Ring.FULL) {
                outcome = queue.await(queue.putters, patiently(queue, Timeouts.FOREVER, probe -> {
                    int attempt = offerAllOnce(queue, batch, from, count - from, probe);
                    return attempt == -Ring.FULL ? null : attempt;
                }), Timeouts.FOREVER);
            }
            if (outcome == -Ring.SHUT_DOWN) {
                throw new QueueShutDownException("cannot put: the queue is shut down; " + (before + put)
                        + " elements of the collection were put");
            }
            put += outcome;
        }
        return put;
    }

    /**
     * One look for room for a run of the chunk: how many were put, or minus {@link Ring#FULL} or
     * {@link Ring#SHUT_DOWN}.
     */
    private static int offerAllOnce(QueueState queue, ElementBatch batch, int from, int count, boolean probe) {
        int outcome = queue.ring.offerAll(batch, from, count, probe);
        if (outcome == -Ring.IN_FLIGHT) {
            outcome = retryWhileInFlight(retryProbe -> queue.ring.offerAll(batch, from, count, retryProbe),
                    -Ring.IN_FLIGHT);
        }
        if (outcome > 0) {
            queue.wakeGetters();
        } else if (outcome == -Ring.SHUT_DOWN) {
            queue.ring.completeShutdown();
        }
        return outcome;
    }

    /**
     * Moves at most {@code maxElements} elements into {@code sink}, in order, without waiting, as
     * {@link BlockingQueue#drainTo(Collection, int)} does: the same as a {@link #poll()} of each until none is ready,
     * only faster: runs of up to 256 ready cells are taken at once (one compare-and-set per cell, one move of
     * the head for all of them). Works after shutdown too, until the queue is empty. The elements are handed out:
     * call {@link #taskDone()} for each. To wait for the first, call {@link #get()} when it returns 0.
     *
     * <p>The elements taken are decoded and added to {@code sink} once their cells are given back. An element whose
     * bytes cannot be read is dropped and its task counted done, as for {@link #get()}: the others are added all the
     * same, and then the first such failure is thrown. If {@code sink} throws, the elements of the run not yet added
     * are lost and their tasks counted done ({@code BlockingQueue} allows an element to be in neither collection
     * then); those of earlier runs are in {@code sink}.
     *
     * @param sink where to add them
     * @param maxElements the most to move; zero or negative moves none
     * @return how many were moved
     * @throws NullPointerException if {@code sink} is null
     * @throws IllegalStateException if this handle is closed, or an element's bytes cannot be read (after the
     *     others were added)
     */
    public int drainTo(Collection<? super E> sink, int maxElements) {
        requireNonNull(sink, "sink");
        QueueState queue = state();
        ElementBatch batch = ElementBatch.forReading();
        try {
            return drainTo(queue, batch, sink, maxElements);
        } finally {
            batch.readingDone();
        }
    }

    private static <E> int drainTo(QueueState queue, ElementBatch batch, Collection<? super E> sink,
            int maxElements) {
        int moved = 0;
        int took = 0; // moved, and the unreadable ones
        IllegalStateException unreadable = null;
        while (took < maxElements) {
            batch.startReading();
            int run = Math.min(maxElements - took, ElementBatch.MAX);
            int outcome = queue.ring.pollAll(batch, run, batch.lengths(), false);
            if (outcome == -Ring.IN_FLIGHT) {
                outcome = retryWhileInFlight(probe -> queue.ring.pollAll(batch, run, batch.lengths(), probe),
                        -Ring.IN_FLIGHT);
            }
            if (outcome < 0) {
                if (outcome == -Ring.SHUT_DOWN) {
                    queue.ring.completeShutdown();
                }
                break;
            }
            queue.wakePutters();
            took += outcome;
            int added = 0;
            try {
                for (; added < outcome; added++) {
                    Object element;
                    try {
                        element = batch.takeDecoded(added);
                    } catch (IllegalStateException e) {
                        queue.ring.countDone(); // nobody will process it: join() must not wait for it
                        unreadable = unreadable == null ? e : unreadable;
                        continue;
                    }
                    @SuppressWarnings("unchecked")
                    E typed = (E) element;
                    sink.add(typed);
                    moved++;
                }
            } finally {
                if (added < outcome) { // the sink threw: the rest of the run is lost
                    for (int i = added; i < outcome; i++) {
                        queue.ring.countDone();
                    }
                    queue.wakeJoiners();
                }
            }
            if (outcome < run) {
                break; // what was ready is taken: looking again would read the producers' tail
            }
        }
        if (unreadable != null) {
            queue.wakeJoiners();
            throw unreadable;
        }
        return moved;
    }

    // ---- identity --------------------------------------------------------------------------------------------

    /**
     * The queue's name: pass it to {@link #attach(String)} in another process.
     *
     * @return the name, such as {@code psm_c5da4035}
     */
    @Override
    public String name() {
        return name;
    }

    /**
     * How many elements the queue holds at most.
     *
     * @return the number of cells, at least 1
     */
    public int capacity() {
        return capacity;
    }

    /**
     * How many bytes an element may take, serialized: a cell less its stamp.
     *
     * @return the limit, at least 1
     */
    public int maxElementBytes() {
        return maxElementBytes;
    }

    // ---- lifetime --------------------------------------------------------------------------------------------

    @Override
    public SharedQueue<E> keep() {
        keepFiles();
        return this;
    }

    /**
     * Lets go of this JVM's state of the queue; the last handle in this JVM also gives up the mapping and the process
     * slot, after which other processes regard this JVM as gone, and its threads that are waiting wake and fail.
     */
    @Override
    void release(QueueState current) {
        current.releaseHandle();
    }

    @Override
    public String toString() {
        return "SharedQueue('" + name + "', capacity=" + capacity + ", maxElementBytes=" + maxElementBytes + ")";
    }

    // ---- the work --------------------------------------------------------------------------------------------

    /** Puts, waiting at most {@code nanos} for room: {@link Ring#OK}, {@link Ring#FULL} or {@link Ring#SHUT_DOWN}. */
    private int putWithin(E element, long nanos) throws InterruptedException {
        QueueState queue = state();
        ElementCodec codec = encode(element);
        try {
            int outcome = offerOnce(queue, codec, false);
            if (outcome != Ring.FULL || nanos == 0) {
                return outcome;
            }
            Integer waited = queue.await(queue.putters, patiently(queue, nanos, probe -> {
                int attempt = offerOnce(queue, codec, probe);
                return attempt == Ring.FULL ? null : attempt;
            }), nanos);
            return waited == null ? Ring.FULL : waited;
        } finally {
            codec.putDone();
        }
    }

    private int offerNow(E element) {
        QueueState queue = state();
        ElementCodec codec = encode(element);
        try {
            return offerOnce(queue, codec, false);
        } finally {
            codec.putDone();
        }
    }

    private ElementCodec encode(E element) {
        ElementCodec codec = ElementCodec.forThisThread();
        try {
            checkLength(codec.encode(element), element);
        } catch (IllegalArgumentException e) {
            codec.putDone();
            throw e;
        }
        return codec;
    }

    private void checkLength(int length, Object element) {
        if (length > maxElementBytes) {
            throw new IllegalArgumentException("an element of " + length + " bytes, serialized ("
                    + element.getClass().getName() + "), does not fit in SharedQueue '" + name
                    + "', whose elements take at most " + maxElementBytes + " bytes");
        }
    }

    /**
     * The attempts of a put that found the queue full: for {@link #PATIENCE_NANOS}, at most half of a timed put's
     * time, {@link #patiently(Ring, long, WaitingRoom.Attempt)}.
     */
    private static <T> WaitingRoom.Attempt<T> patiently(QueueState queue, long nanos, WaitingRoom.Attempt<T> attempt) {
        return patiently(queue.ring, Math.min(PATIENCE_NANOS, nanos / 2), attempt);
    }

    /**
     * Attempts that, for {@code patienceNanos} from now, are made only once a run of cells is free
     * ({@link Ring#roomForARun()}), so that a producer does not work on the consumers' heels; after that, whenever.
     */
    static <T> WaitingRoom.Attempt<T> patiently(Ring ring, long patienceNanos, WaitingRoom.Attempt<T> attempt) {
        long patientUntil = System.nanoTime() + patienceNanos;
        return probe -> System.nanoTime() - patientUntil < 0 && !ring.roomForARun() ? null : attempt.attempt(probe);
    }

    /**
     * One look for room, waiting out a consumer still copying out the cell that is needed: {@link Ring#OK},
     * {@link Ring#FULL} or {@link Ring#SHUT_DOWN}.
     */
    private static int offerOnce(QueueState queue, ElementCodec codec, boolean probe) {
        int outcome = queue.ring.offer(codec, probe);
        if (outcome == Ring.IN_FLIGHT) {
            outcome = retryWhileInFlight(retryProbe -> queue.ring.offer(codec, retryProbe), Ring.IN_FLIGHT);
        }
        if (outcome == Ring.OK) {
            queue.wakeGetters();
        } else if (outcome == Ring.SHUT_DOWN) {
            queue.ring.completeShutdown();
        }
        return outcome;
    }

    /**
     * Repeats a ring's attempt, after a pause each time, while it finds a cell in flight: being written or read by
     * another thread, which takes nanoseconds, unless that thread's process died, which the probes find out.
     */
    private static int retryWhileInFlight(WaitingRoom.Attempt<Integer> attempt, int inFlight) {
        Backoff backoff = new Backoff();
        int outcome;
        do {
            backoff.idle(Long.MAX_VALUE);
            outcome = attempt.attempt(backoff.probeDue());
        } while (outcome == inFlight);
        return outcome;
    }

    /** Gets, waiting at most {@code nanos}: the element, {@link #EMPTY} or {@link #SHUT_DOWN}. */
    private Object getWithin(long nanos) throws InterruptedException {
        QueueState queue = state();
        Object got = takeNow(queue, false);
        if (got != EMPTY || nanos == 0) {
            return got;
        }
        Object waited = queue.await(queue.getters, probe -> {
            Object attempt = takeNow(queue, probe);
            return attempt == EMPTY ? null : attempt;
        }, nanos);
        return waited == null ? EMPTY : waited;
    }

    /**
     * One look for an element, waiting out a producer still writing the one at the head: the element,
     * {@link #EMPTY} or {@link #SHUT_DOWN}.
     */
    private static Object takeNow(QueueState queue, boolean probe) {
        ElementCodec codec = ElementCodec.forThisThread();
        int outcome = queue.ring.poll(codec, probe);
        if (outcome == Ring.IN_FLIGHT) {
            outcome = retryWhileInFlight(retryProbe -> queue.ring.poll(codec, retryProbe), Ring.IN_FLIGHT);
        }
        if (outcome == Ring.OK) {
            queue.wakePutters();
            try {
                return codec.takeDecoded();
            } catch (IllegalStateException e) {
                queue.ring.countDone(); // nobody will process it: join() must not wait for it
                queue.wakeJoiners();
                throw e;
            }
        }
        if (outcome == Ring.SHUT_DOWN) {
            queue.ring.completeShutdown();
            return SHUT_DOWN;
        }
        return EMPTY;
    }

    private boolean awaitAllDone(long nanos) throws InterruptedException {
        QueueState queue = state();
        if (queue.ring.unfinished() == 0) {
            return true;
        }
        if (nanos == 0) {
            return false;
        }
        long[] nextSweep = {System.nanoTime() + JOIN_SWEEP_INTERVAL_NANOS};
        return queue.await(queue.joiners, probe -> {
            if (probe && System.nanoTime() - nextSweep[0] >= 0) {
                nextSweep[0] = System.nanoTime() + JOIN_SWEEP_INTERVAL_NANOS;
                queue.ring.clearDeadReaders();
            }
            return queue.ring.unfinished() == 0 ? Boolean.TRUE : null;
        }, nanos) != null;
    }

    // TypeParameterUnusedInFormals: one unchecked cast for every caller's element type
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
    private static <E> E orShutDown(Object got) {
        if (got == SHUT_DOWN) {
            throw new QueueShutDownException("the queue is shut down and empty");
        }
        return (E) got;
    }

    // TypeParameterUnusedInFormals: one unchecked cast for every caller's element type
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
    private static <E> E orNull(Object got) {
        return got == EMPTY || got == SHUT_DOWN ? null : (E) got;
    }

    QueueState state() {
        QueueState queue = current();
        queue.checkOpen();
        return queue;
    }

    private static <E> E requireElement(E element) {
        return requireNonNull(element, "SharedQueue does not accept null elements");
    }

    private String describeFull() {
        return "it holds its capacity of " + capacity + " elements";
    }

    // ---- serialization by name -------------------------------------------------------------------------------

    /**
     * Replaces this handle by its name in a serialized stream.
     *
     * @return the form that travels: the queue's name and directory
     * @throws java.io.NotSerializableException for a queue in heap memory, which only tests make
     */
    private Object writeReplace() throws java.io.NotSerializableException {
        if (directory == null) {
            throw new java.io.NotSerializableException("a SharedQueue in heap memory has no name to travel by");
        }
        return new SerializedByName(SerializedByName.Kind.SHARED_QUEUE, name, directory);
    }

    /**
     * Refuses a stream that holds a handle's fields rather than its name.
     *
     * @param in the stream
     * @throws InvalidObjectException always
     */
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a SharedQueue travels by name only");
    }
}
