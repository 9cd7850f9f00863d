package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.ipc.MappedSegment;
import io.github.multiprocess4j.ipc.SegmentHeader;
import java.nio.charset.StandardCharsets;

/**
 * A {@link ProcessCondition}'s fields and appended bytes in {@link SyncLayout}'s frame (magic {@code 'MP4C'},
 * parameter = the ring's capacity, flags 0). Its guard and per-slot entries are unused: tickets are taken and
 * signals given by threads that hold the condition's {@link ProcessLock}, and each waiter's liveness is that of its
 * process slot, whose token it writes into its ticket's cell.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          next ticket (long): the next waiter's number           | 128  field 0
 *  +---------------------------------------------------------------+
 *  |  head (long): no ticket below it is waiting or signalled-alive  | 136  field 1
 *  +---------------------------------------------------------------+
 *  ...
 *  +---------------------------------------------------------------+
 *  |            length of the lock's name in UTF-8 (int)             | A      A = the frame's appended offset
 *  +---------------------------------------------------------------+
 *  |          the lock's name (up to 248 bytes, UTF-8)               | A + 8
 *  +---------------------------------------------------------------+
 *  |   cell of ticket t, at t mod capacity: waiter token (long)      | A + 256 + 16 (t mod capacity)
 *  |                        state (long): t &lt;&lt; 2 | status       | A + 264 + 16 (t mod capacity)
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 *
 *  status: 1 = WAITING, 2 = SIGNALLED, 3 = CANCELLED (timed out, interrupted, or its process dead),
 *          0 = DONE (signalled, and its waiter has taken the lock back)
 * </pre>
 * A cell whose state does not carry its own ticket number is a former ticket's: head &lt;= t &lt; next says which
 * tickets are live, at most {@code capacity} of them.
 *
 * <p>Thread-safety: constants and static methods only.
 */
final class ConditionLayout {

    static final int NEXT = 0;
    static final int HEAD = 1;
    static final int CAPACITY = 1024;
    static final int NAME_LENGTH = 0;
    static final int NAME = 8;
    static final int MAX_NAME_BYTES = 248;
    static final int CELLS = 256;
    static final int CELL_BYTES = 16;
    static final int APPENDED = CELLS + CELL_BYTES * CAPACITY;
    static final long WAITING = 1;
    static final long SIGNALLED = 2;
    static final long CANCELLED = 3;
    static final long DONE = 0;

    private ConditionLayout() {
    }

    /** The state word of ticket {@code ticket} with {@code status}. */
    static long state(long ticket, long status) {
        return ticket << 2 | status;
    }

    /** Where ticket {@code ticket}'s cell starts, {@code appended} being the frame's appended offset. */
    static int cellOffset(int appended, long ticket) {
        return appended + CELLS + CELL_BYTES * (int) Math.floorMod(ticket, (long) CAPACITY);
    }

    /** Writes the lock's name; the caller checked its length. */
    static void writeLockName(MappedSegment segment, int appended, byte[] name) {
        segment.putInt(appended + NAME_LENGTH, name.length);
        for (int i = 0; i < name.length; i++) {
            segment.putByte(appended + NAME + i, name[i]);
        }
    }

    /**
     * Reads the lock's name.
     *
     * @throws IllegalStateException if its length is out of range or its bytes are not UTF-8
     */
    static String readLockName(MappedSegment segment, int appended) {
        int length = segment.getInt(appended + NAME_LENGTH);
        if (length < 1 || length > MAX_NAME_BYTES) {
            throw SegmentHeader.notA(segment, SyncLayout.Kind.CONDITION.kind, "the length of its lock's name, "
                    + length + ", is not between 1 and " + MAX_NAME_BYTES);
        }
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = segment.getByte(appended + NAME + i);
        }
        int invalid = StrictUtf8.firstInvalidByte(bytes, length);
        if (invalid >= 0) {
            throw SegmentHeader.notA(segment, SyncLayout.Kind.CONDITION.kind, "its lock's name is not UTF-8 at "
                    + StrictUtf8.describe(bytes, length, invalid));
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
