package io.github.multiprocess4j.core.internal.startup;

import io.github.multiprocess4j.ipc.Futex;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The command line of a child JVM: this JVM's own {@code java} binary and class path (including what a build
 * tool's class loader added), start-up flags, what the parent's settings pass on ({@link InheritedJvmArguments}), this
 * library's {@code multiprocess4j.*} properties, the launch's JVM arguments, this JVM's module path and module options
 * if it has them ({@link ModulePathArguments}), then the child's main class (the channel's {@code ChildMain}) and its
 * arguments: where to report and how to run. Nothing secret goes on it: every user of the machine can read a
 * process's command line, so the child's token travels over its standard input.
 *
 * <p>Paths too long for a command line go into an {@code @argfile}, written once per set of paths.
 */
public final class ChildCommand {

    /** Well under Windows' 32 K command line and Linux's 128 K limit for one argument. */
    static final int ARGFILE_THRESHOLD = 8_000;

    private static final Map<List<String>, Path> ARGFILES = new ConcurrentHashMap<>();

    /** Fixed flags: warnings off standard output, no perf-data file, UTF-8 output to decode reliably. */
    static final List<String> BASE_FLAGS = List.of(
            "-XX:-UsePerfData",
            "-Xlog:disable", "-Xlog:all=warning:stderr",
            "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8",
            "-Dsun.stdout.encoding=UTF-8", "-Dsun.stderr.encoding=UTF-8");

    private ChildCommand() {
    }

    /**
     * The command line.
     *
     * @param settings what {@link #settings} gave
     * @param archiveFlags the start-up archive's or cache's flags
     * @param classPath what {@link #classPathEntries} gave
     */
    static List<String> build(List<String> settings, List<String> archiveFlags, List<String> classPath,
            Class<?> mainClass, List<String> mainArguments) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(BASE_FLAGS);
        command.addAll(archiveFlags);
        command.addAll(settings);
        ModulePathArguments modules = ModulePathArguments.current();
        command.addAll(pathArguments(modules, modules.classPath(String.join(File.pathSeparator, classPath))));
        command.addAll(modules.mainClass(mainClass));
        command.addAll(mainArguments);
        return command;
    }

    /**
     * A child's options besides the fixed flags, the start-up archive, its paths and main class: what the parent's
     * settings pass on, this library's properties, native access for the library if the parent has it (so that the
     * child's waiters sleep on futexes, {@link Futex}), then the launch's own JVM arguments.
     *
     * @throws IllegalArgumentException if the system property {@code multiprocess4j.jvmArgs} is malformed
     */
    static List<String> settings(List<String> jvmArgs) {
        List<String> settings = new ArrayList<>(InheritedJvmArguments.get());
        settings.addAll(librarySettings());
        String nativeAccess = Futex.nativeAccessOption();
        if (nativeAccess != null && !settings.contains(nativeAccess)) {
            settings.add(nativeAccess);
        }
        settings.addAll(jvmArgs);
        return settings;
    }

    /** This library's own {@code multiprocess4j.*} system properties, so that a child launching tasks behaves alike. */
    static List<String> librarySettings() {
        List<String> settings = new ArrayList<>();
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("multiprocess4j."))
                .sorted().forEach(name -> settings.add("-D" + name + "=" + System.getProperty(name)));
        return settings;
    }

    static String javaBinary() {
        Path bin = Paths.get(System.getProperty("java.home"), "bin");
        Path java = bin.resolve("java");
        return Files.isExecutable(java) ? java.toString() : bin.resolve("java.exe").toString();
    }

    /** {@link #classPathEntries} joined with the path separator. */
    static String classPath(ClassLoader taskLoader) {
        return String.join(File.pathSeparator, classPathEntries(taskLoader));
    }

    /**
     * A child's class path: {@code java.class.path}, then the entries of every {@link URLClassLoader} from the
     * task's loader up (an exec plugin or an IDE runs code in one), then those from this library's own loader up and
     * the jar or directory holding this library. Only what a child can be given counts: files, and the entries of a
     * Spring Boot archive, which stand for their {@linkplain BootJars unpacked copy} (the archive itself is then left
     * out).
     *
     * @param taskLoader the class loader of the child's tasks
     * @return the entries, without duplicates, in that order; an immutable list
     */
    public static List<String> classPathEntries(ClassLoader taskLoader) {
        Set<String> fromLoaders = new LinkedHashSet<>();
        addLoaderUrls(fromLoaders, taskLoader);
        addLoaderUrls(fromLoaders, ChildCommand.class.getClassLoader());
        CodeSource library = ChildCommand.class.getProtectionDomain().getCodeSource();
        if (library != null) {
            addFile(fromLoaders, library.getLocation());
        }
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty() && !isUnpackedArchive(entry)) {
                entries.add(absolute(entry));
            }
        }
        entries.addAll(fromLoaders);
        return List.copyOf(entries);
    }

    /**
     * A class path entry made absolute, so that a child started in another working directory finds it; an entry that
     * is not a path on this platform is kept as it is.
     */
    private static String absolute(String entry) {
        try {
            return Paths.get(entry).toAbsolutePath().toString();
        } catch (InvalidPathException e) {
            return entry;
        }
    }

    /** Adds the URLs of the {@link URLClassLoader}s from {@code loader} up, the topmost first. */
    private static void addLoaderUrls(Set<String> entries, ClassLoader loader) {
        List<ClassLoader> loaders = new ArrayList<>();
        for (ClassLoader current = loader; current != null; current = current.getParent()) {
            loaders.add(0, current);
        }
        for (ClassLoader current : loaders) {
            if (current instanceof URLClassLoader) {
                for (URL url : ((URLClassLoader) current).getURLs()) {
                    addFile(entries, url);
                }
            }
        }
    }

    private static boolean isUnpackedArchive(String entry) {
        try {
            return BootJars.isUnpacked(Paths.get(entry));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static void addFile(Set<String> entries, URL url) {
        try {
            Path file = url == null ? null : localFile(url);
            if (file != null) {
                entries.add(file.toString());
            }
        } catch (IOException e) {
            // a Spring Boot archive that cannot be unpacked: Reachability tells the caller why
        }
    }

    /**
     * The file a class path URL stands for that a child JVM can be given: a {@code file:} URL's file, the jar of a
     * {@code jar:} URL naming a whole jar, or the unpacked copy of a Spring Boot archive's entry.
     *
     * @return the file, or {@code null} if the URL names nothing a child can have
     * @throws IOException if it names an entry of a Spring Boot archive that cannot be unpacked
     */
    static Path localFile(URL url) throws IOException {
        Path unpacked = BootJars.toFile(url);
        if (unpacked != null) {
            return unpacked;
        }
        String text = url.toString();
        if (text.startsWith("jar:file:") && text.endsWith("!/") && text.indexOf("!/") == text.length() - 2) {
            text = text.substring("jar:".length(), text.length() - 2);
        }
        if (!text.startsWith("file:")) {
            return null;
        }
        try {
            return Paths.get(new URI(text));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The module options and the class path (none when the module path holds everything): on the command line, or
     * in an argument file when they are long.
     */
    private static List<String> pathArguments(ModulePathArguments modules, String classPath) {
        List<String> arguments = new ArrayList<>(modules.options());
        if (!classPath.isEmpty() || !modules.present()) {
            arguments.add("-cp");
            arguments.add(classPath);
        }
        if (String.join(" ", arguments).length() < ARGFILE_THRESHOLD) {
            return arguments;
        }
        Path argfile = ARGFILES.computeIfAbsent(List.copyOf(arguments), ChildCommand::writeArgfile);
        return List.of("@" + argfile);
    }

    private static Path writeArgfile(List<String> arguments) {
        try {
            Path file = Files.createTempFile("multiprocess4j-classpath-", ".args");
            file.toFile().deleteOnExit();
            StringBuilder lines = new StringBuilder();
            for (String argument : arguments) {
                lines.append('"').append(argument.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
            }
            Files.writeString(file, lines, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the class path of a child JVM to an argument file", e);
        }
    }
}
