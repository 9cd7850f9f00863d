package io.github.multiprocess4j.core;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** Durations as {@link Timed} prints them: seconds with four decimals. */
final class Durations {

    private Durations() {
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.4f s", toSeconds(duration));
    }

    /** Seconds with fractions, for any duration: {@code toNanos()} overflows beyond 292 years. */
    static double toSeconds(Duration duration) {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }

    /** Nanoseconds for a wait, {@link Long#MAX_VALUE} (about 292 years) for an enormous duration. */
    static long toNanos(Duration duration) {
        return TimeUnit.NANOSECONDS.convert(duration); // saturates instead of overflowing
    }

    /**
     * Refuses a duration that is not positive.
     *
     * @param name what the duration sets, for the message
     * @return the duration
     * @throws NullPointerException if {@code duration} is {@code null}
     * @throws IllegalArgumentException if it is zero or negative
     */
    static Duration requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, "timeout");
        Checks.checkArgument(!duration.isNegative() && !duration.isZero(), "%s must be positive, got %s", name,
                duration);
        return duration;
    }

    /** Short human form for messages: {@code 1 s}, {@code 250 ms}. */
    static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
