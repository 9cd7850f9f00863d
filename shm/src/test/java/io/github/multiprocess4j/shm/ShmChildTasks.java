package io.github.multiprocess4j.shm;

import java.util.concurrent.ThreadLocalRandom;

/** Bodies of the tasks that the tests run in child JVMs. */
final class ShmChildTasks {

    private ShmChildTasks() {
    }

    /** The notebook's cell: set {@code buf[i]} to a random byte and say which. */
    static int setRandom(SharedMemory sm, int i) {
        int value = ThreadLocalRandom.current().nextInt(1, 256);
        sm.put(i, value);
        return value;
    }

    static long addMany(SharedMemory sm, int offset, int times) {
        for (int i = 0; i < times; i++) {
            sm.getAndAddLong(offset, 1);
        }
        return times;
    }

    /** Creates a segment and returns without closing it; the JVM then exits. */
    static String createAndExit(boolean keep) {
        SharedMemory sm = SharedMemory.create(8);
        sm.put(0, 1);
        if (keep) {
            sm.keep();
        }
        return sm.name();
    }
}
