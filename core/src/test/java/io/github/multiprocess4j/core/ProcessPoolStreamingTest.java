package io.github.multiprocess4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.multiprocess4j.core.testing.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessPoolStreamingTest {

    private static final List<Integer> THOUSAND = IntStream.range(0, 1000).boxed().collect(Collectors.toList());

    private static ProcessPool pool;

    @BeforeAll
    static void startPool() {
        pool = ProcessPool.builder(2).output(Output.DISCARD).build();
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
        pool.close();
    }

    @Test
    void imapGivesTheResultsInTheItemsOrderWithAndWithoutChunks() {
        for (int chunkSize : new int[] {1, 7, 1000, 5000}) {
            try (Stream<Integer> squares = pool.imap(THOUSAND, x -> x * x, chunkSize)) {
                assertThat(squares.collect(Collectors.toList())).as("chunk size %s", chunkSize)
                        .isEqualTo(THOUSAND.stream().map(x -> x * x).collect(Collectors.toList()));
            }
        }
        try (Stream<Object> none = pool.imap(List.of(), x -> x)) {
            assertThat(none).isEmpty();
        }
    }

    @Test
    void imapUnorderedGivesEveryResultOnceWithItsIndex() {
        for (int chunkSize : new int[] {1, 16}) {
            try (Stream<Completed<Integer>> doubled = pool.imapUnordered(THOUSAND, x -> 2 * x, chunkSize)) {
                List<Completed<Integer>> all = doubled.collect(Collectors.toList());
                assertThat(all).hasSize(1000).allSatisfy(done -> assertThat(done.value()).isEqualTo(2 * done.index()));
                assertThat(all.stream().map(Completed::index).distinct()).hasSize(1000);
            }
        }
    }

    @Test
    void imapUnorderedYieldsAQuickItemBeforeASlowOneBeforeIt() {
        try (Stream<Completed<Integer>> results = pool.imapUnordered(List.of(2000, 0), millis -> {
            Thread.sleep(millis);
            return millis;
        })) {
            assertThat(results.findFirst()).hasValue(new Completed<>(1, 0));
        }
    }

    @Test
    void closingAStreamAfterTenResultsLeavesThePoolIdleWithinASecond() throws Exception {
        Iterator<Integer> endless = Stream.iterate(0, i -> i + 1).iterator();
        List<Integer> first;
        try (Stream<Integer> results = pool.imap(() -> endless, i -> {
            Thread.sleep(20);
            return i;
        })) {
            first = results.limit(10).collect(Collectors.toList());
        }
        long closedAt = System.nanoTime();

        assertThat(first).isEqualTo(IntStream.range(0, 10).boxed().collect(Collectors.toList()));
        assertThat(Eventually.within(Duration.ofSeconds(1), pool::idle)).as("the pool is idle").isTrue();
        assertThat(pool.submit(() -> 42).get(1, TimeUnit.SECONDS)).isEqualTo(42);
        assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofSeconds(2));
        assertThat(endless.next()).as("items read, at most the window beyond those handed on")
                .isLessThanOrEqualTo(10 + 2 * ProcessPool.STREAM_WINDOW_PER_WORKER);
    }

    @Test
    void aStreamAbandonedUnclosedIsCancelledOnceCollected() throws Exception {
        for (boolean ordered : new boolean[] {true, false}) {
            abandonAfterThreeResults(ordered);
            boolean idle = Eventually.within(Duration.ofSeconds(20), () -> {
                System.gc();
                return pool.idle();
            });
            assertThat(idle).as("idle once the %s stream was collected", ordered ? "ordered" : "unordered").isTrue();
        }
    }

    /** Takes three results from a stream of an endless input, then drops the stream without closing it. */
    private static void abandonAfterThreeResults(boolean ordered) {
        Iterator<Integer> endless = Stream.iterate(0, i -> i + 1).iterator();
        MapTask<Integer, Integer> slow = i -> {
            Thread.sleep(50);
            return i;
        };
        Iterator<?> results = ordered ? pool.imap(() -> endless, slow).iterator()
                : pool.imapUnordered(() -> endless, slow).iterator();
        for (int i = 0; i < 3; i++) {
            results.next();
        }
    }

    @Test
    void aFailedItemThrowsWithItsIndexAfterTheResultsBeforeIt() {
        for (int chunkSize : new int[] {1, 3}) {
            List<Integer> seen = new ArrayList<>();
            try (Stream<Integer> results = pool.imap(List.of(1, 2, 0, 4, 5), x -> 100 / x, chunkSize)) {
                assertThatThrownBy(() -> results.forEach(seen::add)).isInstanceOf(TaskFailedException.class)
                        .satisfies(failure -> assertThat(((TaskFailedException) failure).index()).isEqualTo(2))
                        .cause().isInstanceOf(ArithmeticException.class);
            }
            assertThat(seen).as("chunk size %s", chunkSize).containsExactly(100, 50);
        }
    }

    @Test
    void theInputIsReadOnlyAsFarAsTheWindowAhead() {
        AtomicLong read = new AtomicLong();
        Iterator<Integer> counting = Stream.iterate(0, i -> i + 1).peek(i -> read.incrementAndGet()).iterator();
        try (Stream<Integer> results = pool.imap(() -> counting, i -> i, 4)) {
            Iterator<Integer> consumed = results.iterator();
            for (int i = 0; i < 100; i++) {
                assertThat(consumed.next()).isEqualTo(i);
                assertThat(read.get() - i).isLessThanOrEqualTo(4L * (2 * ProcessPool.STREAM_WINDOW_PER_WORKER + 1));
            }
        }
    }

    @Test
    void asCompletedHandsOnFuturesInTheOrderTheyComplete() {
        CompletableFuture<Integer> slow = pool.submit(() -> {
            Thread.sleep(1500);
            return 1;
        });
        CompletableFuture<Integer> quick = pool.submit(() -> {
            Thread.sleep(300);
            return 2;
        });
        CompletableFuture<Integer> done = CompletableFuture.completedFuture(3);

        List<CompletableFuture<Integer>> order = ProcessPool.asCompleted(List.of(slow, quick, done))
                .collect(Collectors.toList());

        assertThat(order).containsExactly(done, quick, slow);
    }

    @Test
    void aShutDownPoolRefusesAStream() {
        ProcessPool closed = ProcessPool.create(1);
        closed.close();
        assertThatThrownBy(() -> closed.imap(THOUSAND, x -> x)).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("shut down");
    }
}
