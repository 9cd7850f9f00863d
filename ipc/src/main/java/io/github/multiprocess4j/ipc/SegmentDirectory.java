package io.github.multiprocess4j.ipc;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where segments live when no directory is given: {@code /dev/shm} on Linux (where Python's
 * {@code SharedMemory(name=...)} looks), elsewhere a directory of this user's, open to its owner only, under the
 * temporary directory.
 *
 * <p>Thread-safe.
 */
public final class SegmentDirectory {

    private static final Path DEV_SHM = Paths.get("/dev/shm");

    private SegmentDirectory() {
    }

    /**
     * The directory segments are created in and looked for when none is given, created if need be. The fallback
     * directory must be this user's, and not writable by anyone else, as {@link TrustedFiles#checkDirectory(Path)}
     * requires: one that another user created first under that name is refused.
     *
     * @throws UntrustedFileException if the fallback directory is not this user's
     * @throws IOException if the fallback directory cannot be created
     */
    public static Path get() throws IOException {
        if (Files.isDirectory(DEV_SHM) && Files.isWritable(DEV_SHM)) {
            return DEV_SHM;
        }
        Path fallback = Paths.get(System.getProperty("java.io.tmpdir"), "multiprocess4j-shm");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(fallback,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(fallback);
        }
        TrustedFiles.checkDirectory(fallback);
        return fallback;
    }
}
