package io.github.multiprocess4j.core.internal.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A child whose start fails for a passing reason (found by killing processes at random instants: a child killed
 * while the JDK's spawn helper was becoming it made a whole {@code Launch.processes} fail, and would have broken
 * a pool for good) is started again.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SpawningTest {

    @Test
    void aStartThatFailsTwiceIsTriedAgain() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Process started = Spawning.withRetries(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IOException("Failed to exec spawn helper: pid: 1, signal: 9");
            }
            return new ProcessBuilder(ChildCommand.javaBinary(), "-version").start();
        });

        assertThat(started.waitFor()).isZero();
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aStartThatKeepsFailingReportsEveryFailure() {
        AtomicInteger attempts = new AtomicInteger();
        IOException failure = catchThrowableOfType(IOException.class, () -> Spawning.withRetries(() -> {
            throw new IOException("attempt " + attempts.incrementAndGet());
        }));

        assertThat(failure).hasMessage("attempt 3");
        assertThat(failure.getSuppressed()).singleElement().satisfies(earlier -> {
            assertThat(earlier).hasMessage("attempt 2");
            assertThat(earlier.getSuppressed()).singleElement().hasFieldOrPropertyWithValue("message", "attempt 1");
        });
    }
}
