package io.github.multiprocess4j.core;

import io.github.multiprocess4j.core.internal.codec.ChunkTask;
import io.github.multiprocess4j.core.internal.codec.ItemTask;
import io.github.multiprocess4j.core.internal.codec.SharedFunction;
import io.github.multiprocess4j.core.internal.pool.MapStream;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * How a {@link ProcessPool} runs the chunks of one {@code imap} stream, as its {@code map} does: a chunk of one item
 * as a task of its own ({@link ItemTask}), a larger one as a {@link ChunkTask}, the function encoded once for all of
 * them ({@link SharedFunction}); a failure as a {@link TaskFailedException} at the
 * failed item's index, after the results its chunk got before it. Called by the stream's consuming thread only.
 */
final class StreamChunks<T, R> implements MapStream.Chunks<T> {

    private final SharedFunction<T, R> function;
    private final int chunkSize;
    private final Function<Object, PoolTask> enqueue;

    StreamChunks(MapTask<? super T, ? extends R> function, int chunkSize, Function<Object, PoolTask> enqueue) {
        this.function = new SharedFunction<>(function);
        this.chunkSize = chunkSize;
        this.enqueue = enqueue;
    }

    @Override
    public CompletableFuture<?> submit(List<T> items, long start) {
        Object task = chunkSize == 1 ? new ItemTask<>(function, items.get(0)) : new ChunkTask<>(function, items);
        return enqueue.apply(task).future;
    }

    @Override
    public List<?> results(Object value) {
        return chunkSize == 1 ? Collections.singletonList(value) : (List<?>) value;
    }

    @Override
    public MapStream.Failure failure(CompletableFuture<?> future, long start) {
        TaskFailedException failed = MapResults.failureOf(future);
        TaskFailedException atItem = MapResults.atItem(failed, (int) Math.min(start, Integer.MAX_VALUE));
        List<?> done = failed.getCause() instanceof ChunkTask.ItemFailure
                ? ((ChunkTask.ItemFailure) failed.getCause()).done() : List.of();
        return new MapStream.Failure(atItem, done);
    }
}
