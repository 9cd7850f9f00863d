package io.github.multiprocess4j.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waiting on several outcomes at once, for fail-fast launches and maps. Stateless and thread-safe. */
final class Futures {

    private Futures() {
    }

    /**
     * Waits until every future has completed normally or one has completed exceptionally (cancelled included).
     *
     * @return {@code true} if one failed, {@code false} if all succeeded
     * @throws InterruptedException if the calling thread is interrupted while waiting; the futures are left as they
     *     are
     */
    static boolean awaitFirstFailure(List<? extends CompletableFuture<?>> futures) throws InterruptedException {
        CompletableFuture<Void> failed = new CompletableFuture<>();
        futures.forEach(future -> future.whenComplete((value, failure) -> {
            if (failure != null) {
                failed.complete(null);
            }
        }));
        CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
        try {
            CompletableFuture.anyOf(failed, all).get();
        } catch (ExecutionException e) {
            // allOf failed: so did one of the futures, and failed is complete
        }
        return failed.isDone();
    }
}
