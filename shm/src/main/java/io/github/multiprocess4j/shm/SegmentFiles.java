package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.shm.internal.SegmentDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where segments live and how their files are made: {@code /dev/shm} on Linux (where Python's
 * {@code SharedMemory(name=...)} looks), a directory under the temporary directory elsewhere. Files are created
 * readable and writable by their owner only (mode 0600), as Python does.
 */
final class SegmentFiles {

    static final int MAX_NAME_LENGTH = 200;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private SegmentFiles() {
    }

    /** The directory segments are created in and looked for when none is given. */
    static Path defaultDirectory() {
        return SegmentDirectory.get();
    }

    /** A fresh name like Python's: {@code prefix} followed by 8 random hex digits. */
    static String randomName(String prefix) {
        return prefix + String.format(Locale.ROOT, "%08x", RANDOM.nextInt());
    }

    /**
     * Checks that a name can name a file in the segment directory, as Python's POSIX names must.
     *
     * @throws IllegalArgumentException if it cannot
     */
    static String checkName(String name) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.equals(".") || name.equals("..")
                || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid shared memory name '" + name + "': it must be 1 to "
                    + MAX_NAME_LENGTH + " characters without '/', '\\' or NUL, and not '.' or '..'");
        }
        return name;
    }

    /**
     * Creates a new, empty file with mode 0600 and opens it for reading and writing.
     *
     * @throws UncheckedIOException if it exists already (the cause is a {@link FileAlreadyExistsException}), or
     *     cannot be created
     */
    static FileChannel createNew(Path file) {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            return POSIX ? FileChannel.open(file, options, ownerOnly()) : FileChannel.open(file, options);
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException("shared memory '" + file.getFileName() + "' exists already (" + file
                    + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create shared memory " + file + ": " + e, e);
        }
    }

    /**
     * Opens an existing file for reading and writing.
     *
     * @throws SharedMemoryNotFoundException if there is no such file
     */
    static FileChannel openExisting(String name, Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new SharedMemoryNotFoundException(name, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open shared memory " + file + ": " + e, e);
        }
    }

    /** Deletes a file if it is there; reports whether it was. */
    static boolean deleteIfExists(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unlink shared memory " + file + ": " + e, e);
        }
    }

    private static FileAttribute<?> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }
}
