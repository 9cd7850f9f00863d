package io.github.multiprocess4j.ipc;

import java.io.IOException;

/**
 * A file of a segment or lock, or the directory they live in, that another local user could have planted or may
 * change: {@link TrustedFiles} refused it without reading anything from it. The message names the file, its owner and
 * its mode. The library's API reports it as its own {@code UntrustedSegmentException}.
 */
public final class UntrustedFileException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what was refused and why: the file, its owner and its mode */
    public UntrustedFileException(String message) {
        super(message);
    }
}
