package io.github.multiprocess4j.core.internal.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A class-data-sharing archive of the JDK classes a child JVM needs, so that children start about 30 % faster.
 *
 * <p>The first child launched with a given JDK records the classes it loads
 * ({@code -XX:DumpLoadedClassList}); once it has exited, a background JVM dumps a static archive of them with an
 * empty class path ({@code -Xshare:dump}), checks that it maps, and moves it into the cache. Later children map
 * it with {@code -XX:SharedArchiveFile}. Because the archive holds only JDK classes it fits every class path,
 * directories included (an archive of application classes would refuse class-path directories and would go
 * stale whenever a jar changes). It is keyed by the JDK build and this library's version, so another JDK or a
 * new release makes a new one. A JVM that cannot map it (other GC or heap flags) silently starts without it.
 * Children given native access ({@code --enable-native-access}, which their parent passes on to them where it has it)
 * get an archive dumped with the same option, keyed by it too: JDK 22 and later compare it with the archive's, and on
 * a mismatch print an error and map the archive without its module graph.
 *
 * <p>On JDK 24 and later, a child whose class path holds only jars gets an {@link AotCache} instead, which holds its
 * jars' classes too; the archive of JDK classes then serves only until that cache is made.
 *
 * <p>Kept in the directory named by the system property {@code multiprocess4j.cacheDir}, else in
 * {@code $XDG_CACHE_HOME/multiprocess4j} or {@code ~/.cache/multiprocess4j}; disabled with the system property
 * {@code multiprocess4j.startupArchive=false}, or when that directory cannot be written.
 *
 * <p>Every JVM started with an archive maps it, so another user who could write it would choose what classes
 * children load. The directory is created with mode 0700; a directory or archive that is a symbolic link, belongs
 * to another user or can be written by others is not used, and one line on standard error says why. Temporary
 * files there are created with mode 0600 under random names.
 */
final class StartupArchive {

    /** A tag for what a child loads; change it when the child's main class changes what it uses, or its name. */
    private static final String LAYOUT = "child-3";
    /** Archives this JVM has trained or is training; a failed dump is not retried. */
    private static final Set<Path> ATTEMPTED = ConcurrentHashMap.newKeySet();
    private static final long DUMP_TIMEOUT_SECONDS = 120;
    /** Why archives were not used, each said once. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    private static final String NATIVE_ACCESS = "--enable-native-access";

    private StartupArchive() {
    }

    /** The flags for the next child, and what to do once it has exited. */
    static final class Plan {
        final List<String> flags;
        private final Path classList;
        private final Path archive;
        /** The options the archive is dumped with, besides where from and where to. */
        private final List<String> dumpOptions;

        private Plan(List<String> flags, Path classList, Path archive, List<String> dumpOptions) {
            this.flags = flags;
            this.classList = classList;
            this.archive = archive;
            this.dumpOptions = dumpOptions;
        }

        /** Called with the child's exit code; a training child's class list becomes an archive. */
        void childExited(int exitCode) {
            if (classList == null) {
                return;
            }
            if (exitCode == 0) {
                Thread dumping = new Thread(() -> dump(classList, archive, dumpOptions),
                        "multiprocess4j-startup-archive");
                dumping.setDaemon(true);
                dumping.start();
            } else {
                deleteQuietly(classList);
                ATTEMPTED.remove(archive);
            }
        }
    }

    /** No archive: the child starts the ordinary way. */
    static final Plan NONE = new Plan(List.of(), null, null, List.of());

    /**
     * The flags for a child: its {@link AotCache} where it can have one and it exists, else the archive of JDK
     * classes. A missing cache starts being made in the background, and meanwhile the archive is used if it exists,
     * without training one.
     *
     * @param settings the child's options besides fixed flags, paths and main class
     * @param classPath its class path entries, or {@code null} when it runs on the module path
     * @param mainClass the name of its main class
     * @param training what a child that trains a cache runs
     */
    static Plan plan(List<String> settings, List<String> classPath, String mainClass, TrainingRun training) {
        List<String> dumpOptions = nativeAccessOptions(settings);
        if (!AotCache.supported() || !AotCache.fits(settings, classPath)) {
            return plan(true, dumpOptions);
        }
        Path archive = archive(dumpOptions);
        if (archive == null) {
            return NONE;
        }
        Path cache;
        try {
            cache = AotCache.location(archive.getParent(), settings, classPath);
        } catch (IOException | RuntimeException e) {
            return plan(true, dumpOptions);
        }
        if (!Files.exists(cache, LinkOption.NOFOLLOW_LINKS)) {
            AotCache.trainInBackground(cache, settings, classPath, mainClass, training);
            return plan(false, dumpOptions);
        }
        return whyUntrusted(cache, false) == null ? new Plan(AotCache.flags(cache), null, null, List.of())
                : plan(true, dumpOptions);
    }

    /** The archive of JDK classes for a child without native access: its flags if it exists, else its training's. */
    static Plan plan() {
        return plan(true, List.of());
    }

    /**
     * The archive of JDK classes for a child with {@code dumpOptions}: its flags if it exists, else, if
     * {@code mayTrain}, its training's.
     */
    private static Plan plan(boolean mayTrain, List<String> dumpOptions) {
        Path archive = archive(dumpOptions);
        if (archive == null) {
            return NONE;
        }
        if (Files.exists(archive, LinkOption.NOFOLLOW_LINKS)) {
            String untrusted = whyUntrusted(archive, false);
            if (untrusted != null) {
                return NONE;
            }
            return new Plan(List.of("-XX:SharedArchiveFile=" + archive), null, archive, dumpOptions);
        }
        if (!mayTrain || !ATTEMPTED.add(archive)) {
            return NONE;
        }
        try {
            deleteLeftovers(archive.getParent());
            Path classList = Files.createTempFile(archive.getParent(), "classes-", ".txt");
            classList.toFile().deleteOnExit();
            return new Plan(List.of("-XX:DumpLoadedClassList=" + classList), classList, archive, dumpOptions);
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }

    private static void dump(Path classList, Path archive, List<String> options) {
        Path temporary = null;
        try {
            temporary = Files.createTempFile(archive.getParent(), "archive-", ".tmp");
            temporary.toFile().deleteOnExit();
            boolean dumped = run(options, "-Xshare:dump", "-XX:SharedClassListFile=" + classList,
                    "-XX:SharedArchiveFile=" + temporary, "-Xlog:disable")
                    && run(options, "-XX:SharedArchiveFile=" + temporary, "-Xshare:on", "-Xlog:disable", "-version");
            if (dumped) {
                Files.move(temporary, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // no archive: children start the ordinary way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (temporary != null) {
                deleteQuietly(temporary);
            }
            deleteQuietly(classList);
        }
    }

    /** Runs this JDK's {@code java} with {@code options}, then {@code flags}: whether it succeeded in time. */
    private static boolean run(List<String> options, String... flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ChildCommand.javaBinary());
        command.addAll(options);
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Children.add(process);
        if (!process.waitFor(DUMP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return false;
        }
        return process.exitValue() == 0;
    }

    /** The archive for this JDK and library version, of a child without native access. */
    static Path archive() {
        return archive(List.of());
    }

    /**
     * The archive for this JDK and library version, of a child with {@code dumpOptions}, or {@code null} when
     * archives are off.
     */
    static Path archive(List<String> dumpOptions) {
        if ("false".equals(System.getProperty("multiprocess4j.startupArchive"))) {
            return null;
        }
        Path cache = cacheDirectory();
        if (cache == null) {
            return null;
        }
        String key = dumpOptions.isEmpty() ? jdkKey() : jdkKey() + "|" + String.join("|", dumpOptions);
        return cache.resolve("jdk-classes-" + sha256(key).substring(0, 16) + ".jsa");
    }

    /**
     * A child's native access options, each as {@code --enable-native-access=<modules>}: what its archive must be
     * dumped with (see the class comment).
     */
    static List<String> nativeAccessOptions(List<String> settings) {
        List<String> options = new ArrayList<>();
        for (int i = 0; i < settings.size(); i++) {
            String setting = settings.get(i);
            String option = null;
            if (setting.startsWith(NATIVE_ACCESS + "=")) {
                option = setting;
            } else if (setting.equals(NATIVE_ACCESS) && i + 1 < settings.size()) {
                option = NATIVE_ACCESS + "=" + settings.get(++i);
            }
            if (option != null && !options.contains(option)) {
                options.add(option);
            }
        }
        return options;
    }

    /** What every archive and cache is keyed by: the JDK build, what a child loads, this library's version. */
    static String jdkKey() {
        return String.join("|", System.getProperty("java.home"), System.getProperty("java.vm.version"),
                System.getProperty("java.runtime.version"), System.getProperty("os.arch"), LAYOUT,
                String.valueOf(StartupArchive.class.getPackage().getImplementationVersion()));
    }

    private static Path cacheDirectory() {
        Path directory = CacheDirectory.location();
        try {
            CacheDirectory.create(directory);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return whyUntrusted(directory, true) == null && Files.isWritable(directory) ? directory : null;
    }

    /** Why an archive or its directory is not to be used, said once on standard error; {@code null} if it is. */
    private static String whyUntrusted(Path path, boolean directory) {
        String reason;
        try {
            reason = PrivateFiles.whyUntrusted(path, directory);
        } catch (IOException | RuntimeException e) {
            reason = "cannot check " + path + ": " + e;
        }
        if (reason != null && WARNED.add(reason)) {
            System.err.println("multiprocess4j: not using the start-up archive: " + reason);
        }
        return reason;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Class lists and half-written archives of JVMs that were killed while training. */
    private static void deleteLeftovers(Path cache) throws IOException {
        long cutoff = System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(10);
        try (var files = Files.list(cache)) {
            files.filter(file -> {
                String name = file.getFileName().toString();
                return name.startsWith("classes-") && name.endsWith(".txt") || name.endsWith(".tmp");
            }).filter(file -> {
                try {
                    return Files.getLastModifiedTime(file).toMillis() < cutoff;
                } catch (IOException e) {
                    return false;
                }
            }).forEach(StartupArchive::deleteQuietly);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stray temporary file in the cache does no harm
        }
    }
}
