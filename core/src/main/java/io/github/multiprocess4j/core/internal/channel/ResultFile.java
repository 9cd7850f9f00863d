package io.github.multiprocess4j.core.internal.channel;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The file a child that runs one task ({@link ChildMain#ONCE}) writes its answer to, read by the parent once the child
 * has exited. It spares such a child the socket: opening the first socket in a JVM loads and initializes the JDK's
 * networking (name service, proxy selection, socket options), 10-30 ms of a child's start-up, where a file costs
 * nothing the JVM has not loaded already.
 *
 * <pre>
 *  +---------------------------+-------------------------------------------+
 *  | HELLO frame: the token    | RESULT or FAILURE frame, as on the socket |
 *  +---------------------------+-------------------------------------------+
 * </pre>
 *
 * <p><b>Who can write it.</b> The files live in a directory this JVM creates under {@code java.io.tmpdir} with a
 * random name and mode 0700, so no other user can read, create or replace a file in it; its name on the child's
 * command line is no secret. The child also writes the token its parent gave it over standard input first, and an
 * answer counts only with that token, as on the socket. Each file is deleted once read; the directory when this JVM
 * exits.
 *
 * <p>Thread-safe: each instance belongs to one child, and the directory is created once, under a lock.
 */
final class ResultFile {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final AtomicLong NAMES = new AtomicLong();
    /** The largest file an answer can be: its two frames' headers, the token and the largest frame. */
    private static final long MAX_BYTES = 2L * (1 + Integer.BYTES) + ResultServer.TOKEN_BYTES + Frames.MAX_LENGTH;
    private static Path directory;

    private final Path path;

    private ResultFile(Path path) {
        this.path = path;
    }

    /**
     * A new file name in this JVM's private directory, creating the directory if it is not there (yet, or any more).
     *
     * @throws IOException if the directory cannot be created
     */
    static ResultFile next() throws IOException {
        return new ResultFile(directory().resolve("answer-" + NAMES.incrementAndGet()));
    }

    private static synchronized Path directory() throws IOException {
        if (directory == null || !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            Path created = POSIX
                    ? Files.createTempDirectory("multiprocess4j-",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                    : Files.createTempDirectory("multiprocess4j-");
            created.toFile().deleteOnExit();
            directory = created;
        }
        return directory;
    }

    /** Where the child writes, for its command line. */
    String path() {
        return path.toString();
    }

    /**
     * Reads the answer the child left, and deletes the file.
     *
     * @param token the token the child was given
     * @return the answer, or {@code null} if the child left none (it died or was killed before answering)
     * @throws IOException if the file is there but is not a whole answer with the child's token
     */
    Answer readAndDelete(byte[] token) throws IOException {
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new StreamCorruptedException("the answer file " + path + " is larger than any answer");
            }
            return parse(Files.readAllBytes(path), token);
        } catch (NoSuchFileException e) {
            return null;
        } finally {
            Files.deleteIfExists(path);
        }
    }

    /** The answer in a file's bytes, checked to be whole and to carry the token. */
    static Answer parse(byte[] bytes, byte[] token) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        Frames.Frame hello = Frames.read(in);
        if (hello == null || hello.type != Frames.HELLO || !MessageDigest.isEqual(hello.payload, token)) {
            throw new StreamCorruptedException("the answer file does not start with the child's token");
        }
        Frames.Frame answer = Frames.read(in);
        if (answer == null || answer.type != Frames.RESULT && answer.type != Frames.FAILURE || in.read() >= 0) {
            throw new StreamCorruptedException("the answer file holds no answer, or more than one");
        }
        return new Answer(answer.type == Frames.FAILURE, answer.payload);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
