package io.github.multiprocess4j.queue;

/**
 * No element could be taken: the queue stayed empty for as long as the caller was willing to wait (not at all for
 * {@code getNowait()}). Python's {@code queue.Empty}. The queue is unchanged.
 */
public final class QueueEmptyException extends QueueException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, for people, such as {@code no element arrived within 1 s}
     */
    public QueueEmptyException(String message) {
        super(message);
    }
}
