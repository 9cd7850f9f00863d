package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.shm.internal.TrustedFiles.Owners;
import java.io.Serializable;
import java.nio.file.Paths;

/**
 * What travels in a serialized stream in place of a handle on a segment, a lock, a shared object or a shareable
 * list: its kind, its name, the directory it lives in, and whether it was attached with {@code attachShared}.
 * Deserializing it attaches to the same thing in the same way, which is how a task that captures one reaches it from
 * its child JVM.
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
    /** Whether any user's file is accepted; absent (false) in streams of earlier versions. */
    private final boolean anyUser;

    SerializedByName(Kind kind, String name, String directory) {
        this(kind, name, directory, Owners.THIS_USER);
    }

    SerializedByName(Kind kind, String name, String directory, Owners owners) {
        this.kind = kind;
        this.name = name;
        this.directory = directory;
        this.anyUser = owners == Owners.ANY_USER;
    }

    private Object readResolve() {
        Owners owners = anyUser ? Owners.ANY_USER : Owners.THIS_USER;
        switch (kind) {
            case SHARED_MEMORY:
                return SharedMemory.attach(Paths.get(directory), name, owners);
            case PROCESS_LOCK:
                return ProcessLock.open(Paths.get(directory), name);
            case SHARED_OBJECT:
                return SharedObject.attach(Paths.get(directory), name);
            case SHAREABLE_LIST:
                return ShareableList.attach(Paths.get(directory), name, owners);
            default:
                throw new AssertionError(kind);
        }
    }
}
