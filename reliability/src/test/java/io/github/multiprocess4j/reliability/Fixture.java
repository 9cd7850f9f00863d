package io.github.multiprocess4j.reliability;

/**
 * Something the bad calls need, such as a segment holding data, opened when a call first uses it and closed by its
 * catalog: so that listing the calls opens nothing.
 *
 * @param <T> what it holds
 */
final class Fixture<T> implements AutoCloseable {

    /** Makes the value. */
    @FunctionalInterface
    interface Opener<T> {
        T open() throws Exception;
    }

    /** Lets go of the value. */
    @FunctionalInterface
    interface Closer<T> {
        void close(T value) throws Exception;
    }

    private final Opener<T> opener;
    private final Closer<T> closer;
    private T value;

    private Fixture(Opener<T> opener, Closer<T> closer) {
        this.opener = opener;
        this.closer = closer;
    }

    static <T extends AutoCloseable> Fixture<T> closing(Opener<T> opener) {
        return new Fixture<>(opener, AutoCloseable::close);
    }

    /** A fixture with nothing to close, such as an object on the heap. */
    static <T> Fixture<T> onHeap(Opener<T> opener) {
        return new Fixture<>(opener, value -> { });
    }

    static <T> Fixture<T> of(Opener<T> opener, Closer<T> closer) {
        return new Fixture<>(opener, closer);
    }

    /** The value, opened on first use (by whichever thread runs the call). */
    synchronized T value() {
        if (value == null) {
            try {
                value = opener.open();
            } catch (Exception e) {
                throw new IllegalStateException("cannot open a fixture of the bad-input sweep: " + e, e);
            }
        }
        return value;
    }

    @Override
    public synchronized void close() throws Exception {
        if (value != null) {
            T opened = value;
            value = null;
            closer.close(opened);
        }
    }
}
