package io.github.multiprocess4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.internal.startup.ChildCommand;
import io.github.multiprocess4j.core.internal.startup.ParentMain;
import io.github.multiprocess4j.core.testing.Processes;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ParentDeathTest {

    @ParameterizedTest
    @ValueSource(strings = {"orphans", "pool-orphans"})
    void childrenExitWhenTheirParentIsKilled(String mode) throws Exception {
        Process parent = new ProcessBuilder(ParentMain.command("-cp",
                String.join(File.pathSeparator, ChildCommand.classPathEntries(getClass().getClassLoader())),
                ParentMain.class.getName(), mode))
                .redirectErrorStream(true).start();
        List<ProcessHandle> children = new ArrayList<>();
        try {
            String line = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(line).startsWith("pids ");
            Arrays.stream(line.substring(5).split(" ")).mapToLong(Long::parseLong)
                    .forEach(pid -> ProcessHandle.of(pid).ifPresent(children::add));
            assertThat(children).hasSizeGreaterThanOrEqualTo(2).allMatch(ProcessHandle::isAlive);

            long killedAt = System.nanoTime();
            parent.toHandle().destroyForcibly();
            parent.waitFor();

            while (children.stream().anyMatch(Processes::isRunning)
                    && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(5)) {
                Thread.sleep(10);
            }
            Duration allGone = Duration.ofNanos(System.nanoTime() - killedAt);

            assertThat(children).noneMatch(Processes::isRunning);
            assertThat(allGone).isLessThan(Duration.ofSeconds(2));
        } finally {
            parent.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
