package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.LaunchOptions;
import io.github.multiprocess4j.core.Output;
import io.github.multiprocess4j.core.ProcessPool;
import io.github.multiprocess4j.shm.ProcessLock;
import io.github.multiprocess4j.shm.ShareableList;
import io.github.multiprocess4j.shm.SharedMemory;
import io.github.multiprocess4j.shm.SharedObject;
import io.github.multiprocess4j.shm.SharedQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * A parent JVM for {@link ParentKillTest} to kill: it creates a segment, a lock, a shared object, a shareable list,
 * a shared queue and a kept segment, starts children that create their own segment, lock and queue and then work
 * on the parent's object, lock and queue, and a pool whose worker holds the lock again and again; it prints every
 * file that must not outlive it ({@code file <name>}), the kept one ({@code kept <name>}) and {@code ready}, then
 * waits to be killed.
 */
public final class DoomedParent {

    static final int CHILDREN = 2;
    /** How many files a child creates: a segment, a lock's two and a queue's one. */
    static final int FILES_PER_CHILD = 4;

    private DoomedParent() {
    }

    public static void main(String[] args) throws Exception {
        List<String> files = new ArrayList<>();
        SharedMemory kept = SharedMemory.create(64).keep();
        SharedMemory segment = SharedMemory.create(4096);
        files.add(segment.name());
        ProcessLock lock = ProcessLock.create();
        files.addAll(LockFiles.of(lock));
        SharedObject<List<Integer>> object = SharedObject.create(1 << 16, new ArrayList<>());
        files.addAll(LockFiles.of(object));
        SharedObject<List<String>> registry = SharedObject.create(1 << 16, new ArrayList<>());
        files.addAll(LockFiles.of(registry));
        ShareableList list = ShareableList.create("spam", 1L, 2.5);
        files.add(list.name());
        SharedQueue<Integer> queue = SharedQueue.create(8 * SharedQueue.DEFAULT_CELL_BYTES);
        files.add(queue.name());

        LaunchOptions quiet = Launch.options().output(Output.DISCARD).build();
        for (int i = 0; i < CHILDREN; i++) {
            Launch.with(quiet).process(() -> Workloads.createThenWorkForever(registry, object, lock, queue));
        }
        ProcessPool pool = ProcessPool.builder(1).output(Output.DISCARD).build();
        pool.submit(() -> Workloads.holdForever(lock));
        while (registry.read().size() < CHILDREN * FILES_PER_CHILD) {
            Thread.sleep(10);
        }
        files.addAll(registry.read());

        files.forEach(name -> System.out.println("file " + name));
        System.out.println("kept " + kept.name());
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
