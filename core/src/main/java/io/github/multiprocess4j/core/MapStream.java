package io.github.multiprocess4j.core;

import io.github.multiprocess4j.core.internal.codec.ChunkTask;
import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The streams of {@link ProcessPool#imap} and {@link ProcessPool#imapUnordered}: items are read from their iterator
 * a chunk at a time, only while fewer than a window of chunks are in flight, and each result is handed on as its
 * chunk completes, in the items' order or in the order of completion. So the parent holds at most a window of chunks
 * of items and results however long the input is.
 *
 * <p>Not thread-safe, as a stream's source need not be: the stream is consumed by one thread at a time. Completions
 * arrive on the pool's threads and only touch the {@link InFlight} record, which is thread-safe. Closing the stream,
 * or its becoming unreachable before it is consumed, cancels the chunks that have not started (see
 * {@link InFlight#run()}).
 */
final class MapStream<T, R> implements Spliterator<Object> {

    /** Cancels what an abandoned stream left in flight, once the stream is garbage. */
    private static final Cleaner ABANDONED = Cleaner.create();

    /** One chunk submitted to the pool: where its items start in the input, and its task. */
    private record Chunk(long start, PoolTask task, boolean single) {
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
         * Cancels every chunk still in flight: those waiting for a worker are dropped; those already written to a
         * worker finish there and their results are discarded. No worker is killed.
         */
        @Override
        public void run() {
            List<Chunk> left;
            synchronized (this) {
                left = new ArrayList<>(chunks);
                chunks.clear();
            }
            left.forEach(chunk -> chunk.task.future.cancel(false));
            completed.clear();
        }
    }

    private final Iterator<? extends T> items;
    private final MapTask<? super T, ? extends R> function;
    private final int chunkSize;
    private final int window;
    private final boolean ordered;
    private final Function<Object, PoolTask> submit;
    private final InFlight inFlight = new InFlight();

    /** Where the next item read from {@link #items} stands in the input. */
    private long nextIndex;
    /** The results of the chunk being handed on, and the next one to hand on. */
    private List<?> results = List.of();
    private long resultsStart;
    private int resultsAt;
    /** A failure to throw once the results before it have been handed on. */
    private RuntimeException failure;

    private MapStream(Iterator<? extends T> items, MapTask<? super T, ? extends R> function, int chunkSize,
            int window, boolean ordered, Function<Object, PoolTask> submit) {
        this.items = items;
        this.function = function;
        this.chunkSize = chunkSize;
        this.window = window;
        this.ordered = ordered;
        this.submit = submit;
    }

    /**
     * A stream of the results in the items' order, or of {@link Completed} results in completion order. The first
     * window of chunks is submitted before this returns, so that the workers start at once.
     *
     * @param window how many chunks may be in flight at once, at least 1
     * @param submit submits one task to the pool
     */
    @SuppressWarnings("unchecked")
    static <T, R, E> Stream<E> of(Iterator<? extends T> items, MapTask<? super T, ? extends R> function,
            int chunkSize, int window, boolean ordered, Function<Object, PoolTask> submit) {
        MapStream<T, R> source = new MapStream<>(items, function, chunkSize, window, ordered, submit);
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
            Chunk chunk;
            if (chunkSize == 1) {
                T item = items.next();
                chunk = new Chunk(start, submit.apply(single(function, item)), true);
                nextIndex++;
            } else {
                List<T> batch = new ArrayList<>(Math.min(chunkSize, 1024));
                while (batch.size() < chunkSize && items.hasNext()) {
                    batch.add(items.next());
                }
                chunk = new Chunk(start, submit.apply(new ChunkTask<>(function, batch)), false);
                nextIndex += batch.size();
            }
            inFlight.add(chunk);
            if (!ordered) {
                // the callback must reach the record only, not this stream: pending tasks keep their callbacks
                BlockingQueue<Chunk> completed = inFlight.completed;
                chunk.task.future.whenComplete((value, error) -> completed.add(chunk));
            }
        }
    }

    private static <T, R> Task<R> single(MapTask<? super T, ? extends R> function, T item) {
        return () -> function.call(item);
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
                    awaitOutcome(head.task);
                }
                return head;
            }
            if (inFlight.size() == 0) {
                return null;
            }
            Chunk done = inFlight.completed.take();
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

    /** Waits for a task to complete, either way: {@link #unpack} reads how. */
    private static void awaitOutcome(PoolTask task) throws InterruptedException {
        try {
            task.future.get();
        } catch (ExecutionException | CancellationException e) {
            // read by unpack
        }
    }

    /** Makes a completed chunk's results the ones to hand on, or records its failure after those it got. */
    @SuppressWarnings("unchecked")
    private void unpack(Chunk chunk) {
        resultsStart = chunk.start;
        resultsAt = 0;
        TaskFailedException failed = MapResults.failureOf(chunk.task);
        if (failed == null) {
            Object value = chunk.task.future.join();
            results = chunk.single ? Collections.singletonList(value) : (List<Object>) value;
            return;
        }
        int start = (int) Math.min(chunk.start, Integer.MAX_VALUE);
        failure = MapResults.atItem(failed, start);
        results = failed.getCause() instanceof ChunkTask.ItemFailure
                ? ((ChunkTask.ItemFailure) failed.getCause()).done() : List.of();
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
