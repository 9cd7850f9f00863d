package io.github.multiprocess4j.queue;

/**
 * {@code taskDone()} was called more times than elements were put, which Python reports as {@code ValueError:
 * task_done() called too many times}. The call had no effect: the count of unfinished tasks stays at zero.
 */
public final class TooManyTaskDoneCallsException extends QueueException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, for people
     */
    public TooManyTaskDoneCallsException(String message) {
        super(message);
    }
}
