package io.github.multiprocess4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A million generated items stream through {@link ProcessPool#imap} in a test JVM whose heap is capped at 256 MB
 * (this class runs in a Surefire execution of its own, see the module's build): the results come in order, and the
 * generator is never read further ahead of the consumer than the stream's window.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ImapBoundedHeapTest {

    private static final long ITEMS = 1_000_000;
    private static final int CHUNK = 1_000;

    @Test
    void aMillionGeneratedItemsStreamThroughInOrderWithTheInputReadOnlyAWindowAhead() {
        // Run with -Dtest, Surefire runs this class in its default execution too, with a large heap: skipped there.
        assumeTrue(Runtime.getRuntime().maxMemory() <= 256L * 1024 * 1024, "runs in the bounded-heap execution");
        AtomicLong generated = new AtomicLong();
        Iterator<Long> generator = LongStream.range(0, ITEMS).boxed()
                .peek(item -> generated.incrementAndGet()).iterator();
        long window = (long) CHUNK * 2 * ProcessPool.STREAM_WINDOW_PER_WORKER;
        long expected = 0;
        long furthestAhead = 0;

        try (ProcessPool pool = ProcessPool.builder(2).output(Output.DISCARD).build();
                Stream<Long> results = pool.imap(() -> generator, item -> item * 3, CHUNK)) {
            Iterator<Long> consumed = results.iterator();
            while (consumed.hasNext()) {
                assertThat(consumed.next()).isEqualTo(expected * 3);
                expected++;
                furthestAhead = Math.max(furthestAhead, generated.get() - expected);
            }
        }

        assertThat(expected).isEqualTo(ITEMS);
        assertThat(furthestAhead).as("items read ahead of those handed on").isLessThanOrEqualTo(window + CHUNK);
    }
}
