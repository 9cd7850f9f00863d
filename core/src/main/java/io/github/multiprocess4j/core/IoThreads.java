package io.github.multiprocess4j.core;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** Daemon threads for the blocking I/O around child JVMs (pumps, readers) and for time limits. */
final class IoThreads {

    private static final ExecutorService IO = Executors.newCachedThreadPool(
            new ThreadFactoryBuilder().setDaemon(true).setNameFormat("multiprocess4j-io-%d").build());

    static final ScheduledExecutorService TIMERS = timers();

    private IoThreads() {
    }

    /** Runs a blocking job on a pooled daemon thread; {@code name} is for thread dumps. */
    static void start(String name, Runnable job) {
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

    private static ScheduledExecutorService timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
                new ThreadFactoryBuilder().setDaemon(true).setNameFormat("multiprocess4j-timer-%d").build());
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }
}
