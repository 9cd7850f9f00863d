package io.github.multiprocess4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TimedTest {

    @Test
    void printsNameAndSecondsOnOneLine() throws Exception {
        String output = StdoutCapture.during(() -> Timed.print("do_sleep", () -> Thread.sleep(50)));

        // 0.05 s and up: a loaded machine (or a coverage agent) may add tens of milliseconds
        assertThat(output).matches("do_sleep: 0\\.(0[5-9]|[1-4]\\d)\\d\\d s" + System.lineSeparator());
    }

    @Test
    void returnsTheValue() throws Exception {
        String[] value = new String[1];

        StdoutCapture.during(() -> value[0] = Timed.print("answer", () -> "forty-two"));

        assertThat(value[0]).isEqualTo("forty-two");
    }

    @Test
    void aMethodReferenceIsNamedAfterItsMethod() throws Exception {
        String output = StdoutCapture.during(() -> Timed.print(TimedTest::doSleep));

        assertThat(output).startsWith("doSleep: ");
        assertThat(Timed.nameOf((Task<Integer>) TimedTest::answer)).isEqualTo("answer");
        assertThat(Timed.nameOf((VoidTask) () -> doSleep())).isEqualTo("aMethodReferenceIsNamedAfterItsMethod");
    }

    /**
     * Regression: a negative duration was accepted, a {@code null} name printed as "null", and a duration beyond
     * 292 years made {@code seconds()} and {@code print} fail with an ArithmeticException (long overflow).
     */
    @Test
    void durationsNoTaskCanTakeAreRefusedOrShown() throws Exception {
        assertThatThrownBy(() -> new Timed<>(1, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration must not be negative, got PT-0.001S");
        Timed<Integer> enormous = new Timed<>(1, Duration.ofSeconds(Long.MAX_VALUE));

        assertThat(enormous.seconds()).isEqualTo((double) Long.MAX_VALUE);
        assertThat(StdoutCapture.during(() -> enormous.print("forever")))
                .startsWith("forever: 922337203685477").contains(".0000 s");
        assertThatThrownBy(() -> enormous.print((String) null)).isInstanceOf(NullPointerException.class).hasMessage("name");
    }

    @Test
    void callMeasuresWithoutPrinting() throws Exception {
        AtomicReference<Timed<Integer>> timed = new AtomicReference<>();

        String output = StdoutCapture.during(() -> timed.set(Timed.call(() -> {
            Thread.sleep(30);
            return 3;
        })));

        assertThat(output).isEmpty();
        assertThat(timed.get().value()).isEqualTo(3);
        assertThat(timed.get().duration()).isGreaterThanOrEqualTo(Duration.ofMillis(30));
        assertThat(timed.get().seconds()).isGreaterThanOrEqualTo(0.03);
    }

    @Test
    void linesFrom32ThreadsNeverTear() throws Exception {
        String output = StdoutCapture.during(() -> Launch.threads(32, i -> {
            for (int k = 0; k < 50; k++) {
                Timed.print("thread_number_" + i + "_with_a_long_name_" + "x".repeat(i), () -> Thread.yield());
            }
            return i;
        }));

        String[] lines = output.split(System.lineSeparator());
        assertThat(lines).hasSize(32 * 50)
                .allMatch(line -> line.matches("thread_number_(\\d+)_with_a_long_name_x*: \\d+\\.\\d{4} s"));
    }

    @Test
    void aFailingTaskPrintsNothingAndRethrows() throws Exception {
        String output = StdoutCapture.during(() -> assertThatThrownBy(() -> Timed.print("fails", () -> {
            throw new java.io.IOException("disk");
        })).isInstanceOf(java.io.IOException.class).hasMessage("disk"));

        assertThat(output).isEmpty();
    }

    private static void doSleep() throws InterruptedException {
        Thread.sleep(1);
    }

    private static int answer() {
        return 42;
    }
}
