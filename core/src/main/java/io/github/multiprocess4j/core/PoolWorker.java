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

    PoolWorker(String name, ProcessPoolBuilder settings, ClassLoader loader, ProcessPool pool) throws IOException {
        this.name = name;
        this.child = ChildProcess.start(name, settings.jvmArgs, settings.output, loader, ChildMain.POOL,
                frame -> pool.answered(this, frame));
    }

    /** Sends a task; if the child has died, its exit will fail the task. */
    void send(PoolTask task) {
        try {
            child.send(Frames.TASK, Messages.task(task.id, 0, task.encoded));
        } catch (IOException e) {
            // the child is gone or going; ProcessPool.workerGone deals with its task
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
