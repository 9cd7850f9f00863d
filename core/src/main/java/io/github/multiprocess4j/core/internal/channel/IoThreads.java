package io.github.multiprocess4j.core.internal.channel;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads for the blocking I/O around child JVMs (pumps, readers) and for time limits. No thread outlives
 * its use by more than {@link #IDLE_MILLIS}: an application whose last child is gone has no thread of this library
 * left, so that a host that waits for an application's threads to end (Maven's {@code exec:java}, an application
 * server undeploying) finds none.
 */
public final class IoThreads {

    /** How long an idle thread waits for more work before it ends. */
    static final long IDLE_MILLIS = 100;

    private static final ThreadPoolExecutor IO = io();
    /** One daemon thread, while timers are pending, for time limits and idle timeouts. */
    public static final ScheduledExecutorService TIMERS = timers();

    private IoThreads() {
    }

    /**
     * Runs a blocking job on a pooled daemon thread.
     *
     * @param name what the thread is called while it runs the job, for thread dumps
     * @param job the job
     */
    public static void start(String name, Runnable job) {
        IO.execute(() -> {
            Thread thread = Thread.currentThread();
            String previous = thread.getName();
            thread.setName(name);
            try {
                job.run();
            } finally {
                thread.setName(previous);
            }
        });
    }

    private static ThreadPoolExecutor io() {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_MILLIS, TimeUnit.MILLISECONDS,
                new SynchronousQueue<>(), daemons("multiprocess4j-io-"));
    }

    private static ScheduledExecutorService timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemons("multiprocess4j-timer-"));
        timers.setRemoveOnCancelPolicy(true);
        timers.setKeepAliveTime(IDLE_MILLIS, TimeUnit.MILLISECONDS);
        timers.allowCoreThreadTimeOut(true);
        return timers;
    }

    /** Daemon threads named {@code prefix} and a number counted from 0. */
    private static ThreadFactory daemons(String prefix) {
        ThreadFactory threads = Executors.defaultThreadFactory();
        AtomicInteger numbers = new AtomicInteger();
        return job -> {
            Thread thread = threads.newThread(job);
            thread.setName(prefix + numbers.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }
}
