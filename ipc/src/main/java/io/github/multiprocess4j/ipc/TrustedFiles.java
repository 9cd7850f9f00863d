package io.github.multiprocess4j.ipc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * Creates and opens the files of segments and locks so that no other local user can slip in a file of theirs. A new
 * file is made with mode 0600, never through a symbolic link. An existing one is opened never through a symbolic link,
 * only if it is a regular file, and by default only if this process's user owns it and group and others cannot write
 * it.
 *
 * <h2>Why the check is sound</h2>
 * The file is opened with {@link LinkOption#NOFOLLOW_LINKS} ({@code O_NOFOLLOW} on Linux), so a link at the name
 * fails the open itself. Its attributes are read without following links just before and just after the open, and
 * both must be acceptable and name the same file ({@link PosixFileAttributes#fileKey() device and inode}). Between
 * the two reads the name cannot have pointed anywhere else: once it names a file of this user, only this user (or
 * root) can unlink or rename that entry, since the segment directory is either {@code /dev/shm}, which is sticky, or
 * a directory of this user's that no one else may write ({@link #checkDirectory(Path)}); and a name that pointed
 * elsewhere at either read fails the comparison. So the checks hold for the file that was opened, without asking
 * the channel (which Java cannot) for its own attributes.
 *
 * <p>On a file system without POSIX attributes, the file is only opened without following links: there is no owner
 * or mode to check.
 *
 * <p>Thread-safe.
 */
public final class TrustedFiles {

    /** Whose files are accepted. */
    public enum Owners {
        /** Only files of this process's user that group and others cannot write: the default everywhere. */
        THIS_USER,
        /**
         * Files of any user, with any mode, for segments shared with other users on purpose; links and files that
         * are not regular files are still refused.
         */
        ANY_USER
    }

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<OpenOption> READ_WRITE_NO_LINK = Set.of(StandardOpenOption.READ,
            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> CREATE_NEW_NO_LINK = Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    private static final FileAttribute<?> OWNER_ONLY = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"));

    private TrustedFiles() {
    }

    /**
     * Creates a new, empty file with mode 0600, as Python does, and opens it for reading and writing. Anything at the
     * name, a symbolic link included, makes it fail: nothing is followed.
     *
     * @throws FileAlreadyExistsException if something is at the name already
     * @throws IOException if it cannot be created
     */
    public static FileChannel createNew(Path file) throws IOException {
        return POSIX ? FileChannel.open(file, CREATE_NEW_NO_LINK, OWNER_ONLY)
                : FileChannel.open(file, CREATE_NEW_NO_LINK);
    }

    /**
     * What tells a file from any other, whatever its name: device and inode where the file system has them, else its
     * absolute path. A link at the name is not followed: its key is its own.
     *
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws IOException if its attributes cannot be read
     */
    public static Object fileKey(Path file) throws IOException {
        Object key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        return key != null ? key : file.toAbsolutePath();
    }

    /**
     * Opens an existing file for reading and writing, if it passes the checks.
     *
     * @param file the file
     * @param owners whose files are accepted
     * @return the open channel
     * @throws NoSuchFileException if there is no such file
     * @throws IOException if it cannot be opened or its attributes cannot be read
     * @throws UntrustedFileException if the file does not pass, naming it, its owner and its mode
     */
    public static FileChannel openExisting(Path file, Owners owners) throws IOException {
        if (!POSIX) {
            return FileChannel.open(file, READ_WRITE_NO_LINK);
        }
        PosixFileAttributes before = check(file, owners);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, READ_WRITE_NO_LINK);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (FileSystemException e) {
            check(file, owners); // a link put there since the first look fails the open: say so
            throw e;
        }
        try {
            PosixFileAttributes after = check(file, owners);
            if (!Objects.equals(before.fileKey(), after.fileKey())) {
                throw refused(file, after, "it was replaced by another file while it was being opened");
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * Checks a directory that segments are made in and looked for, other than {@code /dev/shm}: a directory (not a
     * link to one) of this process's user that group and others cannot write, so that no one else can replace the
     * files in it.
     *
     * @throws UntrustedFileException if it does not pass, naming it, its owner and its mode
     * @throws IOException if its attributes cannot be read
     */
    public static void checkDirectory(Path directory) throws IOException {
        if (!POSIX) {
            return;
        }
        PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        String why = notOurDirectory(directory, attributes);
        if (why == null && othersMayWrite(attributes)) {
            why = "its group or other users may write to it";
        }
        if (why != null) {
            throw new UntrustedFileException("refusing the shared memory directory " + directory + " (owner "
                    + attributes.owner().getName() + ", mode " + describe(attributes.permissions()) + "): " + why);
        }
    }

    /** Why a directory is not one of this user's, or {@code null} if it is. */
    private static String notOurDirectory(Path directory, PosixFileAttributes attributes) {
        return attributes.isSymbolicLink() ? "it is a symbolic link" + target(directory)
                : !attributes.isDirectory() ? "it is not a directory"
                : !attributes.owner().equals(ProcessUser.get()) ? "it belongs to " + attributes.owner().getName()
                        + ", not to " + ProcessUser.get().getName() + ", the user of this process"
                : null;
    }

    /**
     * Checks a directory that only this user may enter at all, for sockets that no other user may reach: a directory
     * (not a link to one) of this process's user whose mode gives group and others nothing (0700 or stricter).
     *
     * @param what what the directory is for, for the message
     * @throws UntrustedFileException if it does not pass, naming it, its owner and its mode
     * @throws IOException if its attributes cannot be read
     */
    public static void checkPrivateDirectory(Path directory, String what) throws IOException {
        if (!POSIX) {
            return;
        }
        PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> mode = attributes.permissions();
        String why = notOurDirectory(directory, attributes);
        if (why == null && mode.stream().anyMatch(permission -> !permission.name().startsWith("OWNER_"))) {
            why = "its group or other users have access to it (it must be 0700)";
        }
        if (why != null) {
            throw new UntrustedFileException("refusing the " + what + " " + directory + " (owner "
                    + attributes.owner().getName() + ", mode " + describe(mode) + "): " + why);
        }
    }

    /**
     * Reads a file's attributes without following a link and checks them.
     *
     * @return the attributes
     * @throws NoSuchFileException if there is no such file
     * @throws UntrustedFileException if the file does not pass
     */
    private static PosixFileAttributes check(Path file, Owners owners) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            throw refused(file, attributes, "it is a symbolic link" + target(file) + ", which is never followed");
        }
        if (!attributes.isRegularFile()) {
            throw refused(file, attributes, "it is not a regular file");
        }
        if (owners == Owners.ANY_USER) {
            return attributes;
        }
        String hint = "; a segment shared with other users on purpose can be attached with"
                + " SharedMemory.attachShared or ShareableList.attachShared";
        if (!attributes.owner().equals(ProcessUser.get())) {
            throw refused(file, attributes, "it belongs to " + attributes.owner().getName() + ", not to "
                    + ProcessUser.get().getName() + ", the user of this process" + hint);
        }
        if (othersMayWrite(attributes)) {
            throw refused(file, attributes, "its group or other users may write to it" + hint);
        }
        return attributes;
    }

    private static boolean othersMayWrite(PosixFileAttributes attributes) {
        Set<PosixFilePermission> mode = attributes.permissions();
        return mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE);
    }

    private static String target(Path link) {
        try {
            return " to " + Files.readSymbolicLink(link);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static UntrustedFileException refused(Path file, PosixFileAttributes attributes, String why) {
        return new UntrustedFileException("refusing the shared memory file " + file + " (owner "
                + attributes.owner().getName() + ", mode " + describe(attributes.permissions()) + "): " + why);
    }

    /** {@code rw-rw-rw- (0666)}. */
    @SuppressWarnings("EnumOrdinal") // PosixFilePermission's order is the specified rwxrwxrwx order of the bits
    static String describe(Set<PosixFilePermission> mode) {
        int octal = 0;
        for (PosixFilePermission permission : mode) {
            octal |= 1 << (PosixFilePermission.values().length - 1 - permission.ordinal());
        }
        return PosixFilePermissions.toString(mode) + String.format(" (0%03o)", octal);
    }
}
