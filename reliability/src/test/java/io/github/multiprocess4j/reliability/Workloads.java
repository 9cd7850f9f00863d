package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.shm.ProcessLock;
import io.github.multiprocess4j.shm.SharedMemory;
import io.github.multiprocess4j.shm.SharedObject;
import io.github.multiprocess4j.shm.SharedQueue;
import java.util.List;
import java.util.Random;

/** The bodies of the tasks that the suite's child JVMs run. */
final class Workloads {

    /** Offsets in a lock round's board: the counters that the lock guards and what the holders saw. */
    static final int TOTAL = 0;
    static final int HOLDER = 8;
    static final int TAKEOVERS = 16;
    static final int TAKEOVER_PIDS = 64;
    static final int MAX_TAKEOVERS = 256;
    static final int MINE = TAKEOVER_PIDS + Long.BYTES * MAX_TAKEOVERS;

    private Workloads() {
    }

    /** What task {@code index} answers. */
    static int answer(int index, int salt) {
        return index * 7919 + salt;
    }

    /** Sleeps, then answers. */
    static int sleepThenAnswer(long millis, int index, int salt) throws InterruptedException {
        Thread.sleep(millis);
        return answer(index, salt);
    }

    /**
     * Writes this process's pid to {@code marker}, then answers {@code bytes} bytes that {@link #isBigAnswer} can tell
     * from any other.
     */
    static byte[] markThenBigAnswer(String marker, int bytes, int salt) throws java.io.IOException {
        java.nio.file.Files.writeString(java.nio.file.Paths.get(marker),
                Long.toString(ProcessHandle.current().pid()));
        byte[] answer = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            answer[i] = (byte) (i * 31 + salt);
        }
        return answer;
    }

    /** Whether {@code answer} is what {@link #markThenBigAnswer} answers for {@code bytes} and {@code salt}. */
    static boolean isBigAnswer(byte[] answer, int bytes, int salt) {
        if (answer.length != bytes) {
            return false;
        }
        for (int i = 0; i < bytes; i++) {
            if (answer[i] != (byte) (i * 31 + salt)) {
                return false;
            }
        }
        return true;
    }

    /** The size of a lock round's board for {@code processes} processes. */
    static int boardSize(int processes) {
        return MINE + Long.BYTES * processes;
    }

    /**
     * Takes the lock again and again for {@code millis} and, holding it, counts into {@code board}: first this
     * process's own count, then, after a while, the total. Whoever takes the lock and finds a holder's pid still
     * in the board took it over from a holder that died, and writes that pid down. A reentrant lock it takes twice.
     *
     * @return how many times it took the lock
     */
    static long countUnderLock(ProcessLock lock, SharedMemory board, int index, long millis, int maxHoldMicros,
            long seed) {
        long pid = ProcessHandle.current().pid();
        Random random = new Random(seed);
        int mine = MINE + Long.BYTES * index;
        long deadline = System.nanoTime() + millis * 1_000_000;
        long cycles = 0;
        for (; System.nanoTime() - deadline < 0; cycles++) {
            long holdNanos = random.nextInt(maxHoldMicros + 1) * 1_000L;
            try (ProcessLock.Held held = lock.hold(); ProcessLock.Held again = lock.isReentrant() ? lock.hold() : null) {
                long previous = board.getLong(HOLDER);
                if (previous != 0) {
                    int takeover = board.getAndAddInt(TAKEOVERS, 1);
                    if (takeover < MAX_TAKEOVERS) {
                        board.putLong(TAKEOVER_PIDS + Long.BYTES * takeover, previous);
                    }
                }
                board.putLong(HOLDER, pid);
                board.putLong(mine, board.getLong(mine) + 1);
                spin(holdNanos);
                board.putLong(TOTAL, board.getLong(TOTAL) + 1);
                board.putLong(HOLDER, 0);
            }
        }
        return cycles;
    }

    /** A record of the locked-appends log: who appended it, and as its how-manieth. */
    static long record(int process, int sequence) {
        return (long) process << 32 | sequence;
    }

    /**
     * Appends {@code appends} {@link #record records} to {@code log} (a count, then the records), each under
     * {@code lock}, and adds one to {@code counter} for each.
     */
    static int appendRecords(ProcessLock lock, SharedMemory log, SharedObject<Integer> counter, int process,
            int appends) {
        for (int sequence = 0; sequence < appends; sequence++) {
            try (ProcessLock.Held held = lock.hold()) {
                long count = log.getLong(0);
                log.putLong(Long.BYTES * (int) (count + 1), record(process, sequence));
                log.putLong(0, count + 1);
            }
            counter.updateAndGet(n -> n + 1);
        }
        return appends;
    }

    /** The value that process {@code owner} appends as its {@code sequence}-th. */
    static int appended(int owner, int sequence) {
        return owner * 1_000_000 + sequence;
    }

    /**
     * Appends {@link #appended(int, int) its values} one update at a time, in order, for {@code millis}.
     *
     * @return how many it appended
     */
    static int appendInOrder(SharedObject<List<Integer>> shared, int owner, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        int sequence = 0;
        for (; System.nanoTime() - deadline < 0; sequence++) {
            int value = appended(owner, sequence);
            shared.update(list -> list.add(value));
        }
        return sequence;
    }

    /**
     * Creates a segment, a lock and a queue of its own and registers their files ({@link DoomedParent#FILES_PER_CHILD}
     * of them), then appends to {@code object}, takes {@code lock}, and puts into and gets from {@code queue} until
     * killed.
     */
    static Object createThenWorkForever(SharedObject<List<String>> registry, SharedObject<List<Integer>> object,
            ProcessLock lock, SharedQueue<Integer> queue) throws InterruptedException {
        SharedMemory own = SharedMemory.create(128);
        ProcessLock ownLock = ProcessLock.create();
        SharedQueue<Integer> ownQueue = SharedQueue.create(SharedQueue.DEFAULT_CELL_BYTES);
        registry.update(names -> {
            names.add(own.name());
            names.addAll(LockFiles.of(ownLock));
            names.add(ownQueue.name());
        });
        for (int i = 0; ; i++) {
            int value = i;
            object.update(list -> {
                if (list.size() > 1_000) {
                    list.clear();
                }
                list.add(value);
            });
            holdBriefly(lock);
            queue.offer(value);
            queue.poll();
        }
    }

    /** Takes {@code lock} for a moment, again and again, until killed. */
    static Object holdForever(ProcessLock lock) throws InterruptedException {
        while (true) {
            holdBriefly(lock);
        }
    }

    private static void holdBriefly(ProcessLock lock) throws InterruptedException {
        try (ProcessLock.Held held = lock.hold()) {
            Thread.sleep(1);
        }
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }
}
