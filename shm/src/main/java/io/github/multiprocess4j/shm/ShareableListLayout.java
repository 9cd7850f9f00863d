package io.github.multiprocess4j.shm;

/**
 * Where everything is in a {@link ShareableList}'s segment, as CPython 3.8-3.13's
 * {@code multiprocessing.shared_memory.ShareableList} lays it out ({@code N} items, all numbers in native byte order,
 * as {@code struct}'s native formats):
 *
 * <pre>
 *  +------------------------------------------------------------------+  0
 *  | N: number of items (long)                                        |
 *  +------------------------------------------------------------------+  8
 *  | allocated offsets 0 .. N (long each): where item i's slot starts |
 *  | in the data area; offset 0 = 0, offset N = the data size D       |
 *  +------------------------------------------------------------------+  8 (N + 2)
 *  | data area: one slot per item, 8 bytes, or a multiple of 8 for    |
 *  | str and bytes (8 * (length / 8 + 1))                             |
 *  |   long   'q'         8 bytes                                     |
 *  |   double 'd'         8 bytes                                     |
 *  |   bool   'xxxxxxx?'  7 zero bytes, then 0 or 1                   |
 *  |   None   'xxxxxx?x'  8 zero bytes                                |
 *  |   str    '&lt;n&gt;s'      UTF-8 bytes, padded with NULs to n    |
 *  |   bytes  '&lt;n&gt;s'      the bytes, padded with NULs to n      |
 *  +------------------------------------------------------------------+  8 (N + 2) + D
 *  | struct format of each item: 8 ASCII bytes, NUL-padded            |
 *  +------------------------------------------------------------------+  8 (N + 2) + D + 8 N
 *  | back-transform code of each item (1 byte): 0 = as stored         |
 *  | (long, double, bool), 1 = str, 2 = bytes, 3 = None               |
 *  +------------------------------------------------------------------+  8 (N + 2) + D + 9 N: the end
 * </pre>
 * There is no magic number: Python writes none. A list that is attached is checked against its segment's size (the
 * count, then every offset) before any item is read.
 *
 * <p>Thread-safety: constants and static methods only.
 */
final class ShareableListLayout {

    /** The size of a number, of a format, and the unit of a slot's size. */
    static final int SLOT = 8;
    /** Python's struct formats must fit in 8 characters, so a slot's digits do too: "9999999s". */
    static final int MAX_SLOT_SIZE = 9_999_999 / SLOT * SLOT;
    static final String LONG = "q";
    static final String DOUBLE = "d";
    static final String BOOLEAN = "xxxxxxx?";
    static final String NONE = "xxxxxx?x";
    static final byte AS_STORED = 0;
    static final byte STR = 1;
    static final byte BYTES = 2;
    static final byte NONE_CODE = 3;
    /** Where the number of items is. */
    static final int COUNT_OFFSET = 0;

    private ShareableListLayout() {
    }

    /** Where allocated offset {@code i} (0 to N) is kept. */
    static int offsetEntry(int i) {
        return SLOT * (i + 1);
    }

    /** Where the data area of a list of {@code count} items starts. */
    static long dataStart(long count) {
        return SLOT * (count + 2);
    }

    /** Where the formats of a list of {@code count} items with {@code dataSize} bytes of data start. */
    static long formatsStart(long count, long dataSize) {
        return dataStart(count) + dataSize;
    }

    /** Where the back-transform codes of such a list start. */
    static long codesStart(long count, long dataSize) {
        return formatsStart(count, dataSize) + SLOT * count;
    }

    /** The bytes such a list takes. */
    static long size(long count, long dataSize) {
        return codesStart(count, dataSize) + count;
    }

    /** The fewest bytes a list of {@code count} items can take: each item has a slot of at least 8 bytes. */
    static long smallestSize(long count) {
        return size(count, SLOT * count);
    }

    /** The size of the slot an item of this format takes when it is created. */
    static int slotSize(String format) {
        return format.endsWith("s") ? stringWidth(format) : SLOT;
    }

    /** The width of an {@code <n>s} format, or -1 if it is not one. */
    static int stringWidth(String format) {
        if (format.length() < 2 || !format.endsWith("s")) {
            return -1;
        }
        int width = 0;
        for (int i = 0; i < format.length() - 1; i++) {
            char digit = format.charAt(i);
            if (digit < '0' || digit > '9') {
                return -1;
            }
            width = width * 10 + (digit - '0');
        }
        return width;
    }
}
