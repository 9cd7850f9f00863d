package io.github.multiprocess4j.core.internal.startup;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Whether a file or directory that this library reuses can be trusted: not a symbolic link, owned by the user this
 * JVM runs as, and not writable by anyone else. On file systems without POSIX attributes everything passes.
 */
final class PrivateFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static volatile UserPrincipal currentUser;

    private PrivateFiles() {
    }

    /** Whether this file system has owners and modes to check. */
    static boolean checked() {
        return POSIX;
    }

    /**
     * Why {@code path} cannot be trusted.
     *
     * @param directory whether it must be a directory (else a regular file)
     * @return the reason, naming the path, its owner and its mode; or {@code null} if it can be trusted
     * @throws IOException if its attributes cannot be read (for example, it does not exist)
     */
    static String whyUntrusted(Path path, boolean directory) throws IOException {
        if (!POSIX) {
            return null;
        }
        PosixFileAttributes attributes =
                Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            return path + " is a symbolic link";
        }
        if (directory ? !attributes.isDirectory() : !attributes.isRegularFile()) {
            return path + " is not a " + (directory ? "directory" : "regular file");
        }
        UserPrincipal user = currentUser();
        Set<PosixFilePermission> mode = attributes.permissions();
        if (!attributes.owner().equals(user)) {
            return path + " is owned by " + attributes.owner().getName() + " (mode "
                    + PosixFilePermissions.toString(mode) + "), not by " + user.getName();
        }
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            return path + " can be written by others (owner " + attributes.owner().getName() + ", mode "
                    + PosixFilePermissions.toString(mode) + ")";
        }
        return null;
    }

    /** The user this JVM runs as, as the file system names owners. */
    static UserPrincipal currentUser() throws IOException {
        UserPrincipal user = currentUser;
        if (user == null) {
            Path self = Paths.get("/proc/self");
            if (Files.exists(self)) {
                user = Files.getOwner(self);
            } else {
                Path probe = Files.createTempFile("multiprocess4j-owner-", ".tmp");
                try {
                    user = Files.getOwner(probe);
                } finally {
                    Files.deleteIfExists(probe);
                }
            }
            currentUser = user;
        }
        return user;
    }
}
