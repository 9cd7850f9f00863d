package io.github.multiprocess4j.shm;

/**
 * A {@link ProcessSemaphore}'s fields in {@link SyncLayout}'s frame (magic {@code 'MP4S'}; parameter: the initial
 * permits; flag bit 0: bounded). An entry holds how many permits the process in its slot has acquired and not
 * released.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         permits (long): all there are, held or not            | 128  field 0
 *  +---------------------------------------------------------------+
 *  |         available (long): not held by any process             | 136  field 1
 *  +---------------------------------------------------------------+
 * </pre>
 * The invariant, under the guard: {@code available + (the sum of the entries' counts) == permits}. Every change of a
 * count and of {@code available} is made under the guard, so a holder of the guard that died part-way leaves at most
 * this sum wrong; whoever takes the guard over {@linkplain ProcessSemaphore recounts} {@code available} from the
 * entries of live processes, which is also how a dead process's permits come back.
 *
 * <p>Thread-safety: constants only.
 */
final class SemaphoreLayout {

    static final int PERMITS = 0;
    static final int AVAILABLE = 1;

    private SemaphoreLayout() {
    }
}
