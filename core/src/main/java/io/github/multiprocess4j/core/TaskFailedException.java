package io.github.multiprocess4j.core;

import java.util.OptionalInt;

/**
 * A task did not produce a result: it threw, ran past its time limit, or its child JVM exited or was killed
 * first. The message says which, and names the worker, its pid and exit code. When the task threw, the cause is
 * its exception (with the child's stack frames when it ran in a child JVM; see {@link RemoteTaskException}).
 */
public final class TaskFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The worker's name. */
    private final String workerName;
    /** The copy's index. */
    private final int index;
    /** The process the task ran in. */
    private final long pid;
    /** The child JVM's exit code, {@code null} for a thread. */
    private final Integer exitCode;
    /** Whether the worker ran past its time limit. */
    private final boolean timedOut;

    TaskFailedException(String message, String workerName, int index, long pid, Integer exitCode,
            boolean timedOut, Throwable cause) {
        super(message, cause);
        this.workerName = workerName;
        this.index = index;
        this.pid = pid;
        this.exitCode = exitCode;
        this.timedOut = timedOut;
    }

    /** The same failure, told about the item or copy at {@code index}. */
    TaskFailedException at(int index, String message, Throwable cause) {
        return new TaskFailedException(message, workerName, index, pid, exitCode, timedOut, cause);
    }

    /**
     * The name of the worker that failed, such as {@code process-2}.
     *
     * @return the worker's name
     */
    public String workerName() {
        return workerName;
    }

    /**
     * Which of the launched copies failed, from {@code 0}; {@code 0} for a single worker.
     *
     * @return the index
     */
    public int index() {
        return index;
    }

    /**
     * The process the task ran in: the child JVM's pid, or this JVM's pid for a thread.
     *
     * @return the process id
     */
    public long pid() {
        return pid;
    }

    /**
     * The child JVM's exit code (see {@link Worker#exitCode()}).
     *
     * @return the exit code, or empty for a thread
     */
    public OptionalInt exitCode() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    /**
     * Whether the task failed because it ran past its time limit.
     *
     * @return {@code true} if the worker was stopped for running too long
     */
    public boolean timedOut() {
        return timedOut;
    }
}
