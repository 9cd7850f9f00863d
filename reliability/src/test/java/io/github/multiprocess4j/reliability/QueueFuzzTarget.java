package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.queue.QueueException;
import io.github.multiprocess4j.shm.SharedQueue;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link SharedQueue}'s segment: magic, version, capacity, cell size, process slots and the offset of the cells,
 * then the tail, head and done counters and the first process slots' generations; its owners file, beside it, is
 * removed with it. The cells' stamps are its data,
 * not its header, and are left alone.
 */
final class QueueFuzzTarget implements FuzzTarget {

    private static final int CAPACITY = 8;
    private static final List<Object> ELEMENTS = List.of("spam", 42, 7L, 2.5, List.of(3, 1, 4));
    private static final String ROUND_TRIP = "round trip";

    @Override
    public String kind() {
        return "SharedQueue";
    }

    @Override
    public Path create(String name) {
        try (SharedQueue<Object> queue = SharedQueue.builder().name(name).capacity(CAPACITY).maxElementBytes(64)
                .create()) {
            for (Object element : ELEMENTS) {
                queue.putNowait(element);
            }
            queue.keep();
        }
        return DIRECTORY.resolve(name);
    }

    @Override
    public List<Path> files(String name) {
        return List.of(DIRECTORY.resolve(name), DIRECTORY.resolve(name + ".owners"));
    }

    @Override
    public List<Field> fields(int size) {
        return List.of(new Field(0, 4), new Field(4, 4), new Field(8, 4), new Field(12, 4), new Field(16, 4),
                new Field(20, 4), new Field(128, 8), new Field(256, 8), new Field(384, 8), new Field(512, 8),
                new Field(520, 8));
    }

    /** Takes what is there (each an element that was put, none twice), then puts one and takes it back. */
    @Override
    public void exercise(String name) {
        try (SharedQueue<Object> queue = SharedQueue.attach(name)) {
            Set<Object> taken = new HashSet<>();
            for (Object element = poll(queue); element != null; element = poll(queue)) {
                if (!ELEMENTS.contains(element) || !taken.add(element)) {
                    throw new AssertionError("SharedQueue '" + name + "' gave " + element + " after " + taken
                            + ", but only " + ELEMENTS + " were put, once each");
                }
            }
            if (queue.offer(ROUND_TRIP) && !ROUND_TRIP.equals(poll(queue))) {
                throw new AssertionError("SharedQueue '" + name + "' did not give back what was just put");
            }
        }
    }

    private static Object poll(SharedQueue<Object> queue) {
        try {
            return queue.getNowait();
        } catch (QueueException e) {
            return null; // empty or shut down: both are states a damaged counter may claim
        }
    }
}
