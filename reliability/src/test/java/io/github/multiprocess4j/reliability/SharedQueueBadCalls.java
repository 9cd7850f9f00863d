package io.github.multiprocess4j.reliability;

import static io.github.multiprocess4j.reliability.JoinableQueueBadCalls.HELD;

import io.github.multiprocess4j.shm.SharedQueue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link SharedQueue} and its builder: sizes and names out of range are refused before a segment is made, and an
 * element too large for a cell is refused, naming both sizes, before anything is written.
 */
final class SharedQueueBadCalls implements BadCallCatalog {

    private static final int MAX_ELEMENT_BYTES = 56;
    private static final String TOO_LARGE = "x".repeat(100);

    private final Fixture<SharedQueue<String>> full = Fixture.closing(() -> {
        SharedQueue<String> queue = SharedQueue.builder().capacity(1).maxElementBytes(MAX_ELEMENT_BYTES).create();
        queue.put(HELD);
        return queue;
    });
    private final Fixture<SharedQueue<String>> empty = Fixture.closing(
            () -> SharedQueue.builder().capacity(2).maxElementBytes(MAX_ELEMENT_BYTES).create());

    @Override
    public List<BadCall> calls() {
        List<BadCall> calls = new ArrayList<>();
        new JoinableQueueBadCalls<>("SharedQueue", full, empty, SharedQueue::offer, SharedQueue::offer,
                SharedQueue::poll).addTo(calls);
        creating(calls);
        builder(calls);
        String tooLarge = "an element of " + (TOO_LARGE.length() + 1) + " bytes";
        String limit = "at most " + MAX_ELEMENT_BYTES + " bytes";
        calls.add(onElements("SharedQueue.put(Object)", tooLarge, () -> full.value().put(TOO_LARGE))
                .refused(IllegalArgumentException.class, tooLarge, limit));
        calls.add(onElements("SharedQueue.put(Object, Duration)", tooLarge,
                () -> full.value().put(TOO_LARGE, BadArguments.HUGE))
                .refused(IllegalArgumentException.class, tooLarge, limit));
        calls.add(onElements("SharedQueue.putNowait(Object)", tooLarge, () -> full.value().putNowait(TOO_LARGE))
                .refused(IllegalArgumentException.class, tooLarge, limit));
        calls.add(onElements("SharedQueue.offer(Object)", tooLarge, () -> full.value().offer(TOO_LARGE))
                .refused(IllegalArgumentException.class, tooLarge, limit));
        calls.add(onElements("SharedQueue.offer(Object, long, TimeUnit)", tooLarge,
                () -> full.value().offer(TOO_LARGE, Long.MAX_VALUE, TimeUnit.DAYS))
                .refused(IllegalArgumentException.class, tooLarge, limit));
        batches(calls, tooLarge, limit);
        return calls;
    }

    /** An element refused by {@code putAll} is refused before it waits for room, and nothing of it is put. */
    private void batches(List<BadCall> calls, String tooLarge, String limit) {
        String putAll = "SharedQueue.putAll(Collection)";
        calls.add(BadCall.withNull(putAll, "elements", () -> full.value().putAll(null)));
        calls.add(onElements(putAll, "a collection holding null", () -> full.value().putAll(Arrays.asList("a", null)))
                .refused(NullPointerException.class, "does not accept null elements"));
        calls.add(onElements(putAll, "a collection holding " + tooLarge, () -> full.value().putAll(List.of(TOO_LARGE)))
                .refused(IllegalArgumentException.class, tooLarge, limit));
        String drainTo = "SharedQueue.drainTo(Collection, int)";
        calls.add(BadCall.withNull(drainTo, "sink", () -> full.value().drainTo(null, 1)));
        for (int max : new int[] {0, -1, Integer.MIN_VALUE}) {
            calls.add(BadCall.of(drainTo, "maxElements " + max, () -> full.value().drainTo(new ArrayList<>(), max))
                    .keeping(() -> JoinableQueueBadCalls.stateOf(full.value()))
                    .accepted("moves nothing", moved -> Integer.valueOf(0).equals(moved)));
        }
    }

    private static void creating(List<BadCall> calls) {
        String create = "SharedQueue.create(int)";
        OutOfRange.refused(calls, create, "capacityBytes", SharedQueue::create, "capacityBytes must be at least 1",
                0, -1);
        calls.add(BadCall.of(create, "capacityBytes less than a cell", () -> SharedQueue.create(100))
                .refused(IllegalArgumentException.class, "a ring of 100 bytes holds no cell of 1024 bytes"));
        calls.add(BadCall.of(create, "capacityBytes Integer.MAX_VALUE", () -> SharedQueue.create(Integer.MAX_VALUE))
                .refused(IllegalArgumentException.class, "a segment holds at most " + Integer.MAX_VALUE));
        BadNames.creating(calls, "SharedQueue.create(String, int)", name -> SharedQueue.create(name, 1024));
        calls.add(BadCall.of("SharedQueue.create(String, int)", "a 194-character name",
                () -> SharedQueue.create("n".repeat(194), 1024))
                .refused(IllegalArgumentException.class, "at most 193 are allowed", ".owners"));
        BadNames.attaching(calls, "SharedQueue.attach(String)", SharedQueue::attach);
    }

    private static void builder(List<BadCall> calls) {
        BadNames.creating(calls, "SharedQueue.Builder.name(String)",
                name -> SharedQueue.builder().name(name).create().close());
        OutOfRange.refused(calls, "SharedQueue.Builder.capacity(int)", "elements",
                elements -> SharedQueue.builder().capacity(elements), "capacity must be at least 1 element", 0, -1);
        calls.add(BadCall.of("SharedQueue.Builder.capacity(int)", "Integer.MAX_VALUE, when the queue is created",
                () -> SharedQueue.builder().capacity(Integer.MAX_VALUE).create())
                .refused(IllegalArgumentException.class, Integer.MAX_VALUE + " elements",
                        "a segment holds at most " + Integer.MAX_VALUE));
        OutOfRange.refused(calls, "SharedQueue.Builder.maxElementBytes(int)", "bytes",
                bytes -> SharedQueue.builder().maxElementBytes(bytes), "maxElementBytes must be in 1..",
                0, -1, Integer.MAX_VALUE);
        OutOfRange.refused(calls, "SharedQueue.Builder.capacityBytes(int)", "bytes",
                bytes -> SharedQueue.builder().capacityBytes(bytes), "capacityBytes must be at least 1", 0, -1);
        calls.add(BadCall.of("SharedQueue.Builder.capacityBytes(int)", "Integer.MAX_VALUE, when the queue is created",
                () -> SharedQueue.builder().capacityBytes(Integer.MAX_VALUE).create())
                .refused(IllegalArgumentException.class, "a segment holds at most " + Integer.MAX_VALUE));
    }

    /** A call on the full queue, whose element and unfinished task must stay as they were. */
    private BadCall onElements(String entryPoint, String argument, BadCall.VoidCall call) {
        return BadCall.of(entryPoint, argument, call).keeping(() -> JoinableQueueBadCalls.stateOf(full.value()));
    }

    @Override
    public void close() throws Exception {
        try (full; empty) {
            // both closed, even if one fails to
        }
    }
}
