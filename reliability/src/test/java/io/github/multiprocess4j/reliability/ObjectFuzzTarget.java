package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.shm.SharedObject;
import java.nio.file.Path;
import java.util.List;

/** A {@link SharedObject}'s segment: magic, version, area size, the committed word and both areas' headers. */
final class ObjectFuzzTarget implements FuzzTarget {

    private static final int SIZE = 4096;
    private static final List<Integer> VALUE = List.of(3, 1, 4, 1, 5, 9, 2, 6);

    @Override
    public String kind() {
        return "SharedObject";
    }

    @Override
    public Path create(String name) {
        try (SharedObject<List<Integer>> object = SharedObject.create(name, SIZE, VALUE)) {
            object.write(List.of(2, 7, 1, 8));
            object.write(VALUE);
            object.keep();
        }
        return DIRECTORY.resolve(name);
    }

    @Override
    public List<Path> files(String name) {
        return FuzzTarget.withItsLock(name);
    }

    @Override
    public List<Field> fields(int size) {
        int area = ((size - 64) / 2) & ~7;
        return List.of(new Field(0, 4), new Field(4, 4), new Field(8, 4), new Field(16, 8), new Field(64, 4),
                new Field(68, 4), new Field(64 + area, 4), new Field(68 + area, 4));
    }

    @Override
    public void exercise(String name) {
        try (SharedObject<Object> object = SharedObject.attach(name)) {
            Object value = object.read();
            if (value != null && !VALUE.equals(value) && !List.of(2, 7, 1, 8).equals(value)) {
                throw new AssertionError("SharedObject '" + name + "' read a value never written: " + value);
            }
            object.write(List.of(1, 2, 3));
            if (!List.of(1, 2, 3).equals(object.read())) {
                throw new AssertionError("SharedObject '" + name + "' did not keep what was written");
            }
        }
    }
}
