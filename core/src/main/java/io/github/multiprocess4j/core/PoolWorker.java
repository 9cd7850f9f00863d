package io.github.multiprocess4j.core;

import io.github.multiprocess4j.core.internal.channel.ChildMain;
import io.github.multiprocess4j.core.internal.channel.ChildProcess;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One warm child JVM of a {@link ProcessPool}, running one task at a time, with a few more queued in its input:
 * one, or up to {@link #QUICK_DEPTH} while its tasks are quick.
 */
final class PoolWorker {

    final String name;
    final ChildProcess child;

    // guarded by the pool's lock
    /** The task it is running, or {@code null} when idle. */
    PoolTask current;
    /**
     * Tasks already sent behind {@link #current}, waiting in the child's standard input so that the child starts
     * on the next without waiting for the parent, in the order the child will run them.
     */
    final Deque<PoolTask> queued = new ArrayDeque<>();
    int completed;
    /** When its last answer came, and whether it came soon after the one before: its tasks are quick. */
    private long lastAnswerNanos;
    private boolean quick;
    /** Whether it has been told to exit, and whether the pool wants another in its place then. */
    boolean retiring;
    boolean replaceWhenGone = true;
    /** Changes each time the worker becomes idle, so that an idle timer can tell whether it is stale. */
    long idleSpell;

    /** How many tasks may wait in the input of a worker whose tasks are quick: tiny tasks then stream. */
    static final int QUICK_DEPTH = 8;
    /** Answers closer together than this make a worker's tasks quick. */
    private static final long QUICK_NANOS = 1_000_000;

    /** Notes that it answered now: a quick worker gets a deeper queue. */
    void answeredAt(long nanos) {
        quick = nanos - lastAnswerNanos < QUICK_NANOS;
        lastAnswerNanos = nanos;
    }

    /**
     * How many tasks may wait in its input: one, or {@link #QUICK_DEPTH} while its tasks are quick, so that a
     * long task holds few others up while another worker may be free.
     */
    int queueDepth() {
        return quick ? QUICK_DEPTH : 1;
    }

    /** Orders the writing of tasks before the pool's verdict on the child's exit. */
    private final Object sending = new Object();
    // guarded by sending
    private boolean exited;

    PoolWorker(String name, ProcessPoolBuilder settings, ClassLoader loader, ProcessPool pool) throws IOException {
        this.name = name;
        this.child = ChildProcess.start(name, settings.jvmArgs, settings.output, loader, ChildMain.POOL,
                answer -> pool.answered(this, answer));
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
                child.sendTask(task.id, 0, task.encoded);
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
        child.askToExit();
    }

    @Override
    public String toString() {
        return name + " (pid " + child.pid() + ")";
    }
}
