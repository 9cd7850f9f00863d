package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.shm.ProcessBarrier;
import io.github.multiprocess4j.shm.ProcessCondition;
import io.github.multiprocess4j.shm.ProcessEvent;
import io.github.multiprocess4j.shm.ProcessLock;
import io.github.multiprocess4j.shm.ProcessSemaphore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * A synchronizer's segment in the frame they share: magic, version, slot count, parameter, flags, guard word, the
 * kind's fields, the sleeper count, the first slots' entries, generations and sleepers (doorbell ids), and for a
 * condition the name of its lock and the first tickets' cells. A damaged guard is taken over from its "dead" holder; a wait ends at its timeout.
 */
final class SyncFuzzTarget implements FuzzTarget {

    /** The frame's slot count, and where its entries start (the library's constants, as the layout draws them). */
    private static final int SLOTS = 1024;
    private static final int ENTRIES = 256;
    private static final int APPENDED = ENTRIES + 16 * SLOTS;
    /** What a condition appends: its lock's name and its ticket ring, before the sleeper table. */
    private static final int CONDITION_APPENDED = 256 + 16 * 1024;
    private static final Duration WAIT = Duration.ofMillis(100);

    /** The synchronizers in the frame. */
    enum Kind {
        EVENT("ProcessEvent"), SEMAPHORE("ProcessSemaphore"), BARRIER("ProcessBarrier"),
        CONDITION("ProcessCondition");

        final String name;

        Kind(String name) {
            this.name = name;
        }
    }

    private final Kind kind;

    SyncFuzzTarget(Kind kind) {
        this.kind = kind;
    }

    @Override
    public String kind() {
        return kind.name;
    }

    @Override
    public Path create(String name) {
        switch (kind) {
            case EVENT:
                ProcessEvent.create(name).keep().close();
                break;
            case SEMAPHORE:
                ProcessSemaphore.create(name, 2).keep().close();
                break;
            case BARRIER:
                ProcessBarrier.create(name, 1).keep().close();
                break;
            default:
                ProcessLock lock = ProcessLock.createReentrant(name + "_lock").keep();
                ProcessCondition.create(name, lock).keep().close();
                lock.close();
                break;
        }
        return DIRECTORY.resolve(name);
    }

    @Override
    public List<Path> files(String name) {
        List<Path> files = new ArrayList<>(List.of(DIRECTORY.resolve(name), DIRECTORY.resolve(name + ".owners")));
        if (kind == Kind.CONDITION) {
            files.add(DIRECTORY.resolve(name + "_lock"));
            files.add(DIRECTORY.resolve(name + "_lock.owners"));
        }
        return files;
    }

    @Override
    public List<Field> fields(int size) {
        List<Field> fields = new ArrayList<>(List.of(new Field(0, 4), new Field(4, 4), new Field(8, 4),
                new Field(12, 4), new Field(16, 4), new Field(64, 8)));
        for (int field = 0; field < 4; field++) {
            fields.add(new Field(128 + 8 * field, 8));
        }
        fields.add(new Field(192, 8));
        int sleepers = APPENDED + (kind == Kind.CONDITION ? CONDITION_APPENDED : 0);
        for (int slot = 0; slot < 4; slot++) {
            fields.add(new Field(ENTRIES + 8 * slot, 8));
            fields.add(new Field(ENTRIES + 8 * SLOTS + 8 * slot, 8));
            fields.add(new Field(sleepers + 8 * slot, 8));
        }
        if (kind == Kind.CONDITION) {
            fields.add(new Field(APPENDED, 4));
            fields.add(new Field(APPENDED + 8, 8));
            for (int cell = 0; cell < 4; cell++) {
                fields.add(new Field(APPENDED + 256 + 16 * cell, 8));
                fields.add(new Field(APPENDED + 264 + 16 * cell, 8));
            }
        }
        return fields;
    }

    @Override
    public void exercise(String name) throws Exception {
        switch (kind) {
            case EVENT:
                try (ProcessEvent event = ProcessEvent.attach(name)) {
                    event.set();
                    check(name, event.isSet() && event.await(WAIT), "was set but does not show as set");
                    event.clear();
                    check(name, !event.await(Duration.ZERO), "was cleared but shows as set");
                }
                break;
            case SEMAPHORE:
                try (ProcessSemaphore semaphore = ProcessSemaphore.attach(name)) {
                    if (semaphore.tryAcquire(WAIT)) {
                        check(name, semaphore.heldByThisProcess() == 1, "was acquired but is not held");
                        semaphore.release();
                    }
                }
                break;
            case BARRIER:
                try (ProcessBarrier barrier = ProcessBarrier.attach(name)) {
                    barrier.await(WAIT);
                } catch (BrokenBarrierException | TimeoutException e) {
                    // a damaged party count may leave a round unfinished: the barrier breaks, it does not hang
                }
                break;
            default:
                try (ProcessCondition condition = ProcessCondition.attach(name)) {
                    ProcessLock lock = condition.lock();
                    if (lock.tryLock(WAIT)) {
                        try {
                            check(name, !condition.await(Duration.ofMillis(10)), "was signalled by no one");
                            condition.signalAll();
                        } finally {
                            lock.unlock();
                        }
                    }
                }
                break;
        }
    }

    private void check(String name, boolean holds, String otherwise) {
        if (!holds) {
            throw new AssertionError(kind.name + " '" + name + "' " + otherwise);
        }
    }
}
