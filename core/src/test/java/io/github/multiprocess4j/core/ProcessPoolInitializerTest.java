package io.github.multiprocess4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.multiprocess4j.core.testing.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessPoolInitializerTest {

    /** What the initializer sets up in a worker, read by its tasks. */
    static final class Setup {
        static int runs;

        private Setup() {
        }

        /** Counts a run in this JVM and records this JVM's pid in {@code log}, one line per run. */
        static void run(String log) {
            runs++;
            append(log, ProcessHandle.current().pid() + "\n");
        }

        /** Fails the first time, when {@code marker} does not exist yet, after a while. */
        static void failOnce(String marker) throws Exception {
            Thread.sleep(300);
            Path path = Paths.get(marker);
            if (!Files.exists(path)) {
                Files.createFile(path);
                throw new IllegalStateException("no model to load yet");
            }
            runs++;
        }

        private static void append(String file, String text) {
            try {
                Files.write(Paths.get(file), text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void theInitializerRunsOnceInEveryWorkerReplacementsIncluded(@TempDir Path temp) throws Exception {
        String log = temp.resolve("init.log").toString();
        try (ProcessPool pool = ProcessPool.builder(2).output(Output.DISCARD).initializer(() -> Setup.run(log))
                .build()) {
            List<String> first = pool.map(IntStream.range(0, 50).boxed().collect(Collectors.toList()),
                    i -> ProcessHandle.current().pid() + " " + Setup.runs);
            assertThat(first).allSatisfy(answer -> assertThat(answer).endsWith(" 1"));

            long victim = Long.parseLong(first.get(0).split(" ")[0]);
            ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
            assertThat(Eventually.within(Duration.ofSeconds(10), () -> pids(log).size() == 3))
                    .as("a replacement ran the initializer").isTrue();
            List<String> after = pool.map(IntStream.range(0, 50).boxed().collect(Collectors.toList()),
                    i -> ProcessHandle.current().pid() + " " + Setup.runs);
            assertThat(after).allSatisfy(answer -> assertThat(answer).endsWith(" 1")
                    .doesNotStartWith(victim + " "));
        }
        List<String> pids = pids(log);
        assertThat(pids).as("one run per worker").hasSize(3).doesNotHaveDuplicates();
    }

    /** The pids the initializer recorded, one per run. */
    private static List<String> pids(String log) {
        try {
            Path path = Paths.get(log);
            return Files.exists(path) ? Files.readAllLines(path) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aFailedInitializerFailsTheTaskItsWorkerWasToRunAndTheReplacementServes(@TempDir Path temp)
            throws Exception {
        String marker = temp.resolve("marker").toString();
        try (ProcessPool pool = ProcessPool.builder(1).output(Output.DISCARD)
                .initializer(() -> Setup.failOnce(marker)).build()) {
            CompletableFuture<Integer> first = pool.submit(() -> Setup.runs);
            Throwable failure = catchThrowableOfType(ExecutionException.class, first::get).getCause();

            assertThat(failure).isInstanceOf(TaskFailedException.class)
                    .hasMessageContaining("initializer failed")
                    .cause().isInstanceOf(IllegalStateException.class).hasMessage("no model to load yet");
            assertThat(pool.submit(() -> Setup.runs).get()).isEqualTo(1);
        }
    }

    @Test
    void anInitializerThatAlwaysFailsBreaksThePool() throws Exception {
        try (ProcessPool pool = ProcessPool.builder(1).output(Output.DISCARD).initializer(() -> {
            throw new IllegalStateException("the database is down");
        }).build()) {
            assertThat(Eventually.within(Duration.ofSeconds(30), pool::isShutdown)).isTrue();
            assertThatThrownBy(() -> pool.submit(() -> 1)).isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("is broken", "failed their initializer", "the database is down");
        }
    }

    @Test
    void anInitializerThatCannotBeSerializedIsRefusedBeforeAnyWorkerStarts() {
        Object notSerializable = new Object();
        assertThatThrownBy(() -> ProcessPool.builder(1).initializer(() -> System.out.println(notSerializable)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
    }
}
