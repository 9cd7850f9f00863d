package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import io.github.multiprocess4j.shm.ProcessEvent;
import io.github.multiprocess4j.shm.SharedMemory;

/**
 * From {@link ProcessEvent#set()} in this JVM to a child JVM waiting in {@link ProcessEvent#await()} being awake,
 * against Python's {@code mp.Event} measured the same way (python_counterpart.py's {@code event} section); see
 * {@link CrossProcessWake}. Before each sample the event is cleared, and the child waits until it sees it clear.
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' org.openjdk.jmh.Main EventWakeBenchmark
 * </pre>
 */
public class EventWakeBenchmark extends CrossProcessWake {

    private ProcessEvent event;

    @Override
    Worker<Void> start(SharedMemory control) {
        event = ProcessEvent.create();
        ProcessEvent shared = event;
        return Launch.process(() -> wakeAgainAndAgain(control, () -> cleared(shared, control), shared::await));
    }

    @Override
    void rearm() {
        event.clear();
    }

    @Override
    void change() {
        event.set();
    }

    @Override
    void close() {
        event.close();
    }

    /** Waits until the event is lowered for the next sample: {@code false} if told to stop first. */
    private static boolean cleared(ProcessEvent event, SharedMemory control) {
        while (event.isSet()) {
            if (control.getIntVolatile(STOP) != 0) {
                return false;
            }
            Thread.yield();
        }
        return true;
    }
}
