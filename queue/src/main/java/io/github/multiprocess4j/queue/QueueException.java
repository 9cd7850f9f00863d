package io.github.multiprocess4j.queue;

/**
 * The common type of every failure a queue of this library reports: catch it to handle them all.
 *
 * <table class="striped">
 *   <caption>The subtypes and their Python counterparts</caption>
 *   <thead><tr><th>thrown</th><th>Python</th><th>when</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@link QueueEmptyException}</td><td>{@code queue.Empty}</td>
 *       <td>no element arrived within the time allowed</td></tr>
 *   <tr><td>{@link QueueFullException}</td><td>{@code queue.Full}</td>
 *       <td>no room appeared within the time allowed</td></tr>
 *   <tr><td>{@link QueueShutDownException}</td><td>{@code queue.ShutDown}</td>
 *       <td>the queue was shut down: it takes no more elements, and it has none left to give</td></tr>
 *   <tr><td>{@link TooManyTaskDoneCallsException}</td><td>{@code ValueError}</td>
 *       <td>{@code taskDone()} was called more times than elements were put</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>It is an {@link IllegalStateException}: each of these says that the queue's state refused the call, which is
 * also what {@link java.util.Collection#add(Object)} promises to throw when an element cannot be added.
 */
public abstract class QueueException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, for people
     */
    protected QueueException(String message) {
        super(message);
    }
}
