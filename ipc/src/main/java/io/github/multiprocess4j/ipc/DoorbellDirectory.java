package io.github.multiprocess4j.ipc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where this user's doorbells live, and what each one's socket file is called. The directory is
 * {@value #PROPERTY} if set; otherwise {@code multiprocess4j-doorbells} under {@code $XDG_RUNTIME_DIR} (a directory
 * of this user's that the system makes, mode 0700), or {@code multiprocess4j-doorbells-<user>} under
 * {@code java.io.tmpdir}. It is created with mode 0700 and used only if it passes
 * {@link TrustedFiles#checkPrivateDirectory}: a directory, not a link, of this user, with no access at all for group
 * and others. So no other user can connect to a doorbell, nor put a socket of theirs where a doorbell of ours is
 * looked for.
 *
 * <p>A doorbell's name is not secret: its process's id and the low 32 bits of its start time in milliseconds, as
 * {@code <pid>-<start>}; the pair is the doorbell's <em>id</em> ({@code pid << 32 | start}) that a sleeper writes
 * into a structure's {@link SleeperTable}. The start time tells a doorbell left by a dead process from the one of a
 * later process that got the same process id.
 *
 * <p>Thread-safety: static methods only.
 */
final class DoorbellDirectory {

    /** The system property that names the directory. */
    static final String PROPERTY = "multiprocess4j.doorbellDir";
    /** The longest socket path, in bytes: the kernel's limit is 108 with the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 100;

    private DoorbellDirectory() {
    }

    /**
     * The directory, created if need be and checked.
     *
     * @throws UntrustedFileException if it is not private to this user
     * @throws IOException if it cannot be created or read, or its doorbells' paths would be too long for a socket
     */
    static Path open() throws IOException {
        Path directory = chosen();
        if (!Files.isDirectory(directory, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && !Files.isSymbolicLink(directory)) {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(directory);
            }
        }
        TrustedFiles.checkPrivateDirectory(directory, "doorbell directory");
        int longest = socket(directory, Long.MAX_VALUE).toString().getBytes(StandardCharsets.UTF_8).length;
        if (longest > MAX_SOCKET_PATH) {
            throw new IOException("the doorbell directory " + directory + " is too deep: a socket's path would take "
                    + longest + " bytes, more than " + MAX_SOCKET_PATH);
        }
        return directory;
    }

    private static Path chosen() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isEmpty()) {
            return Paths.get(property);
        }
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && runtime.startsWith("/") && Files.isDirectory(Paths.get(runtime))) {
            return Paths.get(runtime, "multiprocess4j-doorbells");
        }
        String user = ProcessUser.get().getName().replaceAll("[^A-Za-z0-9_.-]", "_");
        return Paths.get(System.getProperty("java.io.tmpdir"), "multiprocess4j-doorbells-" + user);
    }

    /** This process's doorbell id: never 0. */
    static long ownId() {
        long pid = ProcessHandle.current().pid();
        long start = ProcessHandle.current().info().startInstant().map(java.time.Instant::toEpochMilli)
                .orElseGet(System::currentTimeMillis);
        return pid << 32 | (start & 0xFFFF_FFFFL);
    }

    /** The socket file of the doorbell {@code id}. */
    static Path socket(Path directory, long id) {
        return directory.resolve(Long.toUnsignedString(id >>> 32) + "-" + Long.toUnsignedString(id & 0xFFFF_FFFFL));
    }

    /**
     * Deletes the doorbells of processes that no longer run, left by JVMs that were killed. Best effort: what cannot
     * be read or deleted stays.
     */
    static void deleteStale(Path directory) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*-*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                int dash = name.indexOf('-');
                long pid = parse(name.substring(0, dash));
                if (pid > 0 && parse(name.substring(dash + 1)) >= 0 && ProcessHandle.of(pid).isEmpty()) {
                    Files.deleteIfExists(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a stale doorbell only refuses connections
        }
    }

    private static long parse(String digits) {
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(digits);
    }
}
