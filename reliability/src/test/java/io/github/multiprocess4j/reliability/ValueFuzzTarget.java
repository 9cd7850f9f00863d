package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.shm.SharedLong;
import java.nio.file.Path;
import java.util.List;

/** A {@link SharedLong}'s segment: magic, version, element type, length and the value; its lock beside it. */
final class ValueFuzzTarget implements FuzzTarget {

    @Override
    public String kind() {
        return "SharedLong";
    }

    @Override
    public Path create(String name) {
        SharedLong.create(name, 42).keep().close();
        return DIRECTORY.resolve(name);
    }

    @Override
    public List<Path> files(String name) {
        return FuzzTarget.withItsLock(name);
    }

    @Override
    public List<Field> fields(int size) {
        return List.of(new Field(0, 4), new Field(4, 4), new Field(8, 4), new Field(12, 4), new Field(64, 8));
    }

    @Override
    public void exercise(String name) throws Exception {
        try (SharedLong value = SharedLong.attach(name)) {
            long before = value.get(); // any long: the value itself is data, not header
            long after = value.update(x -> x + 1);
            if (after != before + 1 || value.addAndGet(-1) != before) {
                throw new AssertionError("SharedLong '" + name + "' went from " + before + " to " + after);
            }
        }
    }
}
