package io.github.multiprocess4j.queue;

/**
 * The queue has been shut down, as with Python 3.13's {@code queue.ShutDown}: a put fails at once (the element is
 * not added), and a get fails once no element is left. A thread blocked in a put, or in a get on an empty queue,
 * wakes up and throws this when the queue is shut down.
 */
public final class QueueShutDownException extends QueueException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, for people, such as {@code the queue is shut down and empty}
     */
    public QueueShutDownException(String message) {
        super(message);
    }
}
