package io.github.multiprocess4j.core.internal.startup;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An ahead-of-time cache (JDK 24 and later, JEP 483 and 514) of the classes a child JVM loads and links, this library's
 * and the application's jars included, with their lambda forms and resolved call sites: what
 * {@link StartupArchive}'s archive of JDK classes cannot hold, since it must fit any class path.
 *
 * <p>It applies when every class path entry is a jar (a directory's classes cannot be cached), there is no module
 * path, and the child's own options do not choose class-data sharing themselves ({@code -Xshare}, archive and AOT
 * options) or add an agent. It is keyed by the JDK, this library's version, the child's options other than system
 * properties, and each jar's path, size and modification time, so a rebuilt jar makes a new cache. The first child
 * that finds none starts, in the background, a training child running a task of this library
 * ({@link TrainingRun}; the application's task never runs twice) with {@code -XX:AOTMode=record}, then the cache's
 * creation ({@code -XX:AOTMode=create}) and a check that it maps ({@code -XX:AOTMode=on}); only then is it moved into
 * the cache directory. Recording makes a JVM's exit seconds slower, which is why no application child trains. Until the
 * cache exists children use the archive of JDK classes if there is one. A child given the cache maps it with
 * {@code -XX:AOTCache}, its {@code aot} log turned off: a cache the JVM cannot use after all (other heap size, say)
 * is then ignored silently, as an archive is.
 *
 * <p>Caches live beside the archive and are trusted the same way ({@link PrivateFiles}). A cache used by this JVM has
 * its modification time renewed once; after each new cache, those not used for {@value #UNUSED_DAYS} days, and all
 * but the {@value #KEPT} most recently used, are deleted. A training that fails leaves a {@code .failed} file, so
 * that later JVMs do not try again; deleting it tries again.
 *
 * <p>Thread-safe.
 */
final class AotCache {

    /** The first JDK with an AOT cache. */
    static final int FIRST_FEATURE = 24;
    /** The JVM logs what it cannot use in the cache as errors; a child that starts without it says nothing. */
    static final String QUIET = "-Xlog:aot*=off:stderr";
    static final int KEPT = 10;
    static final int UNUSED_DAYS = 30;

    /** Options with which the JVM refuses, or must not get, a cache: they choose sharing themselves, or add agents. */
    private static final List<String> CONFLICTING = List.of("-Xshare", "-XX:SharedArchiveFile",
            "-XX:SharedClassListFile", "-XX:DumpLoadedClassList", "-XX:ArchiveClassesAtExit",
            "-XX:+AutoCreateSharedArchive", "-XX:AOT", "-XX:-UseSharedSpaces", "-javaagent", "-agentlib",
            "-agentpath");
    private static final long STEP_TIMEOUT_SECONDS = 120;
    private static final Set<Path> ATTEMPTED = ConcurrentHashMap.newKeySet();
    private static final Set<Path> TOUCHED = ConcurrentHashMap.newKeySet();

    private AotCache() {
    }

    /** Whether this JVM's children can have a cache at all. */
    static boolean supported() {
        return Runtime.version().feature() >= FIRST_FEATURE
                && !"false".equals(System.getProperty("multiprocess4j.aotCache"));
    }

    /**
     * Whether a child with these options and class path can have a cache.
     *
     * @param settings its options other than the fixed flags, paths and main class
     * @param classPath its class path entries; {@code null} when it runs on the module path
     */
    static boolean fits(List<String> settings, List<String> classPath) {
        if (classPath == null || classPath.isEmpty()) {
            return false;
        }
        for (String setting : settings) {
            for (String conflicting : CONFLICTING) {
                if (setting.startsWith(conflicting)) {
                    return false;
                }
            }
        }
        for (String entry : classPath) {
            if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
                return false;
            }
        }
        return true;
    }

    /** The cache for a child's options and class path, whether it exists or not. */
    static Path location(Path directory, List<String> settings, List<String> classPath) throws IOException {
        StringBuilder key = new StringBuilder(StartupArchive.jdkKey());
        for (String option : options(settings)) {
            key.append('\0').append(option);
        }
        for (String entry : classPath) {
            Path jar = Path.of(entry);
            key.append('\0').append(entry).append('\0').append(Files.size(jar)).append('\0')
                    .append(Files.getLastModifiedTime(jar).toMillis());
        }
        return directory.resolve("aot-" + StartupArchive.sha256(key.toString()).substring(0, 16) + ".aot");
    }

    /** The flags that map an existing cache; renews its modification time once per JVM. */
    static List<String> flags(Path cache) {
        if (TOUCHED.add(cache)) {
            try {
                Files.setLastModifiedTime(cache, FileTime.fromMillis(System.currentTimeMillis()));
            } catch (IOException e) {
                // it may then be swept sooner, and made again
            }
        }
        return List.of("-XX:AOTCache=" + cache, QUIET);
    }

    /**
     * Starts making the cache in the background, once per JVM, unless it failed before.
     *
     * @param mainClass the child's main class, which the training child runs
     */
    static void trainInBackground(Path cache, List<String> settings, List<String> classPath, String mainClass,
            TrainingRun training) {
        if (training == null || Files.exists(failedMarker(cache), LinkOption.NOFOLLOW_LINKS) || !ATTEMPTED.add(cache)) {
            return;
        }
        Thread thread = new Thread(() -> train(cache, options(settings), classPath, mainClass, training),
                "multiprocess4j-aot-cache");
        thread.setDaemon(true);
        thread.start();
    }

    /** The options the cache depends on: all but system properties, which would make a cache per value. */
    static List<String> options(List<String> settings) {
        return settings.stream().filter(setting -> !setting.startsWith("-D")).collect(Collectors.toList());
    }

    private static void train(Path cache, List<String> options, List<String> classPath, String mainClass,
            TrainingRun training) {
        Path directory = cache.getParent();
        List<Path> temporary = new ArrayList<>();
        try {
            Path configuration = temporaryFile(directory, temporary);
            Path made = temporaryFile(directory, temporary);
            Path answer = temporaryFile(directory, temporary);
            String path = String.join(File.pathSeparator, classPath);
            List<String> trainee = new ArrayList<>();
            trainee.add(mainClass);
            trainee.addAll(training.mainArguments(answer));
            boolean done = run(command(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration),
                    options, path, trainee), training.input())
                    && run(command(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration,
                            "-XX:AOTCache=" + made), options, path, List.of()), null)
                    && run(command(List.of("-XX:AOTMode=on", "-XX:AOTCache=" + made), options, path,
                            List.of("-version")), null);
            if (done) {
                Files.move(made, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                sweep(directory);
            } else {
                Files.write(failedMarker(cache), new byte[0]);
            }
        } catch (IOException | RuntimeException e) {
            // no cache: children start with the archive of JDK classes, or without
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            temporary.forEach(StartupArchive::deleteQuietly);
        }
    }

    private static Path temporaryFile(Path directory, List<Path> created) throws IOException {
        Path file = Files.createTempFile(directory, "aot-", ".tmp");
        created.add(file);
        return file;
    }

    /** A step's command: a child's fixed flags, the step's AOT flags, the child's options and class path, the rest. */
    private static List<String> command(List<String> aotFlags, List<String> options, String classPath,
            List<String> rest) {
        List<String> command = new ArrayList<>();
        command.add(ChildCommand.javaBinary());
        command.addAll(ChildCommand.BASE_FLAGS);
        command.addAll(aotFlags);
        command.addAll(options);
        command.add("-cp");
        command.add(classPath);
        command.addAll(rest);
        return command;
    }

    /**
     * Runs one step and says whether it exited with 0; {@code input}, if any, is written to its standard input, which
     * is kept open until it exits (a child takes the end of its input for its parent's death).
     */
    private static boolean run(List<String> command, byte[] input) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Children.add(process);
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input);
                stdin.flush();
            }
            if (!process.waitFor(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
        } catch (IOException e) {
            process.waitFor(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        return process.exitValue() == 0;
    }

    private static Path failedMarker(Path cache) {
        return cache.resolveSibling(cache.getFileName() + ".failed");
    }

    /** Deletes caches not used for {@value #UNUSED_DAYS} days, and all but the {@value #KEPT} most recently used. */
    static void sweep(Path directory) throws IOException {
        long cutoff = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(UNUSED_DAYS);
        List<Path> caches;
        try (Stream<Path> files = Files.list(directory)) {
            caches = files.filter(file -> {
                String name = file.getFileName().toString();
                return name.startsWith("aot-") && name.endsWith(".aot");
            }).sorted(Comparator.comparingLong(AotCache::modified).reversed()).collect(Collectors.toList());
        }
        for (int i = 0; i < caches.size(); i++) {
            if (i >= KEPT || modified(caches.get(i)) < cutoff) {
                StartupArchive.deleteQuietly(caches.get(i));
            }
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
