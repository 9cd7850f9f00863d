package io.github.multiprocess4j.shm.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where shared-memory segments live when no directory is given: {@code /dev/shm} on Linux (where Python's
 * {@code SharedMemory(name=...)} looks), a directory of this user's, readable by its owner only, under the temporary
 * directory elsewhere. Public for this library's other modules, which need the file of a segment they know by name;
 * not an API.
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
     * @return the directory
     * @throws UncheckedIOException if the fallback directory cannot be created
     * @throws io.github.multiprocess4j.shm.UntrustedSegmentException if the fallback directory is not this user's
     */
    public static Path get() {
        if (Files.isDirectory(DEV_SHM) && Files.isWritable(DEV_SHM)) {
            return DEV_SHM;
        }
        Path fallback = Paths.get(System.getProperty("java.io.tmpdir"), "multiprocess4j-shm");
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(fallback,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(fallback);
            }
            TrustedFiles.checkDirectory(fallback);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the shared memory directory " + fallback, e);
        }
        return fallback;
    }
}
