package io.github.multiprocess4j.core;

import java.time.Duration;
import java.util.Locale;

/** Durations in the notebook's style: seconds with four decimals. */
final class Durations {

    private Durations() {
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.4f s", duration.toNanos() / 1e9);
    }

    /** Short human form for messages: {@code 1 s}, {@code 250 ms}. */
    static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
