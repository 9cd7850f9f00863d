package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.shm.ProcessLock;
import io.github.multiprocess4j.shm.SharedObject;
import java.util.List;

/** The names of the files in the shared-memory directory that a lock or a shared object consists of. */
final class LockFiles {

    private LockFiles() {
    }

    /** A lock's segment and its owners file. */
    static List<String> of(ProcessLock lock) {
        return List.of(lock.name(), lock.name() + ".owners");
    }

    /** A shared object's segment and its lock's files. */
    static List<String> of(SharedObject<?> object) {
        String lock = object.lock().name();
        return List.of(object.name(), lock, lock + ".owners");
    }
}
