package io.github.multiprocess4j.reliability;

import java.time.Duration;

/** The bad arguments the sweep passes where a type allows them. */
final class BadArguments {

    /** The longest {@link Duration} there is: about 292 billion years, more than a long holds in nanoseconds. */
    static final Duration HUGE = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    static final Duration NEGATIVE = Duration.ofMillis(-1);
    /** One character more than a segment's name may have. */
    static final String TOO_LONG_NAME = "n".repeat(201);
    /** 200 characters, but 400 bytes in UTF-8: a name's limit is in bytes. */
    static final String TWO_BYTE_NAME = "é".repeat(200);
    static final String SLASHED_NAME = "bad/name";
    static final String NO_SUCH_NAME = "mp4j_badinput_no_such_segment";

    private BadArguments() {
    }
}
