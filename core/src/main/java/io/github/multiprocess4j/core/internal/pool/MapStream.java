package io.github.multiprocess4j.core.internal.pool;

import static java.util.Objects.requireNonNull;

import io.github.multiprocess4j.core.Completed;
import io.github.multiprocess4j.ipc.Backoff;
import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The streams of every pool's {@code imap} and {@code imapUnordered}: items are read from their iterator a chunk at
 * a time, only while fewer than a window of chunks are in flight, and each result is handed on as its chunk
 * completes, in the items' order or in the order of completion. So the caller holds at most a window of chunks of
 * items and results however long the input is. How a chunk becomes a task, and how its answer and failure are read,
 * is the pool's: see {@link Chunks}.
 *
 * <p>Not thread-safe, as a stream's source need not be: the stream is consumed by one thread at a time. Completions
 * arrive on the pool's threads and only touch the {@link InFlight} record, which is thread-safe. Closing the stream,
 * or its becoming unreachable before it is consumed, cancels the chunks still in flight (see {@link InFlight#run()}).
 *
 * <p>Failure: a chunk that failed throws the pool's exception ({@link Chunks#failure}) when its turn comes, after
 * the results before it, the results its chunk got before the failed item included; every chunk still in flight is
 * cancelled then.
 *
 * @param <T> the item type
 */
public final class MapStream<T> implements Spliterator<Object> {

    /** Cancels what an abandoned stream left in flight, once the stream is garbage. */
    private static final Cleaner ABANDONED = Cleaner.create();

    /**
     * How a pool runs the chunks of one stream. Called on the threads that create and consume the stream, one at a
     * time; what it returns must not refer to the stream.
     *
     * @param <T> the item type
     */
    public interface Chunks<T> {
        /**
         * Sends some items as one task.
         *
         * @param items the chunk's items, in order; not kept by the stream after this call
         * @param start where the first of them stands in the input
         * @return the task's future; {@code cancel(false)} on it must drop the task if it has not started
         */
        CompletableFuture<?> submit(List<T> items, long start);

        /**
         * The results of a chunk whose future completed normally.
         *
         * @param value what the future completed with
         * @return the results of the chunk's items, in order
         */
        List<?> results(Object value);

        /**
         * What a chunk whose future completed exceptionally (or was cancelled) throws from the stream.
         *
         * @param future the chunk's future, done
         * @param start where the chunk's first item stands in the input
         * @return the exception, and the results of the chunk's items before the failed one
         */
        Failure failure(CompletableFuture<?> future, long start);
    }

    /**
     * A failed chunk as the stream reports it.
     *
     * @param exception thrown from the stream after the results before it
     * @param done the results of the chunk's items before the failed one, handed on first
     */
    public record Failure(RuntimeException exception, List<?> done) {
    }

    /** One chunk submitted to the pool: where its items start in the input, and its future. */
    private record Chunk(long start, CompletableFuture<?> future) {
    }

    /**
     * The chunks in flight, shared with the pool's completion callbacks and the cleaner; it must not reach the
     * stream, or an abandoned stream would never be garbage. Thread-safe.
     */
    private static final class InFlight implements Runnable {
        /** Submitted and not yet handed on, in submission order. */
        final Deque<Chunk> chunks = new ArrayDeque<>();
        /** Chunks whose task has completed, in completion order (used by the unordered stream only). */
        final BlockingQueue<Chunk> completed = new LinkedBlockingQueue<>();

        synchronized void add(Chunk chunk) {
            chunks.addLast(chunk);
        }

        synchronized Chunk pollFirst() {
            return chunks.pollFirst();
        }

        synchronized void remove(Chunk chunk) {
            chunks.remove(chunk);
        }

        synchronized int size() {
            return chunks.size();
        }

        /**
         * Cancels every chunk still in flight, with {@code cancel(false)}: what that does where the chunk is (dropped
         * if it waits, finished and discarded or interrupted if it runs) is the pool's.
         */
        @Override
        public void run() {
            List<Chunk> left;
            synchronized (this) {
                left = new ArrayList<>(chunks);
                chunks.clear();
            }
            left.forEach(chunk -> chunk.future.cancel(false));
            completed.clear();
        }
    }

    private final Iterator<? extends T> items;
    private final Chunks<T> pool;
    private final int chunkSize;
    private final int window;
    private final boolean ordered;
    private final InFlight inFlight = new InFlight();

    /** Where the next item read from {@link #items} stands in the input. */
    private long nextIndex;
    /** The results of the chunk being handed on, and the next one to hand on. */
    private List<?> results = List.of();
    private long resultsStart;
    private int resultsAt;
    /** A failure to throw once the results before it have been handed on. */
    private RuntimeException failure;

    private MapStream(Iterator<? extends T> items, Chunks<T> pool, int chunkSize, int window, boolean ordered) {
        this.items = items;
        this.pool = pool;
        this.chunkSize = chunkSize;
        this.window = window;
        this.ordered = ordered;
    }

    /**
     * Checks the arguments every pool's {@code imap} takes.
     *
     * @param items the items
     * @param function the function
     * @param chunkSize items per chunk
     * @throws NullPointerException if {@code items} or {@code function} is {@code null}
     * @throws IllegalArgumentException if {@code chunkSize} is less than 1
     */
    public static void checkArguments(Iterable<?> items, Object function, int chunkSize) {
        requireNonNull(items, "items");
        requireNonNull(function, "function");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, got " + chunkSize);
        }
    }

    /**
     * A stream of the results in the items' order, or of {@link Completed} results in completion order. The first
     * window of chunks is submitted before this returns, so that the workers start at once; if submitting fails,
     * what was submitted is cancelled and the exception thrown.
     *
     * @param <T> the item type
     * @param <E> the element type: the result type, or {@code Completed} of it
     * @param items the items, read lazily
     * @param pool how the chunks run
     * @param chunkSize items per chunk, at least 1
     * @param window how many chunks may be in flight at once, at least 1
     * @param ordered whether the results come in the items' order (else in completion order, as {@code Completed})
     * @return the stream, to be closed
     */
    @SuppressWarnings("unchecked")
    public static <T, E> Stream<E> of(Iterator<? extends T> items, Chunks<T> pool, int chunkSize, int window,
            boolean ordered) {
        MapStream<T> source = new MapStream<>(items, pool, chunkSize, Math.max(1, window), ordered);
        InFlight inFlight = source.inFlight;
        try {
            source.topUp();
        } catch (RuntimeException e) {
            inFlight.run();
            throw e;
        }
        Cleaner.Cleanable cleanable = ABANDONED.register(source, inFlight);
        return (Stream<E>) StreamSupport.stream(source, false).onClose(cleanable::clean);
    }

    /** Submits chunks until the window is full or the items run out. */
    private void topUp() {
        while (inFlight.size() < window && items.hasNext()) {
            long start = nextIndex;
            List<T> batch = new ArrayList<>(Math.min(chunkSize, 1024));
            while (batch.size() < chunkSize && items.hasNext()) {
                batch.add(items.next());
            }
            Chunk chunk = new Chunk(start, pool.submit(batch, start));
            nextIndex += batch.size();
            inFlight.add(chunk);
            if (!ordered) {
                // the callback must reach the record only, not this stream: pending tasks keep their callbacks
                BlockingQueue<Chunk> completed = inFlight.completed;
                chunk.future.whenComplete((value, error) -> completed.add(chunk));
            }
        }
    }

    @Override
    public boolean tryAdvance(Consumer<? super Object> action) {
        while (resultsAt >= results.size()) {
            if (failure != null) {
                RuntimeException thrown = failure;
                failure = null;
                throw thrown;
            }
            topUp();
            Chunk next = nextChunk();
            if (next == null) {
                return false;
            }
            unpack(next);
        }
        long index = resultsStart + resultsAt;
        Object value = results.get(resultsAt++);
        action.accept(ordered ? value : new Completed<>(index, value));
        return true;
    }

    /** The next chunk to hand on, once it has completed; {@code null} when none is left. */
    private Chunk nextChunk() {
        try {
            if (ordered) {
                Chunk head = inFlight.pollFirst();
                if (head != null) {
                    Backoff.yieldWhile(() -> !head.future.isDone());
                    awaitOutcome(head.future);
                }
                return head;
            }
            if (inFlight.size() == 0) {
                return null;
            }
            BlockingQueue<Chunk> completed = inFlight.completed;
            Backoff.yieldWhile(completed::isEmpty);
            Chunk done = completed.take();
            inFlight.remove(done);
            return done;
        } catch (InterruptedException e) {
            inFlight.run();
            Thread.currentThread().interrupt();
            CancellationException cancelled = new CancellationException(
                    "interrupted while waiting for a result; the items still in flight were cancelled");
            cancelled.initCause(e);
            throw cancelled;
        }
    }

    /** Waits for a future to complete, either way: {@link #unpack} reads how. */
    private static void awaitOutcome(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get();
        } catch (ExecutionException | CancellationException e) {
            // read by unpack
        }
    }

    /** Makes a completed chunk's results the ones to hand on, or records its failure after those it got. */
    private void unpack(Chunk chunk) {
        resultsStart = chunk.start;
        resultsAt = 0;
        if (!chunk.future.isCompletedExceptionally()) {
            results = pool.results(chunk.future.join());
            return;
        }
        Failure failed = pool.failure(chunk.future, chunk.start);
        failure = failed.exception();
        results = failed.done();
        inFlight.run();
    }

    @Override
    public Spliterator<Object> trySplit() {
        return null;
    }

    @Override
    public long estimateSize() {
        return Long.MAX_VALUE;
    }

    @Override
    public int characteristics() {
        return ordered ? ORDERED : 0;
    }
}
