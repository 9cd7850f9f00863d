package io.github.multiprocess4j.shm;

/**
 * What every handle on something shared by name has: {@link SharedMemory}, {@link ProcessLock},
 * {@link SharedObject}, {@link ShareableList}, {@link SharedQueue}, {@link SharedLong}, {@link SharedDouble},
 * {@link SharedLongArray} and {@link SharedDoubleArray}. Each is created with {@code create(...)} and
 * attached to by name with {@code attach(name)}, in this process or any other; each is {@link java.io.Serializable}
 * by name, so that a task that captures one attaches to the same thing in its child JVM.
 *
 * <h2>Lifetime</h2>
 * What is shared outlives the handles on it until it is {@linkplain #unlink() unlinked}. The handle that created it
 * unlinks it when it is {@linkplain #close() closed}, unless {@link #keep()} was called; handles that attached only
 * detach. A JVM that exits (normally or on SIGTERM) unlinks what it created and neither closed, unlinked nor kept;
 * after a SIGKILL, a small tracker process does it.
 *
 * <p>Thread-safety: every method may be called from any thread at any time; {@link #isClosed()} sees a
 * {@code close()} made by any thread. Once closed, a handle's other methods fail with an
 * {@link IllegalStateException}, except these five.
 */
public interface SharedResource extends AutoCloseable {

    /**
     * The name to attach to from another process.
     *
     * @return the name
     */
    String name();

    /**
     * Stops this JVM from unlinking what the handle names: neither {@link #close()} nor the exit hook will. Use it
     * to leave it for a process that starts later; someone must then {@link #unlink()} it.
     *
     * @return this handle
     */
    SharedResource keep();

    /**
     * Removes the name, and the name of every other file it consists of: no process can attach any more. Handles
     * already attached keep working. Does nothing if the name is gone already. Any handle may unlink, not only the
     * creator's.
     *
     * @throws java.io.UncheckedIOException if a file cannot be removed (the others are removed all the same)
     */
    void unlink();

    /**
     * Whether {@link #close()} has been called on this handle.
     *
     * @return {@code true} once closed
     */
    boolean isClosed();

    /**
     * Closes this handle: its later calls fail. If this handle created what it names and {@link #keep()} was not
     * called, that is also {@linkplain #unlink() unlinked}. Closing twice does nothing.
     *
     * @throws java.io.UncheckedIOException if it should be unlinked but a file cannot be removed
     */
    @Override
    void close();
}
