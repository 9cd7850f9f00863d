package io.github.multiprocess4j.shm;

/**
 * A {@link ProcessEvent}'s field in {@link SyncLayout}'s frame (magic {@code 'MP4E'}, parameter and flags 0). Its
 * entries and guard are unused: setting and clearing are single compare-and-sets of one word.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         state (long): times set &lt;&lt; 1 | flag                   | 128  field 0
 *  +---------------------------------------------------------------+
 * </pre>
 * The count of times set lets a waiter that saw the event clear tell that it was set since, even if it was cleared
 * again before the waiter looked: Python's {@code Event.wait()} returns {@code True} then too.
 *
 * <p>Thread-safety: constants only.
 */
final class EventLayout {

    static final int STATE = 0;
    static final long FLAG = 1;

    private EventLayout() {
    }
}
