package io.github.multiprocess4j.core.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The waiting both pools share, on plain futures completed by the test. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TaskFuturesTest {

    @Test
    void awaitAllWaitsForEveryOutcomeAndHandsBackTheSameFutures() throws Exception {
        CompletableFuture<Integer> ok = new CompletableFuture<>();
        CompletableFuture<Integer> failed = new CompletableFuture<>();
        CompletableFuture<Integer> cancelled = new CompletableFuture<>();
        Thread completer = new Thread(() -> {
            ok.complete(1);
            failed.completeExceptionally(new IllegalStateException("no"));
            cancelled.cancel(false);
        });
        completer.start();
        List<CompletableFuture<Integer>> done = TaskFutures.awaitAll(List.of(ok, failed, cancelled));
        completer.join();
        assertThat(done).containsExactly(ok, failed, cancelled).allMatch(CompletableFuture::isDone);
    }

    @Test
    void anInterruptedAwaitAllCancelsWhatIsNotDone() {
        CompletableFuture<Integer> done = CompletableFuture.completedFuture(1);
        CompletableFuture<Integer> never = new CompletableFuture<>();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> TaskFutures.awaitAll(List.of(done, never)))
                .isInstanceOf(InterruptedException.class);
        assertThat(never).isCancelled();
        assertThat(done.join()).isEqualTo(1);
    }

    @Test
    void theFirstSuccessWinsOverEarlierFailuresAndTheRestAreCancelled() throws Exception {
        CompletableFuture<String> failed = CompletableFuture.failedFuture(new IllegalStateException("no"));
        CompletableFuture<String> succeeds = new CompletableFuture<>();
        CompletableFuture<String> slow = new CompletableFuture<>();
        new Thread(() -> succeeds.complete("yes")).start();
        Object first = TaskFutures.awaitFirstSuccess(List.of(failed, succeeds, slow),
                e -> new IllegalStateException("not called: a task succeeded", e));
        assertThat(first).isEqualTo("yes");
        assertThat(slow).as("not wanted any more").isCancelled();
    }

    @Test
    void whenEveryOneFailsTheCallersExceptionIsThrownOnceAllAreDone() {
        CompletableFuture<String> a = CompletableFuture.failedFuture(new IllegalStateException("a"));
        CompletableFuture<String> b = new CompletableFuture<>();
        AtomicReference<Boolean> allDoneWhenAsked = new AtomicReference<>();
        new Thread(() -> b.completeExceptionally(new IllegalStateException("b"))).start();
        assertThatThrownBy(() -> TaskFutures.awaitFirstSuccess(List.of(a, b), e -> {
            allDoneWhenAsked.set(a.isDone() && b.isDone());
            return new IllegalArgumentException("every task failed: " + e.getCause().getMessage());
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("every task failed: every task failed");
        assertThat(allDoneWhenAsked.get()).isTrue();
    }

    @Test
    void awaitFirstFailureSaysWhetherOneFailed() throws Exception {
        assertThat(TaskFutures.awaitFirstFailure(List.of(CompletableFuture.completedFuture(1)))).isFalse();
        CompletableFuture<Integer> never = new CompletableFuture<>();
        assertThat(TaskFutures.awaitFirstFailure(List.of(never,
                CompletableFuture.failedFuture(new IllegalStateException("no"))))).isTrue();
        assertThat(never).as("left as it is").isNotDone();
    }
}
