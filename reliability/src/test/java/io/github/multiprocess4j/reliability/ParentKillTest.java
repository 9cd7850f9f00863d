package io.github.multiprocess4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.multiprocess4j.core.testing.Eventually;
import io.github.multiprocess4j.core.testing.Processes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;

/**
 * A parent JVM killed with SIGKILL while it has children, a pool, segments, locks, objects and queues in use (its
 * children in the middle of puts and gets), at a random instant: no process it started outlives it, and no file it
 * or its children created does (the segment tracker of each JVM unlinks them), but the one it kept.
 */
class ParentKillTest extends FaultInjectionTest {

    private static final Path DEV_SHM = Paths.get("/dev/shm");
    private static final Duration GONE_WITHIN = Duration.ofSeconds(10);

    @Override
    void run(Random random, int round) throws Exception {
        Process parent = new ProcessBuilder(parentCommand()).redirectErrorStream(true).start();
        List<ProcessHandle> family = new ArrayList<>();
        List<String> files = new ArrayList<>();
        String kept = null;
        try {
            BufferedReader lines = new BufferedReader(
                    new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
            for (String line = lines.readLine(); !"ready".equals(line); line = lines.readLine()) {
                assertThat(line).as("the parent's output").isNotNull();
                if (line.startsWith("file ")) {
                    files.add(line.substring(5));
                } else if (line.startsWith("kept ")) {
                    kept = line.substring(5);
                }
            }
            assertThat(files).allMatch(name -> Files.exists(DEV_SHM.resolve(name)));

            Thread.sleep(random.nextInt(1_000));
            family.addAll(parent.descendants().collect(Collectors.toList()));
            parent.destroyForcibly();
            parent.waitFor();
            Figures.FAULTS.incrementAndGet();

            assertThat(Eventually.within(GONE_WITHIN, () -> family.stream().noneMatch(Processes::isRunning)))
                    .as("every process the parent started is gone: %s", describe(family)).isTrue();
            assertThat(Eventually.within(GONE_WITHIN, () -> files.stream().noneMatch(name -> Files.exists(DEV_SHM.resolve(name)))))
                    .as("every file it and its children created is unlinked: %s", files).isTrue();
            assertThat(DEV_SHM.resolve(kept)).as("the segment it kept").exists();
            Figures.VALUES.addAndGet(files.size() + 1);
            Figures.ITEMS.addAndGet(family.size());
        } finally {
            parent.destroyForcibly();
            family.forEach(ProcessHandle::destroyForcibly);
            if (kept != null) {
                Files.deleteIfExists(DEV_SHM.resolve(kept));
            }
        }
    }

    private static List<String> parentCommand() {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("multiprocess4j."))
                .sorted().forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DoomedParent.class.getName());
        return command;
    }

    private static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(process -> process.pid() + " " + process.info().command().orElse("?"))
                .collect(Collectors.joining(", "));
    }

    @BeforeAll
    static void requireDevShm() {
        assumeTrue(Files.isDirectory(DEV_SHM), "no /dev/shm on this system");
    }
}
