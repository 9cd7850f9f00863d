package io.github.multiprocess4j.core;

import io.github.multiprocess4j.core.internal.codec.ChunkTask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Puts the answers of a {@link ProcessPool#map}'s chunks back in item order, with each failure's item index. */
final class MapResults {

    private static final String ITEM_FAILURE = ChunkTask.ItemFailure.class.getName();

    private MapResults() {
    }

    /**
     * The results of finished chunks, in item order; the chunks {@code stopped} after another failed count as
     * neither results nor failures.
     *
     * @throws LaunchException if any item failed
     */
    @SuppressWarnings("unchecked")
    static <R> List<R> collect(int items, int chunkSize, List<PoolTask> chunks, Set<PoolTask> stopped) {
        List<Object> results = new ArrayList<>(Collections.nCopies(items, null));
        List<TaskFailedException> failures = new ArrayList<>();
        int stoppedItems = 0;
        for (int chunk = 0; chunk < chunks.size(); chunk++) {
            int start = chunk * chunkSize;
            PoolTask task = chunks.get(chunk);
            TaskFailedException failure = failureOf(task.future);
            if (stopped.contains(task)) {
                stoppedItems += Math.min(chunkSize, items - start);
            } else if (failure != null) {
                failures.add(atItem(failure, start));
                if (failure.getCause() instanceof ChunkTask.ItemFailure) {
                    List<Object> done = ((ChunkTask.ItemFailure) failure.getCause()).done();
                    for (int i = 0; i < done.size(); i++) {
                        results.set(start + i, done.get(i));
                    }
                }
            } else if (chunkSize == 1) {
                results.set(start, task.future.join());
            } else {
                List<Object> values = (List<Object>) task.future.join();
                for (int i = 0; i < values.size(); i++) {
                    results.set(start + i, values.get(i));
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new LaunchException(items, failures, results, stoppedItems);
        }
        return (List<R>) results;
    }

    /** The failures of finished tasks, in order. */
    static List<TaskFailedException> failures(List<PoolTask> tasks) {
        List<TaskFailedException> failures = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            TaskFailedException failure = failureOf(tasks.get(i).future);
            if (failure != null) {
                failures.add(failure.at(i, failure.getMessage(), failure.getCause()));
            }
        }
        return failures;
    }

    /** The failure of a finished task's future, or {@code null} if it succeeded. */
    static TaskFailedException failureOf(CompletableFuture<?> future) {
        if (!future.isCompletedExceptionally()) {
            return null;
        }
        try {
            future.join();
            throw new AssertionError("completed exceptionally but joined");
        } catch (CancellationException e) {
            return new TaskFailedException("cancelled before it finished", "", 0, -1, null, false, e);
        } catch (CompletionException e) {
            return e.getCause() instanceof TaskFailedException ? (TaskFailedException) e.getCause()
                    : new TaskFailedException(String.valueOf(e.getCause()), "", 0, -1, null, false, e.getCause());
        }
    }

    /** Turns a chunk's failure into its item's: the item's own exception and index. */
    static TaskFailedException atItem(TaskFailedException failure, int chunkStart) {
        Throwable cause = failure.getCause();
        int offset = itemOffset(cause);
        if (offset < 0) {
            return failure.at(chunkStart, failure.getMessage(), cause);
        }
        Throwable itemCause = cause.getCause();
        int index = chunkStart + offset;
        return failure.at(index, failure.workerName() + " (pid " + failure.pid() + ") failed on item " + index + ": "
                + itemCause, itemCause);
    }

    /** Where in its chunk an item failed, or -1 if the failure was not an item's. */
    private static int itemOffset(Throwable cause) {
        if (cause instanceof ChunkTask.ItemFailure) {
            return ((ChunkTask.ItemFailure) cause).offset();
        }
        if (cause instanceof RemoteTaskException && ITEM_FAILURE.equals(((RemoteTaskException) cause).remoteClassName())
                && cause.getMessage() != null) {
            String[] words = cause.getMessage().split(" ");
            return words.length > 1 ? Integer.parseInt(words[1]) : -1;
        }
        return -1;
    }
}
