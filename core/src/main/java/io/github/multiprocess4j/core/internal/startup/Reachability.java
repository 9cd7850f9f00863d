package io.github.multiprocess4j.core.internal.startup;

import io.github.multiprocess4j.core.internal.codec.ShippedClasses;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Whether a child JVM will be able to load a class from the class path it is given, decided before any child
 * starts: a task that no child could run fails at once, with what to do, instead of in every child it is sent to
 * (or never, for a caller that waits on what the task would have done).
 *
 * <p>A class is reachable when it comes from the JDK or from this JVM's own class path (the system class loader),
 * both of which every child gets, or when the jar or directory its bytes come from (its code source, else the root of
 * the class file its loader serves) is on the child's class path, directly or through the {@code Class-Path} of a jar
 * there. The entries of a Spring Boot archive count as their unpacked copies ({@link BootJars}). A class defined only in
 * memory whose loader serves its bytes (jshell's) is reachable too: it travels with the task ({@link ShippedClasses}).
 * A lambda's bytes are those of the class it was written in. Not reachable: classes whose bytes no one can have (defined
 * from memory by a loader that does not serve them), classes in jar-in-jar formats other than Spring Boot's, and classes
 * of a loader whose files were not given to the child.
 *
 * <p>Thread-safe. A positive verdict is kept per class and class path, so a pool's submissions cost a look-up; a
 * negative one is worked out again each time, since a class loader can gain URLs. Nothing is started to decide, and
 * no jar is opened other than to read the manifests of the jars on the class path, only when a class is not found
 * directly there.
 */
public final class Reachability {

    /** Per class (a lambda's capturing class): the child class paths it is known to be reachable from. */
    private static final ClassValue<Set<List<String>>> REACHABLE = new ClassValue<>() {
        @Override
        protected Set<List<String>> computeValue(Class<?> type) {
            return ConcurrentHashMap.newKeySet();
        }
    };

    /** How many class path entries a message quotes. */
    private static final int QUOTED_ENTRIES = 4;

    private Reachability() {
    }

    /**
     * Fails unless a child given {@code childClassPath} can load this library (its main class is one of the
     * library's) and, if {@code task} is not {@code null}, the task's class.
     *
     * @param task the task, or {@code null} to check the library only
     * @param childClassPath what the child would be given, as {@link ChildCommand#classPathEntries} has it
     * @param children what would run it, for the message: "a child JVM (none was started)", "the workers of
     *     pool-1 (the task was not queued)"
     * @throws IllegalStateException if a child could not, with a message that names the class, its class loader, where
     *     its bytes come from and what to do
     */
    public static void require(Object task, List<String> childClassPath, String children) {
        Optional<String> why = whyUnreachable(Reachability.class, childClassPath);
        if (why.isPresent()) {
            throw new IllegalStateException("cannot start " + children + ": it could not load this library: "
                    + why.get() + ". Run the application from a class path of files or from a Spring Boot executable"
                    + " jar, or run tasks on threads (Launch.threads, Launch.thread)");
        }
        if (task != null) {
            why = whyUnreachable(task.getClass(), childClassPath);
            if (why.isPresent()) {
                throw new IllegalStateException("cannot run " + describe(task.getClass()) + " in "
                        + children + ": " + why.get() + ". Load the class from a jar or directory (on the class path,"
                        + " or with a URLClassLoader of file: URLs), or run the task on threads (Launch.threads,"
                        + " Launch.thread)");
            }
        }
    }

    /**
     * Why a child JVM given {@code childClassPath} could not load {@code taskClass} (for a lambda, the class it was
     * written in).
     *
     * @return the reason, naming the class, its class loader and where its bytes come from; empty if it could
     */
    static Optional<String> whyUnreachable(Class<?> taskClass, List<String> childClassPath) {
        Class<?> type = taskClass.isHidden() ? taskClass.getNestHost() : taskClass;
        ClassLoader loader = type.getClassLoader();
        if (loader == null || loader == ClassLoader.getPlatformClassLoader()
                || loader == ClassLoader.getSystemClassLoader()) {
            return Optional.empty();
        }
        Set<List<String>> known = REACHABLE.get(type);
        if (known.contains(childClassPath) || ShippedClasses.isInMemory(type)) {
            return Optional.empty();
        }
        String loaderName = loader.getClass().getName();
        URL source = source(type, loader);
        if (source == null) {
            return Optional.of(type.getName() + " was defined by " + loaderName + " with no code source, and that "
                    + "loader serves no class file for it: its bytes exist only in memory, and cannot be sent with the"
                    + " task either");
        }
        Path file;
        try {
            file = ChildCommand.localFile(source);
        } catch (IOException e) {
            return Optional.of(type.getName() + " was loaded by " + loaderName + " from " + source
                    + ", in a Spring Boot archive that could not be unpacked: " + e.getMessage()
                    + " (the system property multiprocess4j.cacheDir names where archives are unpacked)");
        }
        if (file == null) {
            return Optional.of(type.getName() + " was loaded by " + loaderName + " from " + source
                    + ", which is not a file; a child can be given files, jar: URLs of whole jars and the entries of"
                    + " Spring Boot archives, not other jar-in-jar formats");
        }
        if (!isOn(file, childClassPath)) {
            return Optional.of(type.getName() + " was loaded by " + loaderName + " from " + file + ", which is not"
                    + " on the child's class path (" + quote(childClassPath) + "); a child gets this JVM's class path"
                    + " and the file URLs of the URLClassLoaders from the task's class loader up");
        }
        known.add(List.copyOf(childClassPath));
        return Optional.empty();
    }

    /** A lambda by the class it was written in, any other task by its class. */
    private static String describe(Class<?> type) {
        return type.isHidden() ? "a lambda written in " + type.getNestHost().getName() : "the task " + type.getName();
    }

    /** Where a class's bytes come from: its code source, else the jar or directory that serves its class file. */
    private static URL source(Class<?> type, ClassLoader loader) {
        CodeSource codeSource = type.getProtectionDomain().getCodeSource();
        if (codeSource != null && codeSource.getLocation() != null) {
            return codeSource.getLocation();
        }
        String classFile = type.getName().replace('.', '/') + ".class";
        URL resource = loader.getResource(classFile);
        if (resource == null) {
            return null;
        }
        String text = resource.toString();
        try {
            return text.endsWith(classFile) ? new URL(text.substring(0, text.length() - classFile.length()))
                    : resource;
        } catch (MalformedURLException e) {
            return resource;
        }
    }

    /** Whether {@code file} is on the class path, or on the {@code Class-Path} of a jar there, at any depth. */
    private static boolean isOn(Path file, List<String> classPath) {
        Path wanted = normalize(file);
        Set<Path> seen = new HashSet<>();
        Deque<Path> jars = new ArrayDeque<>();
        for (String entry : classPath) {
            Path path = normalize(entry);
            if (wanted.equals(path)) {
                return true;
            }
            if (path != null && seen.add(path)) {
                jars.add(path);
            }
        }
        while (!jars.isEmpty()) {
            for (Path referenced : manifestClassPath(jars.poll())) {
                if (wanted.equals(referenced)) {
                    return true;
                }
                if (seen.add(referenced)) {
                    jars.add(referenced);
                }
            }
        }
        return false;
    }

    /** The files a jar's {@code Class-Path} names; nothing for a directory or an unreadable jar. */
    private static List<Path> manifestClassPath(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return List.of();
        }
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            String value = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (value == null || value.isBlank()) {
                return List.of();
            }
            URL base = jar.toUri().toURL();
            List<Path> referenced = new ArrayList<>();
            for (String item : value.trim().split("\\s+")) {
                try {
                    URL url = new URL(base, item);
                    if ("file".equals(url.getProtocol())) {
                        referenced.add(normalize(Paths.get(url.toURI())));
                    }
                } catch (MalformedURLException | URISyntaxException | IllegalArgumentException e) {
                    // an entry the JVM skips too
                }
            }
            return referenced;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Path normalize(String entry) {
        try {
            return normalize(Paths.get(entry));
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static Path normalize(Path path) {
        return path.toAbsolutePath().normalize();
    }

    private static String quote(List<String> classPath) {
        if (classPath.size() <= QUOTED_ENTRIES) {
            return String.join(", ", classPath);
        }
        return String.join(", ", classPath.subList(0, QUOTED_ENTRIES)) + " and " + (classPath.size() - QUOTED_ENTRIES)
                + " more";
    }
}
