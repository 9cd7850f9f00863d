package io.github.multiprocess4j.cluster;

/**
 * A task of a {@link ClusterPool} did not produce a result: it threw on a member (the cause is its exception), or
 * the members it was sent to were lost more times than the pool retries. The message says which and names the
 * member, as {@code host:port}.
 */
public final class ClusterTaskFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The member the task last ran on, {@code host:port}. */
    private final String member;
    /** How many times the task was sent. */
    private final int attempts;
    /** The item's index in a map, or -1. */
    private final int index;
    /** Whether the task was lost with its members rather than failing itself. */
    private final boolean memberLost;

    ClusterTaskFailedException(String message, String member, int attempts, int index, boolean memberLost,
            Throwable cause) {
        super(message, cause);
        this.member = member;
        this.attempts = attempts;
        this.index = index;
        this.memberLost = memberLost;
    }

    /**
     * The member the task last ran on, or was lost with.
     *
     * @return {@code host:port}
     */
    public String member() {
        return member;
    }

    /**
     * How many times the task was sent: 1 unless its member was lost.
     *
     * @return at least 1
     */
    public int attempts() {
        return attempts;
    }

    /**
     * The item's index for a task of {@link ClusterPool#map(Iterable, io.github.multiprocess4j.core.MapTask)} (the
     * first item of its chunk), or -1.
     *
     * @return the index, or -1
     */
    public int index() {
        return index;
    }

    /**
     * Whether the task was lost with its members rather than failing itself.
     *
     * @return {@code true} if no member finished it
     */
    public boolean memberLost() {
        return memberLost;
    }

    ClusterTaskFailedException at(int newIndex) {
        ClusterTaskFailedException copy = new ClusterTaskFailedException("item " + newIndex + ": " + getMessage(),
                member, attempts, newIndex, memberLost, getCause());
        copy.setStackTrace(getStackTrace());
        return copy;
    }
}
