package io.github.multiprocess4j.shm;

/**
 * The first word of each cell of a {@link SharedQueue}'s ring: what the cell holds and for which position of the
 * queue, in one {@code long} so that a single compare-and-set moves a cell from one state to the next.
 *
 * <pre>
 *   63 62 61                     40 39                                      0
 *  +-----+-------------------------+-----------------------------------------+
 *  |state|  detail (22 bits)       |  sequence: the position, low 40 bits    |
 *  +-----+-------------------------+-----------------------------------------+
 * </pre>
 *
 * <table class="striped">
 *   <caption>States</caption>
 *   <thead><tr><th>state</th><th>detail</th><th>meaning</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code 00} free</td><td>0</td><td>the position may be claimed by a producer</td></tr>
 *   <tr><td>{@code 01} writing</td><td>owner</td><td>a producer claimed the position and is writing its element
 *       </td></tr>
 *   <tr><td>{@code 10} ready</td><td>length</td><td>the element is written: its length in bytes, or 0 for a
 *       tombstone (a claim whose element will never come)</td></tr>
 *   <tr><td>{@code 11} reading</td><td>owner</td><td>a consumer took the element and is copying it out</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>The owner is the {@linkplain QueueOwners process token} of the JVM that made the claim, so that a JVM that
 * finds a claim stuck can ask whether its owner is still alive. Sequences are compared modulo 2<sup>40</sup>, which
 * is exact as long as no thread sleeps through 2<sup>40</sup> puts between reading a position and using it.
 */
final class CellStamp {

    /** The size of the stamp at the start of a cell. */
    static final int BYTES = Long.BYTES;

    static final int FREE = 0;
    static final int WRITING = 1;
    static final int READY = 2;
    static final int READING = 3;

    /** The largest owner token or element length a stamp holds. */
    static final int MAX_DETAIL = (1 << 22) - 1;

    private static final int STATE_SHIFT = 62;
    private static final int DETAIL_SHIFT = 40;
    private static final long SEQUENCE_MASK = (1L << DETAIL_SHIFT) - 1;

    private CellStamp() {
    }

    static long free(long position) {
        return stamp(FREE, 0, position);
    }

    static long writing(long position, int owner) {
        return stamp(WRITING, owner, position);
    }

    static long ready(long position, int length) {
        return stamp(READY, length, position);
    }

    static long reading(long position, int owner) {
        return stamp(READING, owner, position);
    }

    /** The ready stamp of a claim that will never be written: consumers skip it. */
    static long tombstone(long stamp) {
        return ready(stamp, 0);
    }

    static int state(long stamp) {
        return (int) (stamp >>> STATE_SHIFT);
    }

    /** The owner of a writing or reading stamp, the length of a ready one. */
    static int detail(long stamp) {
        return (int) (stamp >>> DETAIL_SHIFT) & MAX_DETAIL;
    }

    /**
     * How far the stamp's position is ahead of {@code position}: 0 if the stamp is about that very position,
     * negative if it is about an earlier lap of the ring (the cell is not yet free for it), positive if the caller's
     * {@code position} is out of date.
     */
    static long distance(long stamp, long position) {
        long difference = (stamp - position) & SEQUENCE_MASK;
        return difference << (Long.SIZE - DETAIL_SHIFT) >> (Long.SIZE - DETAIL_SHIFT);
    }

    private static long stamp(int state, int detail, long position) {
        return (long) state << STATE_SHIFT | (long) detail << DETAIL_SHIFT | position & SEQUENCE_MASK;
    }

    /** For messages: {@code ready(7, 12 bytes)}. */
    static String describe(long stamp) {
        String[] names = {"free", "writing", "ready", "reading"};
        return names[state(stamp)] + "(" + (stamp & SEQUENCE_MASK) + ", " + detail(stamp) + ")";
    }
}
