package io.github.multiprocess4j.ipc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;

/**
 * The user this process runs as, as the file system sees it: the owner of a file it creates. Found once, by
 * creating an empty temporary file (mode 0600) and reading its owner, which is exactly what the owner of a segment
 * this process created would be; if no temporary file can be made, by looking up the {@code user.name} property.
 *
 * <p>Thread-safe.
 */
final class ProcessUser {

    private ProcessUser() {
    }

    /**
     * The user.
     *
     * @throws UncheckedIOException if it cannot be told
     */
    static UserPrincipal get() {
        return Holder.USER;
    }

    private static final class Holder {
        static final UserPrincipal USER = find();
    }

    private static UserPrincipal find() {
        try {
            Path probe = Files.createTempFile("mp4j-owner-", ".probe");
            try {
                return Files.getOwner(probe, LinkOption.NOFOLLOW_LINKS);
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException | UnsupportedOperationException probeFailed) {
            try {
                return lookUpByName(probeFailed);
            } catch (IOException e) {
                e.addSuppressed(probeFailed);
                throw new UncheckedIOException("cannot tell which user this process runs as: " + e, e);
            }
        }
    }

    /** The user named by {@code user.name}, when no file could be made to ask the file system. */
    private static UserPrincipal lookUpByName(Exception probeFailed) throws IOException {
        String name = System.getProperty("user.name");
        if (name == null || name.isEmpty()) {
            throw new IOException("no temporary file to read an owner from (" + probeFailed
                    + "), and no user.name property");
        }
        return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name);
    }
}
