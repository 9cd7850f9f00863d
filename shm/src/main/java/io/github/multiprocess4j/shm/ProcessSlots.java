package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.shm.internal.TrustedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;

/**
 * Which processes using a queue are alive, told by the operating system: each JVM that attaches holds an exclusive
 * file lock on one byte of the queue's file, its slot, until it detaches. The bytes lie far beyond the end of the
 * file (a file lock may), so the locks never touch the data. The operating system drops a process's file locks when
 * it dies, however it dies, so a process that can lock a slot's byte knows that the slot's holder is gone.
 *
 * <p>A token names a slot and the generation of its holder: each JVM that takes a slot raises the slot's generation
 * counter in the queue's header, so a claim left by an earlier holder of a reused slot is not mistaken for one of
 * the current holder. Tokens keep the low {@value #GENERATION_BITS} bits of the generation.
 *
 * <p>File locks belong to the whole JVM, and closing <em>any</em> channel of a file drops all of the JVM's locks on
 * it: so each JVM keeps one instance per queue ({@link AttachedQueues}), with a channel opened for the locks alone
 * and kept open until the JVM stops using the queue.
 */
final class ProcessSlots implements Liveness {

    static final int SLOT_BITS = 10;
    static final int GENERATION_BITS = 12;
    private static final int GENERATION_MASK = (1 << GENERATION_BITS) - 1;
    /** Where the slot bytes start: far beyond any segment (at most 2 GiB). */
    private static final long FIRST_SLOT_BYTE = 1L << 40;

    private final Path file;
    private final FileChannel channel;
    private final SharedMemory memory;
    private final int slotCount;
    private final int slot;
    private final int token;

    private ProcessSlots(Path file, FileChannel channel, SharedMemory memory, int slotCount, int slot) {
        this.file = file;
        this.channel = channel;
        this.memory = memory;
        this.slotCount = slotCount;
        this.slot = slot;
        long generation = memory.getAndAddLong(generationOffset(slot), 1) + 1;
        this.token = slot << GENERATION_BITS | (int) (generation & GENERATION_MASK);
    }

    /**
     * Takes the first slot that no live process holds in the queue whose segment is {@code file}, mapped as
     * {@code memory}, and keeps it until {@link #close()}.
     *
     * @throws IllegalStateException if every slot is held
     * @throws UntrustedSegmentException if the file is not this user's, as {@link SharedMemory#attach(String)}
     *     requires (it was checked when mapped; this is the second open, for the locks)
     * @throws UncheckedIOException if the file cannot be opened or locked
     */
    static ProcessSlots take(Path file, SharedMemory memory, int slotCount) {
        FileChannel channel;
        try {
            channel = TrustedFiles.openExisting(file, TrustedFiles.Owners.THIS_USER);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + " to register this process: " + e, e);
        }
        try {
            for (int slot = 0; slot < slotCount; slot++) {
                if (tryLock(channel, file, slot) != null) {
                    return new ProcessSlots(file, channel, memory, slotCount, slot);
                }
            }
        } catch (RuntimeException e) {
            closeQuietly(channel, e);
            throw e;
        }
        IllegalStateException full = new IllegalStateException("all " + slotCount + " process slots of SharedQueue '"
                + memory.name() + "' are taken: too many processes use it at once");
        closeQuietly(channel, full);
        throw full;
    }

    @Override
    public int self() {
        return token;
    }

    @Override
    public boolean isDead(int owner) {
        int ownerSlot = owner >>> GENERATION_BITS;
        if (ownerSlot == slot) {
            return owner != token;
        }
        if (ownerSlot >= slotCount) {
            return true;
        }
        long generation = memory.getLongVolatile(generationOffset(ownerSlot));
        return (generation & GENERATION_MASK) != (owner & GENERATION_MASK) || isFree(ownerSlot);
    }

    /** Locks a slot's byte for an instant to find out whether some process holds it. */
    private synchronized boolean isFree(int otherSlot) {
        try (FileLock probe = tryLock(channel, file, otherSlot)) {
            return probe != null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release a probe of " + file, e);
        }
    }

    private static FileLock tryLock(FileChannel channel, Path file, int slot) {
        try {
            return channel.tryLock(FIRST_SLOT_BYTE + slot, 1, false);
        } catch (OverlappingFileLockException e) {
            return null; // this JVM holds it: through this channel, or another that will be closed
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock slot " + slot + " of " + file + ": " + e, e);
        }
    }

    private static int generationOffset(int slot) {
        return RingLayout.GENERATIONS + Long.BYTES * slot;
    }

    /** Gives the slot up: other processes will see this JVM as gone. */
    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }

    private static void closeQuietly(FileChannel channel, RuntimeException failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return "ProcessSlots{" + file + ", slot " + slot + ", token 0x" + Integer.toHexString(token) + '}';
    }
}
