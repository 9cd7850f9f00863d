package io.github.multiprocess4j.shm;

/**
 * A {@link ProcessSemaphore}'s fields in {@link SyncLayout}'s frame (magic {@code 'MP4S'}; parameter: the initial
 * permits; flag bit 0: bounded), and what its entries hold.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         permits (long): all there are, held or not            | 128  field 0
 *  +---------------------------------------------------------------+
 *  |  available (long): not held by any process; bit 62: recovering | 136  field 1
 *  +---------------------------------------------------------------+
 *
 *  entry of a slot (long), 0 if no process uses the semaphore in it:
 *  +-------------------------------+--------------------+---+---------------------------------------+
 *  | generation (low 32 bits)      | in flight (11 bits)| R | held (20 bits)                        |
 *  +-------------------------------+--------------------+---+---------------------------------------+
 *   63                           32 31                21  20 19                                     0
 *
 *  R: one of the held permits is reserved: released by the process, kept for its next acquire, free for any
 *     other process to take from the entry
 * </pre>
 * The invariant, whenever no operation is in flight and no recovery under way: {@code available + (the sum of the
 * live entries' held counts) == permits}; a reserved permit counts as held. {@code available} changes by
 * compare-and-set only, an entry by atomic adds and compare-and-sets of its own process, and by another process that
 * takes its reserved permit; how that stays sound when a process dies at any instant, and how a dead process's
 * permits come back, is {@link SemaphoreAccounts}'s protocol. {@code permits} changes only under the guard
 * (a release by a process that holds none).
 *
 * <p>Thread-safety: constants only.
 */
final class SemaphoreLayout {

    static final int PERMITS = 0;
    static final int AVAILABLE = 1;

    private SemaphoreLayout() {
    }
}
