package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.ipc.SegmentDirectory;
import io.github.multiprocess4j.ipc.SegmentNames;
import io.github.multiprocess4j.ipc.TrustedFiles;
import io.github.multiprocess4j.ipc.TrustedFiles.Owners;
import io.github.multiprocess4j.ipc.UntrustedFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The files of this package's structures, through the ipc module's {@link TrustedFiles} and {@link SegmentNames},
 * with the failures reported as this package's API says: {@link SharedMemoryNotFoundException} for a name nothing
 * has, {@link UntrustedSegmentException} for a file that is not to be trusted, {@link UncheckedIOException} for the
 * rest.
 */
final class SegmentFiles {

    /** A file operation that may fail. */
    @FunctionalInterface
    private interface FileCall<T> {
        T call() throws IOException;
    }

    private SegmentFiles() {
    }

    /** The directory segments are created in and looked for when none is given. */
    static Path defaultDirectory() {
        return translate(null, "cannot create the shared memory directory", SegmentDirectory::get);
    }

    /** A fresh name like Python's: {@code prefix} followed by 8 random hex digits. */
    static String randomName(String prefix) {
        return SegmentNames.random(prefix);
    }

    /** Checks a segment's name: see {@link SegmentNames#check}. */
    static String checkName(String name) {
        return checkName(name, "shared memory", "");
    }

    /** Checks the name of a structure whose files add suffixes to it: see {@link SegmentNames#check}. */
    static String checkName(String name, String kind, String longestSuffix) {
        return SegmentNames.check(name, kind, longestSuffix);
    }

    /**
     * Creates a new, empty file with mode 0600 and opens it for reading and writing; nothing at the name is followed.
     *
     * @throws UncheckedIOException if it exists already (the cause is a {@link FileAlreadyExistsException}), or
     *     cannot be created
     */
    static FileChannel createNew(Path file) {
        try {
            return TrustedFiles.createNew(file);
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException("shared memory '" + file.getFileName() + "' exists already (" + file
                    + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create shared memory " + file + ": " + e, e);
        }
    }

    /**
     * Creates a new, empty file with mode 0600; nothing at the name is followed.
     *
     * @throws UncheckedIOException if it exists already (the cause is a {@link FileAlreadyExistsException}), or
     *     cannot be created
     */
    static void createEmpty(Path file) {
        try {
            createNew(file).close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e, e);
        }
    }

    /**
     * Opens an existing file for reading and writing, if {@link TrustedFiles} trusts it.
     *
     * @throws SharedMemoryNotFoundException if there is no such file
     * @throws UntrustedSegmentException if the file is not to be trusted
     */
    static FileChannel openExisting(String name, Path file, Owners owners) {
        return translate(name, "cannot open shared memory " + file, () -> TrustedFiles.openExisting(file, owners));
    }

    /**
     * What tells the file at {@code file} from any other: see {@link TrustedFiles#fileKey}.
     *
     * @throws SharedMemoryNotFoundException if there is no such file
     */
    static Object fileKey(String name, Path file) {
        return translate(name, "cannot read the attributes of " + file, () -> TrustedFiles.fileKey(file));
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

    /** Runs {@code call}, reporting its failures as this package's API says; {@code name} is the segment's name. */
    private static <T> T translate(String name, String doing, FileCall<T> call) {
        try {
            return call.call();
        } catch (NoSuchFileException e) {
            if (name == null) {
                throw new UncheckedIOException(doing + ": " + e, e);
            }
            throw new SharedMemoryNotFoundException(name, e);
        } catch (UntrustedFileException e) {
            UntrustedSegmentException untrusted = new UntrustedSegmentException(e.getMessage());
            untrusted.initCause(e);
            throw untrusted;
        } catch (IOException e) {
            throw new UncheckedIOException(doing + ": " + e, e);
        }
    }
}
