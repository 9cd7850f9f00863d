package io.github.multiprocess4j.ipc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;

/**
 * Which processes using a structure in shared memory are alive, told by the operating system, and who this process
 * is in the claims it leaves there. The one design of every structure that must tell a dead process's claim (a lock
 * word, a queue's cell) from a live one's.
 *
 * <h2>Slots and the owners file</h2>
 * Beside a structure's segment {@code <name>} lies an empty file {@code <name>.owners}. Each JVM that uses the
 * structure holds an exclusive file lock on one byte of it, its slot, for as long as it uses the structure. The
 * operating system drops a file lock when its process dies, however it dies, so another process that can lock a
 * slot's byte knows that the slot's last holder is gone. The owners file is never mapped and nothing else opens it:
 * file locks belong to the whole JVM, and closing <em>any</em> channel of a file drops all of them, which is why the
 * slots are not bytes of the segment itself (a {@code SharedMemory} attached to the segment and closed would drop
 * them) and why a JVM keeps one instance per structure ({@link JvmRegistry}).
 *
 * <h2>Generations</h2>
 * A slot is reused once its holder has gone, so a claim names the slot <em>and</em> its holder's generation: the
 * structure's segment keeps a 64-bit counter per slot, which each new holder raises. A claim whose generation is not
 * the slot's current one was made by an earlier holder, who is dead. Counters stay within 1 to
 * {@value #MAX_GENERATION} (2<sup>48</sup> - 1: 2<sup>48</sup> takings of one slot never happen); a counter outside
 * that range can only come from damage, and the structure is refused. Each structure packs slot and generation into
 * its claims as its words allow, and compares the low {@code generationBits} bits of generations:
 *
 * <pre>
 *  generations table, in the structure's segment at its own offset (native byte order)
 *  +---------------------------------------------------------------+
 *  |              generation of slot 0 (long, 1..2^48 - 1)         |  + 0
 *  |              generation of slot 1 (long)                      |  + 8
 *  |                             ...                               |
 *  |              generation of slot n - 1 (long)                  |  + 8 (n - 1)
 *  +---------------------------------------------------------------+
 *
 *  owners file: empty; byte s is locked by the process in slot s
 * </pre>
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public final class ProcessSlots {

    /** The suffix of a structure's owners file, beside its segment. */
    public static final String OWNERS_SUFFIX = ".owners";
    /** The largest generation: 48 bits. */
    public static final long MAX_GENERATION = (1L << 48) - 1;

    private final Path file;
    private final FileChannel channel;
    private final MappedSegment segment;
    private final int generationsOffset;
    private final int slotCount;
    private final long generationMask;
    private final int slot;
    private final long generation;

    private ProcessSlots(Path file, FileChannel channel, MappedSegment segment, int generationsOffset, int slotCount,
            int generationBits, int slot, long generation) {
        this.file = file;
        this.channel = channel;
        this.segment = segment;
        this.generationsOffset = generationsOffset;
        this.slotCount = slotCount;
        this.generationMask = (1L << generationBits) - 1;
        this.slot = slot;
        this.generation = generation;
    }

    /** The owners file of the structure whose segment is {@code segment}. */
    public static Path ownersFile(Path segment) {
        return segment.resolveSibling(segment.getFileName() + OWNERS_SUFFIX);
    }

    /**
     * Takes the first slot that no live process holds and raises its generation; keeps it until {@link #close()}.
     *
     * @param file the owners file, for messages
     * @param owners a channel of the owners file, opened for this instance alone (after the caller checked that the
     *     file can be trusted); it belongs to the new instance, and is closed here if this fails
     * @param segment the structure's segment, which holds the generations table
     * @param kind what the structure is, for messages
     * @param generationsOffset where the table starts, a multiple of 8
     * @param slotCount how many slots the table has, from the structure's checked header
     * @param generationBits how many low bits of a generation the structure's claims keep, 1 to 48
     * @throws IllegalStateException if every slot is held, or the slot's generation is out of range (damage)
     * @throws UncheckedIOException if the owners file cannot be locked
     */
    public static ProcessSlots claim(Path file, FileChannel owners, MappedSegment segment, String kind,
            int generationsOffset, int slotCount, int generationBits) {
        try {
            for (int slot = 0; slot < slotCount; slot++) {
                if (tryLock(owners, file, slot) != null) {
                    long generation = segment.getAndAddLong(generationsOffset + Long.BYTES * slot, 1) + 1;
                    if (generation < 1 || generation > MAX_GENERATION) {
                        throw SegmentHeader.notA(segment, kind, "the generation of its slot " + slot + " is "
                                + generation + ", outside 1.." + MAX_GENERATION + ": its segment is damaged");
                    }
                    return new ProcessSlots(file, owners, segment, generationsOffset, slotCount, generationBits,
                            slot, generation);
                }
            }
            throw new IllegalStateException("all " + slotCount + " process slots of " + kind + " '" + segment.name()
                    + "' are taken: too many processes use it at once");
        } catch (RuntimeException e) {
            try {
                owners.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** This process's slot. */
    public int slot() {
        return slot;
    }

    /** This process's generation in its slot, 1 to {@value #MAX_GENERATION}. */
    public long generation() {
        return generation;
    }

    /**
     * Whether the process that made a claim as {@code ownerSlot} and {@code ownerGeneration} (its low
     * {@code generationBits} bits count) has died or stopped using the structure, so that its claim will never be
     * finished. Never {@code true} for a process that may still finish it. May take a system call: a file lock held
     * for an instant, and released.
     */
    public boolean isDead(int ownerSlot, long ownerGeneration) {
        if (ownerSlot == slot) {
            return ((ownerGeneration ^ generation) & generationMask) != 0;
        }
        if (ownerSlot < 0 || ownerSlot >= slotCount) {
            return true;
        }
        long current = segment.getLongVolatile(generationsOffset + Long.BYTES * ownerSlot);
        return ((current ^ ownerGeneration) & generationMask) != 0 || isFree(ownerSlot);
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
            return channel.tryLock(slot, 1, false);
        } catch (OverlappingFileLockException e) {
            return null; // this JVM holds it
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock slot " + slot + " of " + file + ": " + e, e);
        }
    }

    /**
     * Gives the slot up and closes the owners file: other processes will see this process as gone.
     *
     * @throws UncheckedIOException if the file cannot be closed
     */
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }

    @Override
    public String toString() {
        return "ProcessSlots{" + file + ", slot " + slot + ", generation " + generation + '}';
    }
}
