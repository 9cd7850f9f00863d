package io.github.multiprocess4j.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files this JVM created and still owns: they are unlinked when the JVM exits without having unlinked or kept
 * them. A shutdown hook does it when the JVM exits normally or by SIGTERM; the {@link SegmentTracker} process does
 * it when nothing runs in the JVM any more (SIGKILL, a crash, {@code Runtime.halt}). A file leaves the set when it
 * is unlinked or kept.
 */
final class CreatedSegments {

    private static final Set<Path> OWNED = ConcurrentHashMap.newKeySet();
    private static final SegmentTracker TRACKER = new SegmentTracker(() -> List.copyOf(OWNED));

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(CreatedSegments::deleteAll, "multiprocess4j-shm-cleanup"));
    }

    private CreatedSegments() {
    }

    static void own(Path file) {
        OWNED.add(file);
        TRACKER.register(file);
    }

    static void disown(Path file) {
        if (OWNED.remove(file)) {
            TRACKER.forget(file);
        }
    }

    /** The tracker's process id, if it is running. */
    static OptionalLong trackerPid() {
        return TRACKER.pid();
    }

    private static void deleteAll() {
        for (Path file : OWNED) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException | RuntimeException e) {
                // best effort while the JVM exits; the tracker tries again once the JVM is gone
            }
        }
    }
}
