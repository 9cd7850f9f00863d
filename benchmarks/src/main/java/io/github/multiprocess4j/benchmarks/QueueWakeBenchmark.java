package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import io.github.multiprocess4j.shm.SharedMemory;
import io.github.multiprocess4j.shm.SharedQueue;

/**
 * From {@link SharedQueue#put(Object)} in this JVM to a child JVM waiting in {@link SharedQueue#get()} having the
 * element, against Python's {@code mp.Queue} measured the same way (python_counterpart.py's {@code queue_wake}
 * section); see {@link CrossProcessWake}.
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' org.openjdk.jmh.Main QueueWakeBenchmark
 * </pre>
 */
public class QueueWakeBenchmark extends CrossProcessWake {

    private SharedQueue<Integer> queue;

    @Override
    Worker<Void> start(SharedMemory control) {
        queue = SharedQueue.builder().capacity(16).maxElementBytes(16).create();
        SharedQueue<Integer> shared = queue;
        return Launch.process(() -> wakeAgainAndAgain(control, () -> true, shared::get));
    }

    @Override
    void rearm() {
        // the child took the last sample's element: the queue is empty
    }

    @Override
    void change() throws InterruptedException {
        queue.put(1);
    }

    @Override
    void close() {
        queue.close();
    }
}
