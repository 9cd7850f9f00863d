package io.github.multiprocess4j.reliability;

import static io.github.multiprocess4j.reliability.BadArguments.HUGE;
import static io.github.multiprocess4j.reliability.BadArguments.NEGATIVE;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.LaunchException;
import io.github.multiprocess4j.core.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What a launch hands back: a {@link Worker} to join, and the {@link LaunchException} of a failed launch. */
final class WorkerBadCalls implements BadCallCatalog {

    private static final int LAUNCHED = 2;

    /** A worker on a thread, finished. */
    private final Fixture<Worker<Integer>> finished = Fixture.onHeap(() -> {
        Worker<Integer> worker = Launch.thread(() -> 42);
        worker.join();
        return worker;
    });
    /** The failure of a launch of two threads, the second of which threw. */
    private final Fixture<LaunchException> failure = Fixture.onHeap(WorkerBadCalls::failedLaunch);

    @Override
    public List<BadCall> calls() {
        List<BadCall> calls = new ArrayList<>();
        String join = "Worker.join(Duration)";
        calls.add(BadCall.withNull(join, "timeout", () -> finished.value().join(null)));
        calls.add(BadCall.of(join, "a negative timeout", () -> finished.value().join(NEGATIVE))
                .refused(IllegalArgumentException.class, "timeout must not be negative, got " + NEGATIVE));
        calls.add(BadCall.of(join, "a zero timeout", () -> finished.value().join(Duration.ZERO))
                .accepted("finished", Boolean.TRUE::equals));
        calls.add(BadCall.of(join, "a huge timeout", () -> finished.value().join(HUGE))
                .accepted("finished", Boolean.TRUE::equals));

        for (int index : new int[] {-1, LAUNCHED, Integer.MAX_VALUE}) {
            calls.add(BadCall.of("LaunchException.failed(int)", "index " + index,
                    () -> failure.value().failed(index))
                    .refused(IndexOutOfBoundsException.class, "index " + index + " is out of range",
                            LAUNCHED + " tasks were launched"));
        }
        return calls;
    }

    private static LaunchException failedLaunch() throws InterruptedException {
        try {
            Launch.threads(LAUNCHED, index -> {
                if (index == 1) {
                    throw new IllegalStateException("the planned failure of task 1");
                }
                return index;
            });
        } catch (LaunchException e) {
            return e;
        }
        throw new AssertionError("the launch was to fail");
    }

    @Override
    public void close() {
        // threads that have finished
    }
}
