package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.shm.ProcessBarrier;
import io.github.multiprocess4j.shm.ProcessCondition;
import io.github.multiprocess4j.shm.ProcessEvent;
import io.github.multiprocess4j.shm.ProcessLock;
import io.github.multiprocess4j.shm.ProcessSemaphore;
import io.github.multiprocess4j.shm.SharedLong;
import io.github.multiprocess4j.shm.SharedMemory;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/** What the children of the synchronizers' and typed values' fault tests do, and where they write it down. */
final class SyncWorkloads {

    /** The most processes seen inside a semaphore at once, by any process. */
    static final int MOST_INSIDE = 0;
    /** A condition round's tickets made so far: long. */
    static final int PRODUCED = 8;
    /** A condition round's tickets taken so far: long. */
    static final int TAKEN = 16;
    /** 1 once a condition round's producer makes no more tickets: long. */
    static final int NO_MORE = 24;
    /** How many processes are inside a semaphore now, killed ones inside included: long. */
    static final int INSIDE = 32;
    /** Per process, from here on, 8 bytes each: its inside-flag, or its own count. */
    static final int MINE = 64;
    /** What a barrier party returns when the barrier broke; otherwise it returns the rounds it passed. */
    static final int BROKEN = -1;
    /** What a barrier party returns when a round took longer than its patience. */
    static final int TIMED_OUT = -2;

    private SyncWorkloads() {
    }

    static int boardSize(int processes) {
        return MINE + Long.BYTES * processes;
    }

    /**
     * Enters the semaphore again and again for {@code millis}, counting itself in {@code board}'s {@link #INSIDE} by an
     * atomic add while inside and writing down the most it saw at once (exact: a scan of one flag per process could
     * count one that left and one that came in after it, the two never inside together).
     *
     * @return how many times it entered
     */
    static long enterAgainAndAgain(ProcessSemaphore semaphore, SharedMemory board, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        long entered = 0;
        for (; System.nanoTime() - deadline < 0; entered++) {
            try (ProcessSemaphore.Held held = semaphore.hold()) {
                long inside = board.getAndAddLong(INSIDE, 1) + 1;
                long most;
                while (inside > (most = board.getLongVolatile(MOST_INSIDE))
                        && !board.compareAndSetLong(MOST_INSIDE, most, inside)) {
                    Thread.onSpinWait();
                }
                Thread.yield();
                board.getAndAddLong(INSIDE, -1);
            }
        }
        return entered;
    }

    /**
     * Adds 1 to {@code value} again and again for {@code millis}, lock-free and under its lock by turns, then to its
     * own count in {@code board}.
     *
     * @return how many times it added
     */
    static long addAgainAndAgain(SharedLong value, SharedMemory board, int index, long millis) {
        int mine = MINE + Long.BYTES * index;
        long deadline = System.nanoTime() + millis * 1_000_000;
        long added = 0;
        for (; System.nanoTime() - deadline < 0; added++) {
            if ((added & 1) == 0) {
                value.addAndGet(1);
            } else {
                value.update(x -> x + 1);
            }
            board.putLongVolatile(mine, board.getLongVolatile(mine) + 1);
        }
        return added;
    }

    /**
     * Says in {@code board} that it has the barrier open (a party killed before that is one the barrier cannot know
     * of), then waits at the barrier round after round, {@code rounds} times.
     *
     * @return {@code rounds}, {@link #BROKEN} once the barrier broke, or {@link #TIMED_OUT} if a round took longer
     *     than {@code patience}
     */
    static int passRounds(ProcessBarrier barrier, SharedMemory board, int index, int rounds, Duration patience)
            throws InterruptedException {
        board.putLongVolatile(MINE + Long.BYTES * index, 1);
        try {
            for (int i = 0; i < rounds; i++) {
                barrier.await(patience);
            }
            return rounds;
        } catch (BrokenBarrierException e) {
            return BROKEN;
        } catch (TimeoutException e) {
            return TIMED_OUT;
        }
    }

    /**
     * Takes the tickets of {@code board} one at a time under {@code lock} as they come, waiting on {@code condition}
     * while there is none, until the producer says that no more come.
     *
     * @return how many it took, or {@link #TIMED_OUT} if one wait took longer than {@code patience}
     */
    static int takeTickets(ProcessLock lock, ProcessCondition condition, SharedMemory board, Duration patience)
            throws InterruptedException {
        for (int taken = 0; ; taken++) {
            try (ProcessLock.Held held = lock.hold()) {
                while (board.getLongVolatile(PRODUCED) == board.getLongVolatile(TAKEN)) {
                    if (board.getLongVolatile(NO_MORE) != 0) {
                        return taken;
                    }
                    if (!condition.await(patience)) {
                        return TIMED_OUT;
                    }
                }
                board.putLongVolatile(TAKEN, board.getLongVolatile(TAKEN) + 1);
            }
        }
    }

    /** Waits for the event at most {@code patience}: whether it was set. */
    static boolean awaitEvent(ProcessEvent event, Duration patience) throws InterruptedException {
        return event.await(patience);
    }
}
