package io.github.multiprocess4j.examples;

import static io.github.multiprocess4j.examples.Notebook.notice;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.shm.SharedMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The tour's shared-memory section: one segment that ten processes write into. */
final class SharedMemoryExample implements Example {

    static final int PROCESSES = 10;

    @Override
    public String name() {
        return "shared-memory";
    }

    @Override
    public String title() {
        return "shared memory: a segment every process sees, byte by byte";
    }

    @Override
    public void run() throws Exception {
        try (SharedMemory sm = SharedMemory.create(1024)) {
            notice("SharedMemory.create(1024) makes a segment named like Python's; buf[0] = 200 is put(0, 200).");
            sm.put(0, 200);
            System.out.println(sm.name() + ": size " + sm.size() + ", sm.get(0) = " + sm.get(0));

            notice("10 processes each set byte i to a random value; the task captures sm, which re-attaches by "
                    + "name in each child (Python's args=(sm, i)). The parent then reads what they wrote.");
            List<Integer> written = Launch.processes(PROCESSES, i -> setRandom(sm, i));
            List<Integer> read = new ArrayList<>();
            for (int i = 0; i < PROCESSES; i++) {
                read.add(sm.get(i));
            }
            System.out.println("written by the children: " + written);
            System.out.println("read by the parent:      " + read);
        }
    }

    /** Sets byte {@code i} to a random value and returns it. */
    static int setRandom(SharedMemory sm, int i) {
        int value = ThreadLocalRandom.current().nextInt(256);
        sm.put(i, value);
        return value;
    }
}
