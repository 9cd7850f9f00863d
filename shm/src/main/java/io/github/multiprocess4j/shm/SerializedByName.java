package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.ipc.TrustedFiles.Owners;
import java.io.InvalidObjectException;
import java.io.Serializable;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * What travels in a serialized stream in place of a {@link SharedResource}, for every kind: its kind, its name,
 * the directory it lives in, and whether it was attached with {@code attachShared}. Deserializing it attaches to the
 * same thing in the same way, which is how a task that captures one reaches it from its child JVM. One proxy for
 * every kind, so that what a copy trusts is decided in one place.
 */
final class SerializedByName implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The kinds of handle that travel by name. */
    enum Kind {
        SHARED_MEMORY, PROCESS_LOCK, SHARED_OBJECT, SHAREABLE_LIST, SHARED_QUEUE,
        SHARED_LONG, SHARED_DOUBLE, SHARED_LONG_ARRAY, SHARED_DOUBLE_ARRAY, PROCESS_EVENT, PROCESS_SEMAPHORE,
        PROCESS_BARRIER, PROCESS_CONDITION
    }

    /** The kind's ordinal: an enum would double what travels. */
    private final byte kind;
    private final String name;
    private final String directory;
    /** Whether any user's file is accepted; absent (false) in streams of earlier versions. */
    private final boolean anyUser;

    SerializedByName(Kind kind, String name, Path directory) {
        this(kind, name, directory, Owners.THIS_USER);
    }

    SerializedByName(Kind kind, String name, Path directory, Owners owners) {
        this.kind = (byte) kind.ordinal();
        this.name = name;
        this.directory = directory.toString();
        this.anyUser = owners == Owners.ANY_USER;
    }

    private Object readResolve() throws InvalidObjectException {
        if (kind < 0 || kind >= Kind.values().length) {
            throw new InvalidObjectException("no kind of shared handle has the number " + kind);
        }
        Owners owners = anyUser ? Owners.ANY_USER : Owners.THIS_USER;
        Path where = Paths.get(directory);
        switch (Kind.values()[kind]) {
            case SHARED_MEMORY:
                return SharedMemory.attach(where, name, owners);
            case PROCESS_LOCK:
                return ProcessLock.attach(where, name);
            case SHARED_OBJECT:
                return SharedObject.attach(where, name);
            case SHAREABLE_LIST:
                return ShareableList.attach(where, name, owners);
            case SHARED_QUEUE:
                return SharedQueue.attach(where, name);
            case SHARED_LONG:
                return SharedLong.attach(where, name);
            case SHARED_DOUBLE:
                return SharedDouble.attach(where, name);
            case SHARED_LONG_ARRAY:
                return SharedLongArray.attach(where, name);
            case SHARED_DOUBLE_ARRAY:
                return SharedDoubleArray.attach(where, name);
            case PROCESS_EVENT:
                return ProcessEvent.attach(where, name);
            case PROCESS_SEMAPHORE:
                return ProcessSemaphore.attach(where, name);
            case PROCESS_BARRIER:
                return ProcessBarrier.attach(where, name);
            case PROCESS_CONDITION:
                return ProcessCondition.attach(where, name);
            default:
                throw new AssertionError(Kind.values()[kind]);
        }
    }
}
