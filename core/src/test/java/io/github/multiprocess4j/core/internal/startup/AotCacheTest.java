package io.github.multiprocess4j.core.internal.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.ipc.Futex;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOT cache of JDK 24 and later: when it applies, what it is keyed by, which caches are trusted, and (on such a
 * JDK) that a parent running from jars has one made and its children map it, while a bad one changes nothing.
 */
@ExtendWith(RestoresCacheDirectory.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AotCacheTest {

    @TempDir
    Path temp;

    @Test
    void onlyAClassPathOfJarsWithoutSharingOptionsOrAgentsFits() throws Exception {
        Path jar = Files.write(temp.resolve("a.jar"), new byte[] {1});
        Path directory = Files.createDirectory(temp.resolve("classes"));

        assertThat(AotCache.fits(List.of("-Xmx64m", "-Dx=y"), List.of(jar.toString()))).isTrue();
        assertThat(AotCache.fits(List.of(), List.of(jar.toString(), directory.toString()))).as("a directory").isFalse();
        assertThat(AotCache.fits(List.of(), List.of(temp.resolve("missing.jar").toString()))).isFalse();
        assertThat(AotCache.fits(List.of(), null)).as("on the module path").isFalse();
        for (String option : List.of("-Xshare:off", "-XX:SharedArchiveFile=x", "-XX:AOTCache=x",
                "-XX:ArchiveClassesAtExit=x", "-javaagent:a.jar", "-agentlib:jdwp=x")) {
            assertThat(AotCache.fits(List.of(option), List.of(jar.toString()))).as(option).isFalse();
        }
    }

    @Test
    void theKeyFollowsTheJarsAndTheOptionsButNotSystemProperties() throws Exception {
        Path jar = Files.write(temp.resolve("a.jar"), new byte[] {1});
        List<String> classPath = List.of(jar.toString());
        Path first = AotCache.location(temp, List.of("-Xmx64m", "-Dindex=1"), classPath);

        assertThat(AotCache.location(temp, List.of("-Xmx64m", "-Dindex=2"), classPath)).isEqualTo(first);
        assertThat(AotCache.location(temp, List.of("-Xmx32m"), classPath)).isNotEqualTo(first);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        assertThat(AotCache.location(temp, List.of("-Xmx64m"), classPath)).as("a rebuilt jar").isNotEqualTo(first);
        assertThat(first.getParent()).isEqualTo(temp);
        assertThat(first.getFileName().toString()).startsWith("aot-").endsWith(".aot");
    }

    @Test
    void sweepingKeepsTheMostRecentlyUsedCachesAndDropsOldOnes() throws Exception {
        long now = System.currentTimeMillis();
        List<Path> caches = new ArrayList<>();
        for (int i = 0; i < AotCache.KEPT + 3; i++) {
            Path cache = Files.write(temp.resolve("aot-" + i + ".aot"), new byte[] {1});
            Files.setLastModifiedTime(cache, FileTime.fromMillis(now - i * 60_000L));
            caches.add(cache);
        }
        Files.setLastModifiedTime(caches.get(1), FileTime.fromMillis(now - TimeUnit.DAYS.toMillis(40)));
        Path archive = Files.write(temp.resolve("jdk-classes-x.jsa"), new byte[] {1});

        AotCache.sweep(temp);

        assertThat(caches.get(0)).exists();
        assertThat(caches.get(1)).as("unused for 40 days").doesNotExist();
        assertThat(caches.subList(2, AotCache.KEPT + 1)).allMatch(Files::exists);
        assertThat(caches.subList(AotCache.KEPT + 1, caches.size())).noneMatch(Files::exists);
        assertThat(archive).exists();
    }

    @Test
    void beforeJdk24OrWithADirectoryOnTheClassPathChildrenGetTheArchiveOfJdkClasses() throws Exception {
        System.setProperty("multiprocess4j.cacheDir", temp.resolve("cache").toString());
        Path directory = Files.createDirectory(temp.resolve("classes"));

        StartupArchive.Plan plan = StartupArchive.plan(List.of(), List.of(directory.toString()), "Main", null);

        assertThat(plan.flags).noneMatch(flag -> flag.startsWith("-XX:AOTCache"));
        try (Stream<Path> files = Files.list(temp.resolve("cache"))) {
            assertThat(files).noneMatch(file -> file.getFileName().toString().startsWith("aot-"));
        }
    }

    @Test
    void anUntrustedCacheIsNotMapped() throws Exception {
        assumeTrue(AotCache.supported(), "AOT caches need JDK " + AotCache.FIRST_FEATURE);
        Path cacheDirectory = temp.resolve("cache");
        System.setProperty("multiprocess4j.cacheDir", cacheDirectory.toString());
        Path jar = Files.write(temp.resolve("a.jar"), new byte[] {1});
        List<String> classPath = List.of(jar.toString());
        Path cache = AotCache.location(CacheDirectory.create(cacheDirectory), List.of(), classPath);
        Files.write(cache, new byte[] {1, 2, 3});
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rw-rw-rw-"));

        String stderr = StartupArchiveTest.stderrDuring(
                () -> assertThat(StartupArchive.plan(List.of(), classPath, "Main", null).flags)
                        .noneMatch(flag -> flag.startsWith("-XX:AOTCache")));

        assertThat(stderr).contains(cache + " can be written by others");
        if ("root".equals(System.getProperty("user.name"))) {
            Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rw-------"));
            Files.setAttribute(cache, "unix:uid", 65534);
            stderr = StartupArchiveTest.stderrDuring(
                    () -> assertThat(StartupArchive.plan(List.of(), classPath, "Main", null).flags)
                            .noneMatch(flag -> flag.startsWith("-XX:AOTCache")));
            assertThat(stderr).contains(cache + " is owned by");
        }
    }

    /**
     * End to end, on JDK 24 or later: a parent whose class path is jars has a cache trained in the background; its
     * later children map it; and a corrupt cache in its place leaves children working and silent.
     */
    @Test
    void aParentRunningFromJarsGetsACacheThatItsChildrenMapAndACorruptOneIsIgnored() throws Exception {
        assumeTrue(AotCache.supported(), "AOT caches need JDK " + AotCache.FIRST_FEATURE);
        Path cacheDirectory = temp.resolve("cache");
        String classPath = jarOf(Paths.get(Launch.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
                "library.jar") + java.io.File.pathSeparator
                + jarOf(Paths.get(ParentMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
                        "tests.jar") + java.io.File.pathSeparator
                + jarOf(Paths.get(Futex.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
                        "ipc.jar");

        String first = runParent(classPath, cacheDirectory, "-Dawait.aot.cache=" + cacheDirectory);
        assertThat(first).as("children before the cache exists").contains("ok").doesNotContain("-XX:AOTCache=");
        Path cache = awaitCache(cacheDirectory);
        String second = runParent(classPath, cacheDirectory, "-Dno.wait=1");
        assertThat(second).as("children once it exists").contains("-XX:AOTCache=" + cache);

        Files.write(cache, "not a cache".getBytes(StandardCharsets.UTF_8));
        String corrupt = runParent(classPath, cacheDirectory, "-Dno.wait=1");
        assertThat(corrupt).as("children of a corrupt cache").contains("-XX:AOTCache=" + cache)
                .doesNotContain("error").doesNotContain("aot]");
    }

    /** Runs a parent that launches two children reporting their JVM arguments; gives everything it printed. */
    private String runParent(String classPath, Path cacheDirectory, String property) throws Exception {
        List<String> command = new ArrayList<>(List.of(ChildCommand.javaBinary(),
                "-Dmultiprocess4j.cacheDir=" + cacheDirectory, property, "-cp", classPath, ParentMain.class.getName(),
                "arguments"));
        Process parent = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(parent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(parent.waitFor()).as(output).isZero();
        return output;
    }

    private static Path awaitCache(Path cacheDirectory) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(cacheDirectory)) {
                List<Path> caches = files.filter(file -> file.getFileName().toString().matches("aot-[0-9a-f]+\\.aot"))
                        .toList();
                if (!caches.isEmpty()) {
                    return caches.get(0);
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no AOT cache was made in " + cacheDirectory);
    }

    /** A jar of a directory of classes (the build's output), so that the parent's class path holds jars only. */
    /** {@code classes} as a jar: itself if it is one (a module built in the same reactor), else packed. */
    private Path jarOf(Path classes, String name) throws IOException {
        if (Files.isRegularFile(classes)) {
            return classes;
        }
        Path jar = temp.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream entries = new JarOutputStream(out);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                entries.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, entries);
                entries.closeEntry();
            }
        }
        return jar;
    }

    static String inputArguments() {
        return String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
    }
}
