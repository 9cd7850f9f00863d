package io.github.multiprocess4j.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One poller per JVM: how a wait ends. */
@Timeout(30)
class WaitingRoomTest {

    private final WaitingRoom room = new WaitingRoom();

    private String awaitText(WaitingRoom.Attempt<String> attempt, long nanos, boolean interruptible)
            throws InterruptedException {
        return room.await(attempt, nanos, interruptible);
    }

    @Test
    void aWaitEndsWithTheFirstResultOrWithNullWhenTheTimeRunsOut() throws Exception {
        AtomicInteger tries = new AtomicInteger();

        assertThat(awaitText(probe -> tries.incrementAndGet() < 3 ? null : "done", Timeouts.FOREVER, true))
                .isEqualTo("done");
        assertThat(tries).hasValue(3);
        assertThat(awaitText(probe -> null, 1_000_000, true)).isNull();
    }

    @Test
    void anInterruptEndsAnInterruptibleWaitAndIsKeptThroughAnUninterruptibleOne() throws Exception {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> awaitText(probe -> null, Timeouts.FOREVER, true))
                .isInstanceOf(InterruptedException.class);

        AtomicInteger tries = new AtomicInteger();
        Thread.currentThread().interrupt();
        try {
            assertThat(awaitText(probe -> tries.incrementAndGet() < 3 ? null : "done", Timeouts.FOREVER, false))
                    .isEqualTo("done");
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is set again").isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void whatAnAttemptThrowsEndsTheWaitAndFreesTheRoom() throws Exception {
        assertThatThrownBy(() -> awaitText(probe -> {
            throw new IllegalStateException("closed");
        }, Timeouts.FOREVER, true)).hasMessage("closed");

        assertThat(awaitText(probe -> "next", Timeouts.FOREVER, true)).isEqualTo("next");
    }
}
