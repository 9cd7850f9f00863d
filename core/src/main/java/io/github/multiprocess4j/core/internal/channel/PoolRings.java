package io.github.multiprocess4j.core.internal.channel;

import io.github.multiprocess4j.ipc.ByteRing;
import io.github.multiprocess4j.ipc.MappedSegment;
import io.github.multiprocess4j.ipc.SegmentDirectory;
import io.github.multiprocess4j.ipc.SegmentHeader;
import io.github.multiprocess4j.ipc.SegmentNames;
import io.github.multiprocess4j.ipc.TrustedFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The shared memory between a {@link io.github.multiprocess4j.core.ProcessPool ProcessPool} and one of its workers:
 * a {@link ByteRing} of task frames from the parent and one of answer frames back ({@link Frames}, as on the
 * streams), so that a task and its answer cross without a system call while both ends are awake. The wake-ups go over
 * the channels that were there anyway: the child's standard input rings the worker, its socket rings the parent,
 * and their ends tell each side that the other has died.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            magic number 0x4d50524e ("MPRN"), written last       |   0
 *  +---------------------------------------------------------------+
 *  |                      layout version (1)                       |   4
 *  +---------------------------------------------------------------+
 *  |                 capacity of each ring (int)                   |   8
 *  +---------------------------------------------------------------+
 *  |                       (unused to 64)                          |  12
 *  +---------------------------------------------------------------+
 *  |       tasks: ByteRing, parent to worker (192 + capacity)      |  64
 *  +---------------------------------------------------------------+
 *  |       answers: ByteRing, worker to parent (192 + capacity)    |  64 + 192 + capacity
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p><b>Who can reach it.</b> The parent creates the file in the segment directory ({@code /dev/shm} on Linux) with a
 * random name, mode 0600 and without following links ({@link TrustedFiles#createNew}), and sends its path to the
 * worker over standard input; the worker opens it only if it is a regular file of its own user that no one else can
 * write ({@link TrustedFiles#openExisting}), and checks the header. The worker removes the name once it has mapped
 * the segment; the parent does too when the worker exits, should the worker not have got that far.
 * From then on the pages are reachable only through the two mappings. Only a parent killed before its worker
 * started leaves the file behind, holding nothing yet.
 *
 * <p>Thread-safety: the rings' own (one writer, one reader each); {@link #unlink()} may be called from any thread,
 * more than once.
 */
final class PoolRings {

    /** The data bytes of each ring: most frames fit whole, and tmpfs gives pages only as they are touched. */
    static final int CAPACITY = 256 * 1024;

    private static final int MAGIC = 0x4d50524e;
    private static final int VERSION = 1;
    private static final int CAPACITY_OFFSET = 8;
    private static final int TASKS_OFFSET = 64;
    private static final String KIND = "pool worker's rings";

    private static final java.util.concurrent.atomic.AtomicBoolean REPORTED =
            new java.util.concurrent.atomic.AtomicBoolean();

    private final Path file;
    private final ByteRing tasks;
    private final ByteRing answers;
    private volatile boolean unlinked;

    private PoolRings(Path file, MappedSegment segment, int capacity) {
        this.file = file;
        this.tasks = new ByteRing(segment, TASKS_OFFSET, capacity);
        this.answers = new ByteRing(segment, TASKS_OFFSET + ByteRing.bytesFor(capacity), capacity);
    }

    private static int sizeFor(int capacity) {
        return TASKS_OFFSET + 2 * ByteRing.bytesFor(capacity);
    }

    /**
     * Creates a new pair of rings under a fresh name in the segment directory.
     *
     * @throws IOException if the file cannot be created or mapped
     */
    static PoolRings create() throws IOException {
        Path directory = SegmentDirectory.get();
        for (int attempt = 0; ; attempt++) {
            Path file = directory.resolve(SegmentNames.random("mp4j_pool_"));
            FileChannel channel;
            try {
                channel = TrustedFiles.createNew(file);
            } catch (FileAlreadyExistsException e) {
                if (attempt < 10) {
                    continue;
                }
                throw e;
            }
            try (channel) {
                MappedSegment segment = MappedSegment.map(channel, sizeFor(CAPACITY), file.getFileName().toString());
                SegmentHeader.writeVersion(segment, VERSION);
                segment.putInt(CAPACITY_OFFSET, CAPACITY);
                SegmentHeader.publish(segment, MAGIC);
                return new PoolRings(file, segment, CAPACITY);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
        }
    }

    /**
     * Maps the rings a parent created, in the worker, and removes their name: the parent may have died before it could.
     *
     * @throws IOException if the file cannot be opened or mapped, is not this user's own, or does not hold a pair of
     *     rings of this layout
     */
    static PoolRings attach(String path) throws IOException {
        Path file = Paths.get(path);
        try (FileChannel channel = TrustedFiles.openExisting(file, TrustedFiles.Owners.THIS_USER)) {
            long size = channel.size();
            if (size < TASKS_OFFSET || size > Integer.MAX_VALUE) {
                throw new IOException("shared memory " + file + " is not a " + KIND + ": it has " + size + " bytes");
            }
            MappedSegment segment = MappedSegment.map(channel, (int) size, file.getFileName().toString());
            SegmentHeader.check(segment, KIND, TASKS_OFFSET, MAGIC, VERSION);
            int capacity = segment.getInt(CAPACITY_OFFSET);
            if (capacity < 64 || Integer.bitCount(capacity) != 1 || sizeFor(capacity) != size) {
                throw SegmentHeader.notA(segment, KIND, "its capacity " + capacity + " does not match its " + size
                        + " bytes");
            }
            PoolRings rings = new PoolRings(file, segment, capacity);
            rings.unlink();
            return rings;
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Says once per JVM, on standard error, that pool workers fall back to their streams because rings could not be
     * made: slower, but they work.
     */
    static void reportUnavailable(Exception why) {
        if (REPORTED.compareAndSet(false, true)) {
            System.err.println("multiprocess4j: pool workers use their standard input and a socket, as shared memory"
                    + " for their rings could not be made: " + why);
        }
    }

    /** The ring of task frames, parent to worker. */
    ByteRing tasks() {
        return tasks;
    }

    /** The ring of answer frames, worker to parent. */
    ByteRing answers() {
        return answers;
    }

    /** The file's path, for the worker. */
    String path() {
        return file.toString();
    }

    /** Removes the file's name; the mappings stay. */
    void unlink() {
        if (unlinked) {
            return;
        }
        unlinked = true;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left in the segment directory: nothing else to do about it
        }
    }
}
