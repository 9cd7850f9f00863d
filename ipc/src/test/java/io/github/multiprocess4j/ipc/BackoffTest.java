package io.github.multiprocess4j.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one waiting strategy: what it returns, not how long it takes (the benchmarks measure that). */
@Timeout(30)
class BackoffTest {

    @Test
    void aProbeIsNotDueAtTheStartOfAWait() {
        assertThat(new Backoff().probeDue()).isFalse();
    }

    @Test
    void waitingForAValueReturnsItOnceItIsThere() throws Exception {
        AtomicInteger reads = new AtomicInteger();

        long value = Backoff.whileZero(() -> reads.incrementAndGet() < 5 ? 0 : 42, Timeouts.FOREVER);

        assertThat(value).isEqualTo(42);
        assertThat(reads).hasValue(5);
    }

    @Test
    void waitingEndsWithZeroWhenTheTimeRunsOutOrTheThreadIsInterrupted() throws Exception {
        assertThat(Backoff.whileZero(() -> 0, 1_000_000)).isZero();

        Thread.currentThread().interrupt();
        try {
            assertThat(Backoff.whileZero(() -> 0, Timeouts.FOREVER)).isZero();
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void yieldingEndsAtOnceWhenTheThingIsThere() {
        AtomicInteger asks = new AtomicInteger();

        boolean came = Backoff.yieldWhile(() -> asks.incrementAndGet() < 1);

        assertThat(came).isTrue();
        assertThat(asks).hasValue(1);
    }

    @Test
    void yieldingGivesUpAfterItsTimeWhenNothingComes() {
        long start = System.nanoTime();

        boolean came = Backoff.yieldWhile(() -> true);

        assertThat(came).isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Backoff.YIELD_UNTIL_NANOS);
    }

    @Test
    void yieldingWithATimeLimitAsksOnceMoreAtMostAfterIt() {
        AtomicInteger asks = new AtomicInteger();

        boolean came = Backoff.yieldWhile(() -> asks.incrementAndGet() > 0, 0);

        assertThat(came).isFalse();
        assertThat(asks).as("a limit of 0 asks once and does not yield").hasValue(1);
    }

    @Test
    void yieldingWithALongerTimeLimitStillStopsAtItsOwn() {
        long start = System.nanoTime();
        assertThat(Backoff.yieldWhile(() -> true, Long.MAX_VALUE)).isFalse();
        assertThat(System.nanoTime() - start).as("its own limit still holds")
                .isGreaterThanOrEqualTo(Backoff.YIELD_UNTIL_NANOS).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void aRingableWaitSleepsBrieflyFirstThenLongerUpToTheDoorbellInterval() {
        Backoff backoff = new Backoff();
        while (!backoff.parking()) {
            backoff.idle(Long.MAX_VALUE);
        }
        List<Long> sleeps = new ArrayList<>();
        backoff.ringable(sleeps::add);

        for (int i = 0; i < 16; i++) {
            backoff.idle(Long.MAX_VALUE);
        }

        assertThat(sleeps.get(0)).as("a release write missed by the last look is seen after this")
                .isLessThanOrEqualTo(Backoff.FIRST_PARK_NANOS);
        assertThat(sleeps).isSorted().contains(Backoff.DOORBELL_PARK_NANOS);
        assertThat(sleeps.get(sleeps.size() - 1)).isEqualTo(Backoff.DOORBELL_PARK_NANOS);
    }
}
