package io.github.multiprocess4j.core;

import java.io.IOException;

/** One warm child JVM of a {@link ProcessPool}, running one task at a time, with at most one more queued. */
final class PoolWorker {

    final String name;
    final ChildProcess child;

    // guarded by the pool's lock
    /** The task it is running, or {@code null} when idle. */
    PoolTask current;
    /**
     * A task already sent behind {@link #current}, waiting in the child's standard input so that the child
     * starts on it without waiting for the parent; {@code null} if none.
     */
    PoolTask queued;
    int completed;
    /** Whether it has been told to exit, and whether the pool wants another in its place then. */
    boolean retiring;
    boolean replaceWhenGone = true;
    /** Changes each time the worker becomes idle, so that an idle timer can tell whether it is stale. */
    long idleSpell;

    /** Orders the writing of tasks before the pool's verdict on the child's exit. */
    private final Object sending = new Object();
    // guarded by sending
    private boolean exited;

    PoolWorker(String name, ProcessPoolBuilder settings, ClassLoader loader, ProcessPool pool) throws IOException {
        this.name = name;
        this.child = ChildProcess.start(name, settings.jvmArgs, settings.output, loader, ChildMain.POOL,
                frame -> pool.answered(this, frame));
    }

    /**
     * Sends a task and, if it was written, records on it that it reached this worker.
     *
     * @return {@code false} if the task was not written: the child died before it could read it
     */
    boolean send(PoolTask task) {
        synchronized (sending) {
            if (exited) {
                return false;
            }
            try {
                child.send(Frames.TASK, Messages.task(task.id, 0, task.encoded));
            } catch (IOException e) {
                return false;
            }
            task.reachedWorker = this;
            return true;
        }
    }

    /**
     * Marks the child as exited: once this returns, every task written to it is marked as such, and no other will
     * be.
     */
    void exited() {
        synchronized (sending) {
            exited = true;
        }
    }

    /** Asks the child to exit once it has nothing left to do. */
    void retire() {
        try {
            child.send(Frames.SHUTDOWN, new byte[0]);
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + child.pid() + ")";
    }
}
