package io.github.multiprocess4j.shm;

/**
 * Thrown when an existing segment, lock or shared object is attached to, but its file is not one this process may
 * trust: a symbolic link, not a regular file, or (unless the segment was attached with
 * {@link SharedMemory#attachShared(String)} or {@link ShareableList#attachShared(String)}) owned by another user or
 * writable by group or others. Such a file could have been planted, or changed, by another local user. The message
 * names the file, its owner and its mode; the file is left as it was.
 *
 * <p>A {@link SecurityException}: nothing in the file was read, and retrying will not help until the file is
 * replaced by one of this user's.
 */
public final class UntrustedSegmentException extends SecurityException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused and why: the file, its owner and its mode
     */
    public UntrustedSegmentException(String message) {
        super(message);
    }
}
