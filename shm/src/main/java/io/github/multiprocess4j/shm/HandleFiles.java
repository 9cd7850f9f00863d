package io.github.multiprocess4j.shm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of one structure as one handle sees them, and who unlinks them: the handle that created the structure
 * does, when it is closed, unless {@link #keep()} was called; any handle may {@link #unlink()}. Until then this JVM
 * owns the files it created ({@link CreatedSegments}), and unlinks them at exit; {@code keep()} gives them up.
 *
 * <p>Thread-safe.
 */
final class HandleFiles {

    private final boolean creator;
    private final List<Path> files;
    private boolean kept;
    private boolean unlinked;

    /** @param files every file of the structure, in the order they are unlinked */
    HandleFiles(boolean creator, Path... files) {
        this.creator = creator;
        this.files = List.of(files);
    }

    /** Stops this JVM from unlinking the files: neither the creator's close nor the exit hook will. */
    synchronized void keep() {
        kept = true;
        files.forEach(CreatedSegments::disown);
    }

    /**
     * Removes every file's name, once; each even if another cannot be removed.
     *
     * @throws java.io.UncheckedIOException if a file cannot be deleted (the first failure, others suppressed)
     */
    synchronized void unlink() {
        if (unlinked) {
            return;
        }
        unlinked = true;
        List<Runnable> steps = new ArrayList<>();
        for (Path file : files) {
            steps.add(() -> SegmentFiles.deleteIfExists(file));
        }
        for (Path file : files) {
            steps.add(() -> CreatedSegments.disown(file));
        }
        SegmentFiles.runEach(steps.toArray(new Runnable[0]));
    }

    /** The handle was closed: the creator's unlinks, unless kept. */
    synchronized void handleClosed() {
        if (creator && !kept) {
            unlink();
        }
    }
}
