package io.github.multiprocess4j.ipc;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What this JVM holds of each structure of one kind that it uses, shared by all of the JVM's handles on it, counted
 * by them, and closed with the last. A structure is known by the {@linkplain TrustedFiles#fileKey file key} of its
 * segment (device and inode), so one unlinked and created again under the same name is another structure.
 *
 * <p>Sharing is not only thrift: a JVM's {@linkplain ProcessSlots process slot} is a file lock, and file locks belong
 * to the whole JVM; closing <em>any</em> channel of the owners file drops all of them. So every handle in the JVM
 * must share one state, and a state is opened and closed under this registry's lock, where no other state of the same
 * structure can be opening.
 *
 * <p>Thread-safe: every method holds the registry's lock while it opens or closes a state, so those must be quick and
 * must not wait for other threads.
 *
 * @param <S> the state of one structure in this JVM
 */
public final class JvmRegistry<S extends JvmRegistry.Shared> {

    /** What this JVM holds of one structure. */
    public interface Shared {
        /** Stops using the structure in this JVM: called once, with the last handle, under the registry's lock. */
        void close();
    }

    private static final class Entry<S> {
        final S state;
        int handles;

        Entry(S state) {
            this.state = state;
        }
    }

    private final Map<Object, Entry<S>> entries = new HashMap<>();

    /**
     * The state of the structure known by {@code key}, opened by {@code opener} if this JVM does not use it yet, and
     * counted once more.
     *
     * @throws RuntimeException what {@code opener} throws; nothing is registered then
     */
    public synchronized S open(Object key, Supplier<S> opener) {
        Entry<S> entry = entries.get(key);
        if (entry == null) {
            entry = new Entry<>(opener.get());
            entries.put(key, entry);
        }
        entry.handles++;
        return entry.state;
    }

    /**
     * Lets go of one handle's count; the last one closes the state, after {@code beforeLast} agreed.
     *
     * @param beforeLast runs before the last count goes, and may refuse by throwing: nothing changes then
     * @throws IllegalArgumentException if {@code key} does not name {@code state}
     */
    public synchronized void release(Object key, S state, Runnable beforeLast) {
        Entry<S> entry = entries.get(key);
        if (entry == null || entry.state != state) {
            throw new IllegalArgumentException("not a state of this registry: " + state);
        }
        if (entry.handles == 1) {
            beforeLast.run();
        }
        if (--entry.handles == 0) {
            entries.remove(key);
            state.close();
        }
    }
}
