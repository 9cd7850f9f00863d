package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.shm.ProcessLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link ProcessLock}'s segment: magic, version, slot count, flags, lock word and the slots' generations. */
final class LockFuzzTarget implements FuzzTarget {

    @Override
    public String kind() {
        return "ProcessLock";
    }

    @Override
    public Path create(String name) {
        ProcessLock.create(name).keep().close();
        return DIRECTORY.resolve(name);
    }

    @Override
    public List<Path> files(String name) {
        return List.of(DIRECTORY.resolve(name), DIRECTORY.resolve(name + ".owners"));
    }

    @Override
    public List<Field> fields(int size) {
        List<Field> fields = new ArrayList<>(List.of(new Field(0, 4), new Field(4, 4), new Field(8, 4),
                new Field(12, 4), new Field(64, 8)));
        for (int slot = 0; slot < 4; slot++) {
            fields.add(new Field(128 + 8 * slot, 8));
        }
        return fields;
    }

    @Override
    public void exercise(String name) throws Exception {
        try (ProcessLock lock = ProcessLock.attach(name)) {
            if (lock.tryLock(Duration.ofMillis(200))) {
                try {
                    if (!lock.isLocked()) {
                        throw new AssertionError("ProcessLock '" + name + "' was taken but does not show as locked");
                    }
                } finally {
                    lock.unlock();
                }
            }
        }
    }
}
