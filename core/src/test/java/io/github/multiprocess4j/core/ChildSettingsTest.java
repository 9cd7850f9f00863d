package io.github.multiprocess4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Environment variables and working directory of children, pools sized to the processors, cancelling shutdown. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChildSettingsTest {

    /** What a child sees: the variable, then its working directory. */
    static String seen() {
        return System.getenv("MP4J_GREETING") + " " + Paths.get("").toAbsolutePath();
    }

    @Test
    void aLaunchedChildGetsTheVariablesAndTheWorkingDirectory(@TempDir Path temp) throws Exception {
        Launcher launcher = Launch.with(Launch.options().environment("MP4J_GREETING", "hello")
                .workingDirectory(temp).output(Output.DISCARD).build());

        assertThat(launcher.processes(2, ChildSettingsTest::seen)).containsOnly("hello " + temp.toAbsolutePath());
        assertThat(Launch.process(ChildSettingsTest::seen).result()).as("by default, this JVM's")
                .isEqualTo(System.getenv("MP4J_GREETING") + " " + Paths.get("").toAbsolutePath());
    }

    @Test
    void aPoolsWorkersGetTheVariablesAndTheWorkingDirectory(@TempDir Path temp) throws Exception {
        try (ProcessPool pool = ProcessPool.builder(1).environment("MP4J_GREETING", "").environment("MP4J_GREETING",
                "bonjour").workingDirectory(temp).output(Output.DISCARD).build()) {
            assertThat(pool.submit(ChildSettingsTest::seen).get()).isEqualTo("bonjour " + temp.toAbsolutePath());
        }
    }

    @Test
    void badVariablesAndDirectoriesAreRefusedBeforeAnythingStarts(@TempDir Path temp) {
        assertThatThrownBy(() -> Launch.options().environment("A=B", "c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'A=B'");
        assertThatThrownBy(() -> ProcessPool.builder(1).workingDirectory(temp.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    }

    @Test
    void createWithNoCountHasAWorkerPerProcessor() throws Exception {
        try (ProcessPool pool = ProcessPool.create()) {
            int processors = Runtime.getRuntime().availableProcessors();
            assertThat(pool.toString()).contains(processors + " workers");
            assertThat(pool.map(IntStream.range(0, 10).boxed().collect(Collectors.toList()), x -> x)).hasSize(10);
        }
    }

    @Test
    void shutdownWithCancelPendingCancelsWhatWaitsAndFinishesWhatRuns() throws Exception {
        ProcessPool pool = ProcessPool.builder(1).output(Output.DISCARD).build();
        try {
            CompletableFuture<Integer> running = pool.submit(() -> {
                Thread.sleep(1_000);
                return 1;
            });
            List<CompletableFuture<Integer>> waiting = IntStream.range(0, 5)
                    .mapToObj(i -> pool.submit(() -> i)).collect(Collectors.toList());

            pool.shutdown(true);

            assertThat(running.get()).isEqualTo(1);
            long cancelled = waiting.stream().filter(CompletableFuture::isCancelled).count();
            assertThat(cancelled).as("all but the one already in the worker's input").isGreaterThanOrEqualTo(4);
            assertThatThrownBy(() -> waiting.get(4).join()).isInstanceOf(CancellationException.class);
            assertThat(pool.awaitTermination(Duration.ofSeconds(20))).isTrue();
        } finally {
            pool.shutdownNow();
            pool.close();
        }
    }
}
