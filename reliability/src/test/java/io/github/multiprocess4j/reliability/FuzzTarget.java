package io.github.multiprocess4j.reliability;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * A structure kept in shared memory, as {@link HeaderFuzzTest} sees it: how to make one, where its header is, and
 * how to use it after its bytes were corrupted. A plain {@code SharedMemory} has no header (its size is its file's),
 * so it is not one.
 */
interface FuzzTarget {

    Path DIRECTORY = Paths.get("/dev/shm");

    /** Every structure of the library that keeps a header in shared memory, in a fixed order. */
    static List<FuzzTarget> all() {
        return List.of(new LockFuzzTarget(), new ObjectFuzzTarget(), new ListFuzzTarget(), new QueueFuzzTarget(),
                new SyncFuzzTarget(SyncFuzzTarget.Kind.EVENT), new SyncFuzzTarget(SyncFuzzTarget.Kind.SEMAPHORE),
                new SyncFuzzTarget(SyncFuzzTarget.Kind.BARRIER), new SyncFuzzTarget(SyncFuzzTarget.Kind.CONDITION),
                new ValueFuzzTarget());
    }

    /** A field of a header: its offset and width in bytes. */
    record Field(int offset, int width) {
    }

    /** What kind of structure, for messages. */
    String kind();

    /** Creates one named {@code name}, closes it without unlinking, and returns the file to corrupt. */
    Path create(String name);

    /** Every file it consists of, to remove after each case: by default its one segment. */
    default List<Path> files(String name) {
        return List.of(DIRECTORY.resolve(name));
    }

    /** The files of a structure guarded by a {@code ProcessLock} of its own, {@code <name>.lock}. */
    static List<Path> withItsLock(String name) {
        return List.of(DIRECTORY.resolve(name), DIRECTORY.resolve(name + ".lock"),
                DIRECTORY.resolve(name + ".lock.owners"));
    }

    /** Its header's fields in a file of {@code size} bytes. */
    List<Field> fields(int size);

    /** Attaches to it by name, reads all of it, writes to it, and closes it; checks what it can. */
    void exercise(String name) throws Exception;
}
