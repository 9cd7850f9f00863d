package io.github.multiprocess4j.deployment;

import io.github.multiprocess4j.deployment.bootapp.BootApp;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.boot.loader.tools.Library;
import org.springframework.boot.loader.tools.LibraryScope;
import org.springframework.boot.loader.tools.LoaderImplementation;
import org.springframework.boot.loader.tools.Repackager;

/** Spring Boot executable jars of {@link BootApp}, made with Boot's own repackager, and its plain parts. */
final class BootJars {

    private BootJars() {
    }

    /**
     * Builds {@code boot-<launcher>.jar} in {@code directory}: {@link BootApp} in {@code BOOT-INF/classes}, the
     * library's jars and their dependencies in {@code BOOT-INF/lib}.
     */
    static Path build(Path directory, LoaderImplementation launcher) throws IOException {
        Path jar = directory.resolve("boot-" + launcher.name().toLowerCase(java.util.Locale.ROOT) + ".jar");
        Repackager repackager = new Repackager(appJar(directory).toFile());
        repackager.setLoaderImplementation(launcher);
        repackager.setBackupSource(false);
        List<Path> libraries = libraries(directory);
        repackager.repackage(jar.toFile(), callback -> {
            for (Path library : libraries) {
                callback.library(new Library(library.toFile(), LibraryScope.COMPILE));
            }
        });
        return jar;
    }

    /** The application alone, as its build makes it before repackaging: a plain jar naming its main class. */
    static Path appJar(Path directory) throws IOException {
        Path jar = directory.resolve("app.jar");
        if (Files.exists(jar)) {
            return jar;
        }
        Path classes = codeSource(BootApp.class);
        String pkg = BootApp.class.getPackageName().replace('.', '/');
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, BootApp.class.getName());
        writeJar(jar, manifest, classes, classes.resolve(pkg));
        return jar;
    }

    /**
     * The jars the application ships: the library's modules and what they depend on, as the build resolved them; a
     * module not yet packaged (a class directory) is put in a jar of its own.
     */
    static List<Path> libraries(Path directory) throws IOException {
        String libraries = System.getProperty("deployment.libraries", "");
        if (libraries.isBlank()) {
            throw new IllegalStateException("the build passes the libraries in deployment.libraries; run with Maven");
        }
        List<Path> jars = new ArrayList<>();
        for (String entry : libraries.split(File.pathSeparator)) {
            Path path = Paths.get(entry);
            if (Files.isDirectory(path)) {
                Path jar = directory.resolve(path.getParent().getParent().getFileName() + "-classes.jar");
                if (!Files.exists(jar)) {
                    writeJar(jar, null, path, path);
                }
                path = jar;
            }
            jars.add(path);
        }
        return jars;
    }

    private static void writeJar(Path jar, Manifest manifest, Path root, Path under) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = manifest == null ? new JarOutputStream(file)
                        : new JarOutputStream(file, manifest);
                Stream<Path> walk = Files.walk(under)) {
            for (Path path : walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                out.putNextEntry(new JarEntry(root.relativize(path).toString().replace(File.separatorChar, '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
