package io.github.multiprocess4j.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A sleeper in one JVM woken by a waker in another, each sleeping or waking on a futex or through the doorbell: every
 * pairing must wake the sleeper by the ring, not by its periodic look, which the sleeper's JVM sets to a minute.
 */
@Timeout(60)
class SleeperTableAcrossProcessesTest {

    /** Far above a ring's wake-up on a busy machine (tens of microseconds to milliseconds), below the sleep's end. */
    private static final long LATENCY_MICROS = 400_000;

    @TempDir
    Path temp;

    @ParameterizedTest(name = "sleeper on a futex: {0}, waker with futexes: {1}")
    @CsvSource({"true, true", "true, false", "false, true", "false, false"})
    void aSleeperInAnotherJvmIsWokenByTheRing(boolean sleeperFutex, boolean wakerFutex) throws Exception {
        Path file = temp.resolve("wake");
        MappedSegment segment;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            segment = MappedSegment.map(channel, SleeperTableChild.SIZE, "wake");
        }
        Process sleeper = start(sleeperFutex, "sleep", file, 1);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (segment.getLongVolatile(SleeperTableChild.COUNT) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            long entry = segment.getLongVolatile(SleeperTableChild.TABLE + Long.BYTES);
            assertThat(entry).as("the sleeper's mark").isNotZero();
            assertThat((entry & SleeperTable.FUTEX_SLEEPER) != 0).as("marked as a futex sleeper")
                    .isEqualTo(sleeperFutex && Futex.available());
            // Its sleeps double from 20 us: by now the one it is in lasts more than a second, so a wake within
            // LATENCY comes from the ring and not from the end of that sleep.
            Thread.sleep(1_500);

            Process waker = start(wakerFutex, "wake", file, 2);
            assertThat(waker.waitFor(30, TimeUnit.SECONDS)).as("the waker exits").isTrue();
            assertThat(sleeper.waitFor(20, TimeUnit.SECONDS)).as("the sleeper woke").isTrue();
            String out = new String(sleeper.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(out).startsWith("futex=" + (sleeperFutex && Futex.available()) + " micros=");
            assertThat(Long.parseLong(out.substring(out.indexOf("micros=") + "micros=".length())))
                    .as("microseconds from the set to the wake").isLessThan(LATENCY_MICROS);
            assertThat(sleeper.exitValue()).isZero();
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    private static Process start(boolean futex, String role, Path file, int slot) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "-Dmultiprocess4j.futex=" + futex,
                "-Dmultiprocess4j.doorbellPollMillis=60000"));
        if (Futex.nativeAccessOption() != null) {
            command.add(Futex.nativeAccessOption());
        }
        command.addAll(List.of(SleeperTableChild.class.getName(), role, file.toString(), Integer.toString(slot)));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
