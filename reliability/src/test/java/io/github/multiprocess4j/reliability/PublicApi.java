package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.queue.WorkQueue;
import io.github.multiprocess4j.shm.SharedMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The library's public API, found by reflection: the public types of the {@code core}, {@code shm} and
 * {@code queue} packages (not their {@code internal} packages), read from their jars or class directories, and
 * the public methods and constructors each declares, named as {@code SharedMemory.get(int)} or
 * {@code SharedQueue.Builder.capacity(int)}.
 */
final class PublicApi {

    private static final List<Class<?>> PACKAGE_MARKERS = List.of(Launch.class, SharedMemory.class,
            WorkQueue.class);

    private PublicApi() {
    }

    /** The public types, top-level and nested. */
    static List<Class<?>> types() {
        List<Class<?>> types = new ArrayList<>();
        for (Class<?> marker : PACKAGE_MARKERS) {
            for (String name : classNames(marker)) {
                Class<?> type = load(name, marker.getClassLoader());
                if (isPublic(type)) {
                    types.add(type);
                }
            }
        }
        return types;
    }

    /** Every public method and constructor the public types declare, with its name. */
    static Map<String, Executable> entryPoints() {
        return types().stream().flatMap(type -> Stream.concat(Arrays.stream(type.getDeclaredMethods()),
                        Arrays.stream(type.getDeclaredConstructors())))
                .filter(member -> Modifier.isPublic(member.getModifiers()) && !member.isSynthetic()
                        && !(member instanceof Method && ((Method) member).isBridge()))
                .collect(Collectors.toMap(PublicApi::name, member -> member, (a, b) -> a));
    }

    /** {@code SharedQueue.Builder.capacity(int)}, {@code WorkQueue(int)} for a constructor. */
    static String name(Executable member) {
        String parameters = Arrays.stream(member.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
        String type = typeName(member.getDeclaringClass());
        return member instanceof Constructor ? type + parameters : type + "." + member.getName() + parameters;
    }

    static String typeName(Class<?> type) {
        Class<?> enclosing = type.getEnclosingClass();
        return enclosing == null ? type.getSimpleName() : typeName(enclosing) + "." + type.getSimpleName();
    }

    private static boolean isPublic(Class<?> type) {
        for (Class<?> level = type; level != null; level = level.getEnclosingClass()) {
            if (!Modifier.isPublic(level.getModifiers()) || level.isAnonymousClass()) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("listed but not loadable: " + name, e);
        }
    }

    /** The binary names of the classes in the marker's package, from its jar or its class directory. */
    private static List<String> classNames(Class<?> marker) {
        String packagePath = marker.getPackageName().replace('.', '/');
        Path location;
        try {
            location = Paths.get(marker.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try {
            if (Files.isDirectory(location)) {
                return classNamesIn(location.resolve(packagePath), marker.getPackageName());
            }
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                return classNamesIn(jar.getPath("/" + packagePath), marker.getPackageName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the classes of " + location, e);
        }
    }

    /** The classes directly in a package's directory: the {@code internal} package below it is not API. */
    private static List<String> classNamesIn(Path directory, String packageName) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(file -> file.endsWith(".class") && !file.equals("package-info.class"))
                    .map(file -> packageName + "." + file.substring(0, file.length() - ".class".length()))
                    .sorted().collect(Collectors.toList());
        }
    }
}
