package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.shm.internal.SegmentDirectory;
import io.github.multiprocess4j.shm.internal.TrustedFiles;
import io.github.multiprocess4j.shm.internal.TrustedFiles.Owners;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Set;

/**
 * Where segments live and how their files are made: {@code /dev/shm} on Linux (where Python's
 * {@code SharedMemory(name=...)} looks), a directory under the temporary directory elsewhere. Files are created
 * readable and writable by their owner only (mode 0600), as Python does, never through a symbolic link; existing
 * files are opened as {@link TrustedFiles} says.
 */
final class SegmentFiles {

    /**
     * The longest name of any file this library makes, in UTF-8 bytes and suffixes included: well under the 255
     * bytes a file name may have.
     */
    static final int MAX_NAME_BYTES = 200;

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
     * Checks that a name can name a file in the segment directory, as Python's POSIX names must: at most
     * {@value #MAX_NAME_BYTES} bytes in UTF-8.
     *
     * @throws IllegalArgumentException if it cannot
     */
    static String checkName(String name) {
        return checkName(name, "shared memory", "");
    }

    /**
     * Checks the name of a structure whose files are {@code name} and {@code name} followed by suffixes, the longest
     * of which is {@code longestSuffix}: every one of them must be at most {@value #MAX_NAME_BYTES} bytes in UTF-8,
     * well within the 255 bytes a file name may have. Nothing is created before this check, so a name that is too
     * long leaves no file behind.
     *
     * @param kind what is named, for the message
     * @throws IllegalArgumentException if the name cannot be used
     */
    static String checkName(String name, String kind, String longestSuffix) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid " + kind + " name '" + name + "': it must not be empty, '.'"
                    + " or '..', and must not hold '/', '\\' or NUL");
        }
        int max = MAX_NAME_BYTES - utf8Length(longestSuffix);
        int length = utf8Length(name);
        if (length > max) {
            throw new IllegalArgumentException("invalid " + kind + " name '" + name + "': it takes " + length
                    + " bytes in UTF-8, at most " + max + " are allowed"
                    + (longestSuffix.isEmpty() ? "" : " (its files add '" + longestSuffix + "' to it)"));
        }
        return name;
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Creates a new, empty file with mode 0600 and opens it for reading and writing. Anything at the name, a
     * symbolic link included, makes it fail: nothing is followed.
     *
     * @throws UncheckedIOException if it exists already (the cause is a {@link FileAlreadyExistsException}), or
     *     cannot be created
     */
    static FileChannel createNew(Path file) {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
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
     * Opens an existing file for reading and writing, if {@link TrustedFiles} trusts it.
     *
     * @throws SharedMemoryNotFoundException if there is no such file
     * @throws UntrustedSegmentException if the file is not to be trusted
     */
    static FileChannel openExisting(String name, Path file, Owners owners) {
        try {
            return TrustedFiles.openExisting(file, owners);
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

    /**
     * Runs every clean-up step, even when one fails, and then throws the first failure with the others suppressed:
     * so that one file that cannot be removed does not leave the others of a structure behind.
     */
    static void runEach(Runnable... steps) {
        RuntimeException first = null;
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static FileAttribute<?> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }
}
