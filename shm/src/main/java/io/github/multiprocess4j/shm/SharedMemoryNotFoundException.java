package io.github.multiprocess4j.shm;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/**
 * Thrown when a shared-memory segment, lock or shared object is attached to by a name that no segment has:
 * Python's {@code FileNotFoundError} from {@code SharedMemory(name=...)}. The message names the segment and
 * where it was looked for; the cause is the {@link NoSuchFileException} of the file system.
 */
public final class SharedMemoryNotFoundException extends UncheckedIOException {

    private static final long serialVersionUID = 1L;

    /** The name that was looked for. */
    private final String segmentName;

    SharedMemoryNotFoundException(String segmentName, NoSuchFileException cause) {
        super("no shared memory named '" + segmentName + "' (looked for " + cause.getFile() + ")", cause);
        this.segmentName = segmentName;
    }

    /**
     * The name that was looked for.
     *
     * @return the segment name, as passed to {@code attach} or {@code open}
     */
    public String segmentName() {
        return segmentName;
    }
}
