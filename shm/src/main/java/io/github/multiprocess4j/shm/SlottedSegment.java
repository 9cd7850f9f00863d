package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.ipc.JvmRegistry;
import io.github.multiprocess4j.ipc.MappedSegment;
import io.github.multiprocess4j.ipc.ProcessSlots;
import io.github.multiprocess4j.ipc.TrustedFiles.Owners;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A structure whose processes hold {@linkplain ProcessSlots process slots}: its segment, laid out by its creator and
 * published last, and the empty owners file beside it. Making one, and opening this JVM's one state of it. A lock and
 * a queue are made so.
 */
final class SlottedSegment {

    /** What a structure makes of its segment, attached in this JVM for the first time. */
    @FunctionalInterface
    interface Opener<S> {
        /**
         * Checks the segment's header, claims a slot and builds the state; what it throws closes the segment.
         *
         * @param key the state's key in its registry
         */
        S open(SharedMemory memory, Object key);
    }

    private SlottedSegment() {
    }

    /**
     * This JVM's state of the structure {@code name} in {@code directory}: the registry's, or a new one that
     * {@code opener} makes of the segment, attached if its files are this user's ({@link SharedMemory#attach(String)}'s
     * rules).
     *
     * @param kind what the structure is, for a message about a bad name
     */
    static <S extends JvmRegistry.Shared> S open(JvmRegistry<S> registry, Path directory, String name, String kind,
            Opener<S> opener) {
        SegmentFiles.checkName(name, kind, ProcessSlots.OWNERS_SUFFIX);
        Object key = SegmentFiles.fileKey(name, directory.resolve(name));
        return registry.open(key, () -> {
            SharedMemory memory = SharedMemory.attach(directory, name);
            try {
                return opener.open(memory, key);
            } catch (RuntimeException e) {
                memory.close();
                throw e;
            }
        });
    }

    /**
     * Takes a slot for this JVM in the owners file beside {@code memory}'s segment, opened only if it is this user's.
     * See {@link ProcessSlots#claim} for the other parameters.
     */
    static ProcessSlots claimSlot(SharedMemory memory, String kind, int generationsOffset, int slotCount,
            int generationBits) {
        Path owners = ProcessSlots.ownersFile(memory.file());
        return ProcessSlots.claim(owners, SegmentFiles.openExisting(memory.name(), owners, Owners.THIS_USER),
                memory.segment(), kind, generationsOffset, slotCount, generationBits);
    }

    /**
     * Creates the segment ({@code name}, or {@code randomPrefix} and 8 random hex digits if it is {@code null}) and
     * its owners file, both owned by this JVM until a handle keeps or unlinks them; lets {@code initialize} lay the
     * segment out (publishing its magic number last); then lets {@code open} open it by its name. A name too long for
     * the owners file is refused before any file is made; if anything fails later, the files made here are removed.
     *
     * @param kind what the structure is, for a message about a bad name
     */
    static <T> T create(Path directory, String name, String kind, String randomPrefix, int size,
            Consumer<MappedSegment> initialize, Function<String, T> open) {
        if (name != null) {
            SegmentFiles.checkName(name, kind, ProcessSlots.OWNERS_SUFFIX);
        }
        SharedMemory memory = SharedMemory.create(directory, name, randomPrefix, size).keep();
        Path segment = memory.file();
        Path owners = ProcessSlots.ownersFile(segment);
        CreatedSegments.own(segment);
        boolean ownersCreated = false;
        try {
            SegmentFiles.createEmpty(owners);
            ownersCreated = true;
            CreatedSegments.own(owners);
            initialize.accept(memory.segment());
            return open.apply(memory.name());
        } catch (RuntimeException e) {
            // an owners file that was there already is not this structure's to delete
            HandleFiles made = ownersCreated ? new HandleFiles(true, owners, segment) : new HandleFiles(true, segment);
            try {
                made.unlink();
            } catch (RuntimeException cleanUp) {
                e.addSuppressed(cleanUp);
            }
            throw e;
        } finally {
            memory.close();
        }
    }
}
