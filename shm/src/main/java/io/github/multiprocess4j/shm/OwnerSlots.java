package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.shm.internal.TrustedFiles.Owners;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;

/**
 * Which processes using a lock are alive, told by the operating system: each JVM that uses the lock holds an
 * exclusive file lock on one byte of the lock's {@code .owners} file, its slot, for as long as it uses the lock.
 * The operating system drops a file lock when its process dies, however it dies, so another process that can lock
 * a slot's byte knows that the slot's last holder is dead.
 *
 * <p>File locks belong to the whole JVM, and closing <em>any</em> channel of a file drops all of the JVM's locks on
 * it. So each JVM opens the owners file once per lock ({@link LockState} is shared by all handles of a lock in a
 * JVM), never maps it, and keeps the channel open until it stops using the lock.
 *
 * <p>Thread-safety: {@link #isFree(int)} may be called from any thread; the others are called under the
 * registry's lock.
 */
final class OwnerSlots {

    private final Path file;
    private final FileChannel channel;
    @SuppressWarnings("UnusedVariable") // this JVM's slot lock, held (and referenced) for the JVM's lifetime
    private FileLock own;

    private OwnerSlots(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Opens the owners file of the lock {@code lockName}: a regular file of this user that no one else may write,
     * as the lock's segment must be.
     */
    static OwnerSlots open(String lockName, Path file) {
        return new OwnerSlots(file, SegmentFiles.openExisting(lockName, file, Owners.THIS_USER));
    }

    /** Creates an empty owners file; the slots are byte ranges, which may lie beyond its end. */
    static void create(Path file) {
        try {
            SegmentFiles.createNew(file).close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Takes the first slot that no live process holds, and keeps it until {@link #close()}.
     *
     * @return the slot's number
     * @throws IllegalStateException if all {@code slotCount} slots are held
     */
    int claim(int slotCount) {
        for (int slot = 0; slot < slotCount; slot++) {
            FileLock lock = tryLock(slot);
            if (lock != null) {
                own = lock;
                return slot;
            }
        }
        throw new IllegalStateException("all " + slotCount + " process slots of " + file
                + " are in use: too many processes use this lock at once");
    }

    /**
     * Whether no process holds {@code slot}: its holder has died, or closed the lock. Locks the slot's byte for an
     * instant to find out. Never call it for this JVM's own slot.
     */
    synchronized boolean isFree(int slot) {
        FileLock probe = tryLock(slot);
        if (probe == null) {
            return false;
        }
        try {
            probe.release();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release a probe of " + file, e);
        }
        return true;
    }

    private FileLock tryLock(int slot) {
        try {
            return channel.tryLock(slot, 1, false);
        } catch (OverlappingFileLockException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock slot " + slot + " of " + file + ": " + e, e);
        }
    }

    /** Gives the slot up and closes the file; other processes will see this JVM's slot as free. */
    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
