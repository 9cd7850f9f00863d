package io.github.multiprocess4j.reliability;

import static io.github.multiprocess4j.reliability.JoinableQueueBadCalls.HELD;

import io.github.multiprocess4j.queue.WorkQueue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link WorkQueue}: the calls every joinable queue answers alike, and its {@code BlockingQueue} and
 * {@code Collection} methods with null, negative and self arguments, on a queue whose elements must stay as they
 * were.
 */
final class WorkQueueBadCalls implements BadCallCatalog {

    private final Fixture<WorkQueue<String>> full = Fixture.onHeap(() -> {
        WorkQueue<String> queue = new WorkQueue<>(1);
        queue.put(HELD);
        return queue;
    });
    private final Fixture<WorkQueue<String>> empty = Fixture.onHeap(() -> new WorkQueue<>(2));

    @Override
    public List<BadCall> calls() {
        List<BadCall> calls = new ArrayList<>();
        new JoinableQueueBadCalls<>("WorkQueue", full, empty, WorkQueue::offer, WorkQueue::offer, WorkQueue::poll)
                .addTo(calls);
        OutOfRange.refused(calls, "WorkQueue(int)", "capacity", WorkQueue::new, "capacity must be at least 1", 0, -1,
                Integer.MIN_VALUE);
        calls.add(BadCall.of("WorkQueue(int)", "capacity Integer.MAX_VALUE, as unbounded",
                () -> new WorkQueue<String>(Integer.MAX_VALUE).remainingCapacity())
                .accepted("unbounded", Integer.valueOf(Integer.MAX_VALUE)::equals));

        calls.add(onElements("WorkQueue.add(Object)", "element null", () -> full.value().add(null))
                .refused(NullPointerException.class, "WorkQueue does not accept null elements"));
        calls.add(onElements("WorkQueue.addAll(Collection)", "elements null", () -> full.value().addAll(null))
                .refused(NullPointerException.class, "elements"));
        calls.add(onElements("WorkQueue.addAll(Collection)", "the queue itself",
                () -> full.value().addAll(full.value()))
                .refused(IllegalArgumentException.class, "cannot add a queue to itself"));
        calls.add(onElements("WorkQueue.addAll(Collection)", "a null element, full",
                () -> full.value().addAll(Arrays.asList((String) null)))
                .refused(NullPointerException.class, "WorkQueue does not accept null elements"));

        String drainAll = "WorkQueue.drainTo(Collection)";
        calls.add(onElements(drainAll, "sink null", () -> full.value().drainTo(null))
                .refused(NullPointerException.class, "sink"));
        calls.add(onElements(drainAll, "the queue itself", () -> full.value().drainTo(full.value()))
                .refused(IllegalArgumentException.class, "cannot drain a queue into itself"));
        String drainSome = "WorkQueue.drainTo(Collection, int)";
        calls.add(onElements(drainSome, "sink null", () -> full.value().drainTo(null, 1))
                .refused(NullPointerException.class, "sink"));
        calls.add(onElements(drainSome, "the queue itself", () -> full.value().drainTo(full.value(), 1))
                .refused(IllegalArgumentException.class, "cannot drain a queue into itself"));
        for (int maxElements : new int[] {0, -1, Integer.MIN_VALUE}) {
            calls.add(onElements(drainSome, "maxElements " + maxElements,
                    () -> full.value().drainTo(new ArrayList<>(), maxElements))
                    .accepted("none moved", Integer.valueOf(0)::equals));
        }

        calls.add(onElements("WorkQueue.removeIf(Predicate)", "filter null", () -> full.value().removeIf(null))
                .refused(NullPointerException.class, "filter"));
        calls.add(onElements("WorkQueue.removeIf(Predicate)", "a filter that uses the queue",
                () -> full.value().removeIf(element -> full.value().contains(element)))
                .refused(IllegalStateException.class, "must not use this queue"));
        calls.add(onElements(drainAll, "a sink that uses the queue", () -> full.value().drainTo(new ArrayList<>() {
            @Override
            public boolean add(String element) {
                return full.value().peek() != null && super.add(element);
            }
        })).refused(IllegalStateException.class, "must not use this queue"));
        calls.add(onElements("WorkQueue.removeAll(Collection)", "c null", () -> full.value().removeAll(null))
                .refused(NullPointerException.class, "c"));
        calls.add(onElements("WorkQueue.retainAll(Collection)", "c null", () -> full.value().retainAll(null))
                .refused(NullPointerException.class, "c"));
        calls.add(onElements("WorkQueue.remove(Object)", "null, which no element is", () -> full.value().remove(null))
                .accepted("nothing removed", Boolean.FALSE::equals));
        return calls;
    }

    /** A call on the full queue, whose elements and unfinished tasks must stay as they were. */
    private BadCall onElements(String entryPoint, String argument, BadCall.Call call) {
        return BadCall.of(entryPoint, argument, call)
                .keeping(() -> List.of(List.copyOf(full.value()), JoinableQueueBadCalls.stateOf(full.value())));
    }

    @Override
    public void close() {
        // queues on the heap
    }
}
