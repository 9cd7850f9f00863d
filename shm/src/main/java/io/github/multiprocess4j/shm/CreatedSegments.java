package io.github.multiprocess4j.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files this JVM created and still owns: a shutdown hook deletes them when the JVM exits (normally or by
 * SIGTERM; nothing runs on SIGKILL), so that a program that forgets {@code close()} does not leave segments
 * behind. A file leaves the set when it is unlinked or kept.
 */
final class CreatedSegments {

    private static final Set<Path> OWNED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(CreatedSegments::deleteAll, "multiprocess4j-shm-cleanup"));
    }

    private CreatedSegments() {
    }

    static void own(Path file) {
        OWNED.add(file);
    }

    static void disown(Path file) {
        OWNED.remove(file);
    }

    private static void deleteAll() {
        for (Path file : OWNED) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException | RuntimeException e) {
                // best effort while the JVM exits
            }
        }
    }
}
