package io.github.multiprocess4j.shm;

/**
 * The lifetime that every handle of this package with a state of its own shares ({@link SharedMemory},
 * {@link ProcessLock}, {@link SharedQueue}): the state it works on, which is {@code null} once the handle is closed,
 * and the files it names ({@link HandleFiles}).
 *
 * <p>Thread-safety: any thread may close a handle that others use; the state is volatile, so they see the close at
 * their next call and fail with an {@link IllegalStateException}.
 *
 * @param <S> what the handle works on: a mapping, or this JVM's shared state of a structure
 */
abstract class Handle<S> implements SharedResource {

    private final HandleFiles files;
    private volatile S state;

    Handle(S state, HandleFiles files) {
        this.state = state;
        this.files = files;
    }

    /**
     * What the handle works on.
     *
     * @throws IllegalStateException if the handle is closed
     */
    final S current() {
        S current = state;
        if (current == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " '" + name() + "' is closed");
        }
        return current;
    }

    /** Keeps the files, for the subclass's {@code keep()}, which returns itself. */
    final void keepFiles() {
        files.keep();
    }

    @Override
    public final void unlink() {
        files.unlink();
    }

    @Override
    public final boolean isClosed() {
        return state == null;
    }

    @Override
    public final synchronized void close() {
        S current = state;
        if (current == null) {
            return;
        }
        release(current);
        state = null;
        files.handleClosed();
    }

    /**
     * Lets go of what this handle worked on, as it closes; may refuse by throwing, and the handle stays open then.
     */
    abstract void release(S current);
}
