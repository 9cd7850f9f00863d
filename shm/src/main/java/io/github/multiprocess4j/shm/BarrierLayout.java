package io.github.multiprocess4j.shm;

/**
 * A {@link ProcessBarrier}'s fields in {@link SyncLayout}'s frame (magic {@code 'MP4B'}; parameter: the parties).
 * An entry, count 1, marks a process that has the barrier open: one that dies with it open breaks it.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         round (long): how many rounds have ended              | 128  field 0
 *  +---------------------------------------------------------------+
 *  |         arrived (long): parties waiting in this round         | 136  field 1
 *  +---------------------------------------------------------------+
 *  |         broken (long): 1 if this round is broken              | 144  field 2
 *  +---------------------------------------------------------------+
 *  |         outcomes (long): bit r mod 64 set if round r ended    | 152  field 3
 *  |         broken (reset while parties waited), clear if passed  |
 *  +---------------------------------------------------------------+
 * </pre>
 * A waiter of round {@code r} that finds the round moved on reads round {@code r}'s outcome bit to know whether it
 * passed or was reset away; 64 rounds would have to end before it looks for that to be wrong.
 *
 * <p>Thread-safety: constants only.
 */
final class BarrierLayout {

    static final int ROUND = 0;
    static final int ARRIVED = 1;
    static final int BROKEN = 2;
    static final int OUTCOMES = 3;

    private BarrierLayout() {
    }
}
