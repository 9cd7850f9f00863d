package io.github.multiprocess4j.core.internal.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Launcher;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(RestoresCacheDirectory.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StartupArchiveTest {

    @TempDir
    Path cache;

    @Test
    void theFirstChildTrainsAnArchiveThatLaterChildrenMap() throws Exception {
        System.setProperty("multiprocess4j.cacheDir", cache.toString());
        // the build's tests run with native access, which children get where it is of use (JDK 22+)
        Path archive = StartupArchive.archive(StartupArchive.nativeAccessOptions(ChildCommand.settings(List.of())));
        assertThat(archive).isNotNull().doesNotExist();

        assertThat(Launch.processes(1, () -> "trained")).containsExactly("trained");
        awaitFile(archive);

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
    void aChildWithNativeAccessMapsAnArchiveDumpedWithItAndSaysNothing() throws Exception {
        assumeTrue(Runtime.version().feature() >= 22, "JDK 22 and later compare the archive's native access");
        System.setProperty("multiprocess4j.cacheDir", cache.toString());
        String nativeAccess = "--enable-native-access=ALL-UNNAMED";
        Path archive = StartupArchive.archive(List.of(nativeAccess));
        assertThat(archive).isNotEqualTo(StartupArchive.archive());
        Launcher launcher = Launch.with(Launch.options().jvmArgs(nativeAccess).build());
        assertThat(launcher.processes(1, () -> "trained")).containsExactly("trained");
        awaitFile(archive);

        assertThat(launcher.processes(1, () -> String.join(" ",
                ManagementFactory.getRuntimeMXBean().getInputArguments())))
                .allMatch(line -> line.contains("-XX:SharedArchiveFile=" + archive));
        Process version = new ProcessBuilder(ChildCommand.javaBinary(), "-XX:SharedArchiveFile=" + archive,
                nativeAccess, "-version").redirectErrorStream(true).start();
        String output = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(version.waitFor()).isZero();

        assertThat(output).as("the JVM's complaint about an archive dumped without native access")
                .doesNotContain("[cds]").contains("sharing");
    }

    @Test
    void nativeAccessOptionsAreReadInEitherFormOnceEach() {
        assertThat(StartupArchive.nativeAccessOptions(List.of("-Xmx1g", "--enable-native-access=ALL-UNNAMED",
                "--enable-native-access", "m", "--enable-native-access=ALL-UNNAMED", "-Dx=--enable-native-access")))
                .containsExactly("--enable-native-access=ALL-UNNAMED", "--enable-native-access=m");
        assertThat(StartupArchive.nativeAccessOptions(List.of("--enable-native-access"))).isEmpty();
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Test
    void itsDirectoryIsCreatedForItsOwnerOnly() throws Exception {
        Path directory = cache.resolve("new").resolve("cache");
        System.setProperty("multiprocess4j.cacheDir", directory.toString());

        assertThat(StartupArchive.archive()).isNotNull();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
    }

    @Test
    void aDirectoryOthersCanWriteIsNotUsed() throws Exception {
        Path directory = Files.createDirectory(cache.resolve("shared"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        System.setProperty("multiprocess4j.cacheDir", directory.toString());

        String stderr = stderrDuring(() -> assertThat(StartupArchive.archive()).isNull());

        assertThat(stderr).contains("not using the start-up archive").contains(directory + " can be written by others");
    }

    @Test
    void anArchiveOthersCanWriteIsNotMapped() throws Exception {
        Path archive = plantedArchive();
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-rw-rw-"));

        String stderr = stderrDuring(() -> assertThat(StartupArchive.plan().flags).isEmpty());

        assertThat(stderr).contains(archive + " can be written by others");
    }

    @Test
    void anArchiveThatIsASymbolicLinkIsNotMapped() throws Exception {
        Path archive = plantedArchive();
        Path elsewhere = Files.move(archive, cache.resolve("elsewhere.jsa"));
        Files.createSymbolicLink(archive, elsewhere);

        String stderr = stderrDuring(() -> assertThat(StartupArchive.plan().flags).isEmpty());

        assertThat(stderr).contains(archive + " is a symbolic link");
    }

    @Test
    void anArchiveOfAnotherUserIsNotMapped() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a file to another user");
        Path archive = plantedArchive();
        Files.setAttribute(archive, "unix:uid", 65534);

        String stderr = stderrDuring(() -> assertThat(StartupArchive.plan().flags).isEmpty());

        assertThat(stderr).contains(archive + " is owned by");
    }

    /** A file where the archive would be, in a fresh cache. */
    private Path plantedArchive() throws Exception {
        System.setProperty("multiprocess4j.cacheDir", cache.resolve("planted").toString());
        Path archive = StartupArchive.archive();
        Files.write(archive, new byte[] {1, 2, 3});
        return archive;
    }

    static synchronized String stderrDuring(Runnable body) {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
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
