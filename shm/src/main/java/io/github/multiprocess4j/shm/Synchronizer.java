package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.ipc.MappedSegment;
import io.github.multiprocess4j.ipc.ProcessSlots;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What the synchronizers between processes have in common ({@link ProcessEvent}, {@link ProcessSemaphore},
 * {@link ProcessBarrier}, {@link ProcessCondition}): a segment in {@link SyncLayout}'s frame and its owners file, this
 * JVM's shared {@link SyncState} of it, the handle's lifetime and its travel by name.
 *
 * <p>Thread-safety: every method may be called from any number of threads.
 */
abstract class Synchronizer extends Handle<SyncState> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final transient String name;
    private final transient Path directory;
    private final transient SyncLayout.Kind kind;

    Synchronizer(String name, Path directory, boolean creator, SyncState state, SyncLayout.Kind kind) {
        super(state, new HandleFiles(creator, ProcessSlots.ownersFile(directory.resolve(name)),
                directory.resolve(name)));
        this.name = name;
        this.directory = directory;
        this.kind = kind;
    }

    /**
     * Creates the segment of a new {@code kind} ({@code name}, or a fresh one if {@code null}) and its owners file,
     * laid out with the given parameter and flags and {@code initialize}d, published last; then opens it with
     * {@code open}. If anything fails, the files made are removed.
     */
    static <T> T create(Path directory, String name, SyncLayout.Kind kind, int parameter, int flags,
            Consumer<MappedSegment> initialize, java.util.function.Function<String, T> open) {
        int slots = SyncLayout.DEFAULT_SLOT_COUNT;
        return SlottedSegment.create(directory, name, kind.nameKind, kind.namePrefix,
                SyncLayout.segmentSize(kind, slots), segment -> {
                    SyncLayout.initialize(segment, slots, parameter, flags);
                    initialize.accept(segment);
                    SyncLayout.publish(segment, kind);
                }, open);
    }

    /**
     * The name to attach to from another process.
     *
     * @return the name
     */
    @Override
    public final String name() {
        return name;
    }

    /** The directory of its files. */
    final Path directory() {
        return directory;
    }

    /** This JVM's state. @throws IllegalStateException if the handle is closed */
    final SyncState state() {
        return current();
    }

    /**
     * Lets go of this JVM's state; the last handle in this JVM gives back what this process holds (its permits, its
     * place at a barrier) and frees its process slot.
     */
    @Override
    void release(SyncState current) {
        current.releaseHandle();
    }

    @Override
    public String toString() {
        return kind.kind + "('" + name + "')";
    }

    // ---- serialization by name -------------------------------------------------------------------------------

    /** Replaces this handle by its name in a serialized stream. */
    final Object writeReplace() {
        SerializedByName.Kind travelling;
        switch (kind) {
            case EVENT:
                travelling = SerializedByName.Kind.PROCESS_EVENT;
                break;
            case SEMAPHORE:
                travelling = SerializedByName.Kind.PROCESS_SEMAPHORE;
                break;
            case CONDITION:
                travelling = SerializedByName.Kind.PROCESS_CONDITION;
                break;
            default:
                travelling = SerializedByName.Kind.PROCESS_BARRIER;
                break;
        }
        return new SerializedByName(travelling, name, directory);
    }

    /**
     * Refuses a stream that holds a handle's fields rather than its name.
     *
     * @param in the stream
     * @throws InvalidObjectException always
     */
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a " + kind.kind + " travels by name only");
    }
}
