package io.github.multiprocess4j.examples;

import static io.github.multiprocess4j.examples.Notebook.notice;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.shm.SharedObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The tour's shared-object section: a serialized object in shared memory, and ten processes appending to a
 * shared list under a process lock.
 */
final class SharedObjectsExample implements Example {

    static final int PROCESSES = 10;

    @Override
    public String name() {
        return "shared-objects";
    }

    @Override
    public String title() {
        return "shared objects: a serialized list in shared memory, appended to by 10 processes under a lock";
    }

    @Override
    public void run() throws Exception {
        try (SharedObject<List<Integer>> numbers = SharedObject.create(64 * 1024, new ArrayList<>())) {
            notice("In Python one writes a 2-byte length and a pickle by hand; SharedObject keeps the length, the "
                    + "serialized bytes (Kryo) and a ProcessLock together. write() then read():");
            numbers.write(new ArrayList<>(List.of(1, 2, 3)));
            System.out.println(numbers.read());
            numbers.write(new ArrayList<>());

            notice("10 processes each append a random number; update() reads, changes and writes back under the "
                    + "lock, so no append is lost.");
            Launch.processes(PROCESSES, i -> numbers.update(list -> list.add(ThreadLocalRandom.current().nextInt(100))));
            List<Integer> result = numbers.read();
            System.out.println(result + " (" + result.size() + " numbers)");
        }
    }
}
