package io.github.multiprocess4j.reliability;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.LaunchOptions;
import io.github.multiprocess4j.core.Output;
import io.github.multiprocess4j.core.TaskFailedException;
import io.github.multiprocess4j.core.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every structure with a header in shared memory ({@link FuzzTarget#all()}), damaged and then used: header fields
 * overwritten with random bytes and with boundary values, files truncated to nothing, into the header and into the
 * data. Each use either succeeds with values that were really written or fails with a clear exception
 * ({@link FuzzVerdict}); it never crashes the JVM, hangs, or allocates what a damaged length asks for.
 *
 * <p>The cases of a round and a structure run in a child JVM with a small heap and a time limit, so that a crash (a
 * SIGBUS in a mapping), a hang or a huge allocation shows as this test's failure, with the case that caused it, and
 * not as a dead test JVM.
 */
class HeaderFuzzTest {

    /** Ten times what the cases of a round take, one JVM start-up included, on two busy cores. */
    private static final Duration CHILD_TIME_LIMIT = Duration.ofSeconds(90);
    /** Enough for every value the structures hold; far too little for an array of a damaged length. */
    private static final LaunchOptions SMALL_HEAP_WITH_TIME_LIMIT = Launch.options()
            .jvmArgs("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1").timeout(CHILD_TIME_LIMIT)
            .output(Output.CAPTURE).build();

    static Stream<Arguments> roundsAndStructures() {
        List<FuzzTarget> targets = FuzzTarget.all();
        return Rounds.indexes().boxed().flatMap(round -> IntStream.range(0, targets.size())
                .mapToObj(target -> Arguments.of(round, target, targets.get(target).kind())));
    }

    @ParameterizedTest(name = "round {0}: {2}")
    @MethodSource("roundsAndStructures")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void damagedHeadersFailClearlyOrReadWhatWasWritten(int round, int target, String kind) throws Exception {
        long seed = Rounds.random(getClass(), round).nextLong() + target;
        String prefix = "mp4j_fuzz_" + ProcessHandle.current().pid() + "_" + round + "_" + target;
        Worker<Integer> child = Launch.with(SMALL_HEAP_WITH_TIME_LIMIT)
                .process(() -> HeaderFuzzCases.run(target, prefix, seed));
        try {
            Figures.HEADERS.addAndGet(child.result());
        } catch (TaskFailedException e) {
            throw new AssertionError(Rounds.replay(getClass(), round) + ", " + kind + ": " + e.getMessage()
                    + "\nthe child's output:\n" + child.output(), e);
        } finally {
            child.kill();
            child.join();
            removeStartingWith(prefix + "_");
        }
    }

    /** Removes what a child that failed may have left. */
    private static void removeStartingWith(String prefix) throws IOException {
        List<Path> left;
        try (Stream<Path> files = Files.list(FuzzTarget.DIRECTORY)) {
            left = files.filter(file -> file.getFileName().toString().startsWith(prefix))
                    .collect(Collectors.toList());
        }
        for (Path file : left) {
            Files.deleteIfExists(file);
        }
    }

    @BeforeAll
    static void requireDevShm() {
        assumeTrue(Files.isDirectory(FuzzTarget.DIRECTORY), "no /dev/shm on this system");
    }
}
