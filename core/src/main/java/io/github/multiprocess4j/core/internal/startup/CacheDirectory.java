package io.github.multiprocess4j.core.internal.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where this library keeps what it makes once and reuses across JVMs (the start-up archive, unpacked Spring Boot
 * jars): the directory named by the system property {@code multiprocess4j.cacheDir}, else
 * {@code $XDG_CACHE_HOME/multiprocess4j} or {@code ~/.cache/multiprocess4j}. Whether what is found there can be
 * trusted is {@link PrivateFiles}' business; this class only names and creates the directory.
 *
 * <p>Thread-safe: it keeps no state.
 */
final class CacheDirectory {

    private CacheDirectory() {
    }

    /** The configured directory, whether or not it exists. */
    static Path location() {
        String configured = System.getProperty("multiprocess4j.cacheDir");
        if (configured != null) {
            return Paths.get(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg)
                : Paths.get(System.getProperty("user.home", ""), ".cache");
        return base.resolve("multiprocess4j");
    }

    /**
     * Creates the directory and its missing parents, mode 0700 where the file system has modes; an existing one is
     * left as it is.
     *
     * @return {@code directory}
     * @throws IOException if it cannot be created
     */
    static Path create(Path directory) throws IOException {
        if (PrivateFiles.checked()) {
            Files.createDirectories(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(directory);
        }
        return directory;
    }
}
