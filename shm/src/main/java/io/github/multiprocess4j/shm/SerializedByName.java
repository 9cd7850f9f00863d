package io.github.multiprocess4j.shm;

import java.io.Serializable;
import java.nio.file.Paths;

/**
 * What travels in a serialized stream in place of a handle on a segment, a lock, a shared object or a shareable
 * list: its kind, its name and the directory it lives in. Deserializing it attaches to the same thing, which is
 * how a task that captures one reaches it from its child JVM.
 */
final class SerializedByName implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The kinds of handle that travel by name. */
    enum Kind {
        SHARED_MEMORY, PROCESS_LOCK, SHARED_OBJECT, SHAREABLE_LIST
    }

    private final Kind kind;
    private final String name;
    private final String directory;

    SerializedByName(Kind kind, String name, String directory) {
        this.kind = kind;
        this.name = name;
        this.directory = directory;
    }

    private Object readResolve() {
        switch (kind) {
            case SHARED_MEMORY:
                return SharedMemory.attach(Paths.get(directory), name);
            case PROCESS_LOCK:
                return ProcessLock.open(Paths.get(directory), name);
            case SHARED_OBJECT:
                return SharedObject.attach(Paths.get(directory), name);
            case SHAREABLE_LIST:
                return ShareableList.attach(Paths.get(directory), name);
            default:
                throw new AssertionError(kind);
        }
    }
}
