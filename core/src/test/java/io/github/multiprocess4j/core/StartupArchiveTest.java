package io.github.multiprocess4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StartupArchiveTest {

    @TempDir
    Path cache;

    private final String configuredCache = System.getProperty("multiprocess4j.cacheDir");

    @AfterEach
    void restoreCache() {
        if (configuredCache == null) {
            System.clearProperty("multiprocess4j.cacheDir");
        } else {
            System.setProperty("multiprocess4j.cacheDir", configuredCache);
        }
    }

    @Test
    void theFirstChildTrainsAnArchiveThatLaterChildrenMap() throws Exception {
        System.setProperty("multiprocess4j.cacheDir", cache.toString());
        Path archive = StartupArchive.archive();
        assertThat(archive).isNotNull().doesNotExist();

        assertThat(Launch.processes(1, () -> "trained")).containsExactly("trained");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(archive) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertThat(archive).isRegularFile();
        assertThat(Files.size(archive)).isGreaterThan(1_000_000);
        List<String> arguments = Launch.processes(2, () -> String.join(" ",
                ManagementFactory.getRuntimeMXBean().getInputArguments()));
        assertThat(arguments).allMatch(line -> line.contains("-XX:SharedArchiveFile=" + archive));
        try (var files = Files.list(cache)) {
            assertThat(files).containsExactly(archive);
        }
    }

    @Test
    void archivesCanBeTurnedOff() {
        System.setProperty("multiprocess4j.startupArchive", "false");
        try {
            assertThat(StartupArchive.archive()).isNull();
            assertThat(StartupArchive.plan().flags).isEmpty();
        } finally {
            System.clearProperty("multiprocess4j.startupArchive");
        }
    }
}
