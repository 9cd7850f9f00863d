package io.github.multiprocess4j.queue;

/**
 * An element could not be put: a bounded queue stayed full for as long as the caller was willing to wait (not at
 * all for {@code putNowait(e)}). Python's {@code queue.Full}. The element was not added and the queue is
 * unchanged.
 */
public final class QueueFullException extends QueueException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, for people, such as {@code the queue is full (capacity 4)}
     */
    public QueueFullException(String message) {
        super(message);
    }
}
