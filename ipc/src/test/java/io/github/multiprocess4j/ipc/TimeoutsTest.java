package io.github.multiprocess4j.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The two timeout rules: Python's for a {@link Duration}, {@code java.util.concurrent}'s for a long and a unit. */
class TimeoutsTest {

    @Test
    void aDurationFollowsPythonsRule() {
        assertThat(Timeouts.toNanos(Duration.ZERO)).isZero();
        assertThat(Timeouts.toNanos(Duration.ofMillis(3))).isEqualTo(3_000_000);
        assertThat(Timeouts.toNanos(Duration.ofSeconds(Long.MAX_VALUE))).as("too long to count")
                .isEqualTo(Timeouts.FOREVER);
        assertThatThrownBy(() -> Timeouts.toNanos(Duration.ofNanos(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must not be negative, got PT-0.000000001S");
        assertThatThrownBy(() -> Timeouts.toNanos(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("timeout");
    }

    @Test
    void aLongAndAUnitFollowBlockingQueuesRule() {
        assertThat(Timeouts.toNanos(-5, TimeUnit.SECONDS)).isZero();
        assertThat(Timeouts.toNanos(2, TimeUnit.MICROSECONDS)).isEqualTo(2_000);
        assertThat(Timeouts.toNanos(Long.MAX_VALUE, TimeUnit.DAYS)).isEqualTo(Timeouts.FOREVER);
    }

    @Test
    void messagesGiveShortForms() {
        assertThat(Timeouts.describe(Duration.ofSeconds(1))).isEqualTo("1 s");
        assertThat(Timeouts.describe(Duration.ofMillis(1500))).isEqualTo("1500 ms");
        assertThat(Timeouts.describe(Duration.ofNanos(20_000))).isEqualTo("20000 ns");
    }
}
