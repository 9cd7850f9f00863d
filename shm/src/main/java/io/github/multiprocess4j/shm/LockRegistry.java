package io.github.multiprocess4j.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link LockState} of each lock this JVM uses, so that all handles on one lock share one slot and one
 * channel of its owners file (see {@link OwnerSlots} for why there must be only one). States are counted by the
 * handles open on them and closed with the last. A lock is known by its segment's file key (device and inode),
 * so a lock unlinked and created again under the same name is a new lock.
 */
final class LockRegistry {

    private static final Map<Object, LockState> STATES = new HashMap<>();

    private LockRegistry() {
    }

    /** The suffix of a lock's owners file, next to its segment. */
    static final String OWNERS_SUFFIX = ".owners";

    static Path ownersFile(Path segment) {
        return segment.resolveSibling(segment.getFileName() + OWNERS_SUFFIX);
    }

    /**
     * Opens (or shares) this JVM's state of the lock {@code name} in {@code directory}. A new state attaches to the
     * lock's two files only if they are this user's ({@link SharedMemory#attach(String)}'s rules).
     */
    static synchronized LockState open(Path directory, String name) {
        SegmentFiles.checkName(name, "lock", OWNERS_SUFFIX);
        Path segment = directory.resolve(name);
        Object key = fileKey(name, segment);
        LockState state = STATES.get(key);
        if (state == null) {
            SharedMemory memory = SharedMemory.attach(directory, name);
            OwnerSlots slots;
            try {
                slots = OwnerSlots.open(name, ownersFile(segment));
            } catch (RuntimeException e) {
                memory.close();
                throw e;
            }
            try {
                state = new LockState(name, memory, slots, key);
            } catch (RuntimeException e) {
                slots.close();
                memory.close();
                throw e;
            }
            STATES.put(key, state);
        }
        state.references++;
        return state;
    }

    /** Lets go of one handle's reference; the last one closes the state. */
    static synchronized void release(LockState state) {
        if (state.references == 1 && state.isHeldInThisJvm()) {
            throw new IllegalStateException("cannot close the last handle on ProcessLock '" + state.name()
                    + "' in this JVM while one of its threads holds the lock: unlock it first");
        }
        if (--state.references == 0) {
            STATES.remove(state.fileKey());
            state.close();
        }
    }

    private static Object fileKey(String name, Path segment) {
        try {
            Object key = Files.readAttributes(segment, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
            return key != null ? key : segment.toAbsolutePath();
        } catch (NoSuchFileException e) {
            throw new SharedMemoryNotFoundException(name, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the lock " + segment + ": " + e, e);
        }
    }
}
