package io.github.multiprocess4j.core;

/**
 * Stands in for an exception thrown in a child JVM that could not be brought back as itself (its class or one
 * of its fields is not serializable, or its class cannot be loaded in the parent). It keeps the remote class
 * name, message, stack trace, causes and suppressed exceptions, and prints like the original:
 * {@code com.example.BadThing: message}.
 *
 * <p>Exceptions that can be serialized arrive as themselves, with the child's stack frames; this class is only
 * the fallback.
 */
public final class RemoteTaskException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The class of the exception in the child. */
    private final String remoteClassName;

    /**
     * Creates a stand-in for a remote exception. The caller sets the stack trace.
     *
     * @param remoteClassName the fully qualified class name of the exception in the child
     * @param message the exception's message, or {@code null}
     */
    public RemoteTaskException(String remoteClassName, String message) {
        super(message);
        this.remoteClassName = remoteClassName;
    }

    /**
     * The class of the exception in the child, for example {@code com.example.BadThing}.
     *
     * @return the fully qualified class name
     */
    public String remoteClassName() {
        return remoteClassName;
    }

    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message == null ? remoteClassName : remoteClassName + ": " + message;
    }
}
