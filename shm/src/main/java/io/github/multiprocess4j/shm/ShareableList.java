package io.github.multiprocess4j.shm;

import static io.github.multiprocess4j.shm.ShareableListLayout.AS_STORED;
import static io.github.multiprocess4j.shm.ShareableListLayout.BOOLEAN;
import static io.github.multiprocess4j.shm.ShareableListLayout.BYTES;
import static io.github.multiprocess4j.shm.ShareableListLayout.COUNT_OFFSET;
import static io.github.multiprocess4j.shm.ShareableListLayout.DOUBLE;
import static io.github.multiprocess4j.shm.ShareableListLayout.LONG;
import static io.github.multiprocess4j.shm.ShareableListLayout.MAX_SLOT_SIZE;
import static io.github.multiprocess4j.shm.ShareableListLayout.NONE;
import static io.github.multiprocess4j.shm.ShareableListLayout.NONE_CODE;
import static io.github.multiprocess4j.shm.ShareableListLayout.SLOT;
import static io.github.multiprocess4j.shm.ShareableListLayout.STR;
import static io.github.multiprocess4j.shm.ShareableListLayout.offsetEntry;
import static io.github.multiprocess4j.shm.ShareableListLayout.slotSize;
import static io.github.multiprocess4j.shm.ShareableListLayout.smallestSize;
import static io.github.multiprocess4j.shm.ShareableListLayout.stringWidth;
import static java.util.Objects.requireNonNull;

import io.github.multiprocess4j.ipc.TrustedFiles.Owners;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A fixed-length list of {@code long}, {@code double}, {@code boolean}, {@link String}, {@code byte[]} and
 * {@code null} items in shared memory, byte for byte the layout of CPython's
 * {@code multiprocessing.shared_memory.ShareableList}: Python opens by name what Java created, and the other way
 * round.
 *
 * <pre>{@code
 * try (ShareableList list = ShareableList.create("spam", 3.14159, 123456, 0)) {
 *     list.set(3, 42L);
 *     System.out.println(list);   // ShareableList(['spam', 3.14159, 123456, 42], name='psm_c5da4035')
 *     // Python: ShareableList(name='psm_c5da4035')[3] == 42 (see "Python's resource tracker" below)
 * }
 * }</pre>
 *
 * <h2>Layout</h2>
 * Byte for byte as CPython 3.8-3.13 lays it out, in native byte order: the item count, where each item's slot starts,
 * the items' slots, each item's {@code struct} format (8 ASCII bytes) and each item's back-transform code (1 byte).
 * As in Python, a {@code str} or {@code bytes} item keeps the slot it was created with: setting a longer one fails
 * with an {@link IllegalArgumentException}, and a number, boolean or {@code None} replacing it uses the slot's
 * first 8 bytes; a number's slot takes a string of at most 8 bytes. Trailing NUL characters of strings and bytes
 * are lost, as in Python. One deviation: a string's slot is sized by its UTF-8 length, where Python counts
 * characters (and so cuts a non-ASCII string short, perhaps in the middle of a character); the two agree on ASCII,
 * and Python reads what Java writes.
 *
 * <h2>Values</h2>
 * {@link #get(int)} returns a {@link Long}, {@link Double}, {@link Boolean}, {@link String}, {@code byte[]} or
 * {@code null}. {@link #set(int, Object)} and the factories also take {@link Integer}, {@link Short} and
 * {@link Byte} (stored as {@code long}) and {@link Float} (stored as {@code double}); anything else is refused.
 * {@link #indexOf}, {@link #contains} and {@link #count} compare as {@link Object#equals} after that widening,
 * and byte arrays by content (so {@code 1L} does not match {@code 1.0} or {@code true}, unlike Python's
 * {@code ==}). {@link #toString()} is Python's {@code repr}.
 *
 * <p>Strings are stored in UTF-8 and follow Python's strict codec both ways. A string with a lone surrogate (a
 * {@code char} from U+D800 to U+DFFF not part of a pair, such as <code>"a&#92;ud800"</code>) has no UTF-8 form:
 * storing it fails with an {@link IllegalArgumentException} naming the item, the index in the string and the code
 * unit, and nothing stored changes (Python raises {@code UnicodeEncodeError}). A stored string whose bytes are not
 * UTF-8 (what Python writes when it cuts a long non-ASCII string in the middle of a character) fails to read with an
 * {@link IllegalStateException} naming the item and the first bad byte (Python raises {@code UnicodeDecodeError});
 * so do {@link #toString()} and the searches that reach it. Such an item can still be replaced by
 * {@link #set(int, Object)}, as in Python, and its raw bytes stay readable through {@link #memory()}.
 *
 * <h2>Lifetime and processes</h2>
 * The list lives in a {@link SharedMemory} segment named {@code psm_} followed by 8 hex digits, like Python's. The
 * handle that created it unlinks it when closed, unless {@link #keep()} was called; a shutdown hook unlinks what
 * this JVM created and did not close or keep. A {@code ShareableList} is {@link Serializable} by name: a task
 * that captures one attaches to the same list in its child JVM.
 *
 * <h2>Python's resource tracker</h2>
 * A Python process that opens a segment by name registers it with its {@code multiprocessing} resource tracker,
 * which <em>unlinks</em> it when that process exits (and warns of "leaked shared_memory objects"), though Java made
 * it and still uses it. Python attaches without that by unregistering at once:
 * <pre>
 * from multiprocessing import resource_tracker
 * from multiprocessing.shared_memory import ShareableList
 * shared = ShareableList(name='psm_c5da4035')
 * resource_tracker.unregister(shared.shm._name, "shared_memory")
 * </pre>
 * This holds from Python 3.8 on ({@code _name} is the name with its leading {@code /}); Python 3.13's
 * {@code track=False} exists only for {@code SharedMemory}, not for {@code ShareableList}. See
 * {@link SharedMemory} for a bare segment.
 *
 * <p>Thread-safety: any thread of any process may read and set items at any time, but, as in Python, nothing is
 * locked: a {@code get} racing with a {@code set} of the same item may see part of each. Guard such races with a
 * {@link ProcessLock}. The list cannot grow or shrink: {@code add} and {@code remove} throw
 * {@link UnsupportedOperationException}.
 */
public final class ShareableList extends AbstractList<Object> implements RandomAccess, SharedResource, Serializable {

    private static final long serialVersionUID = 1L;

    private final transient SharedMemory memory;
    private final transient int length;
    private final transient int[] offsets;
    private final transient int dataStart;
    private final transient int formatsStart;
    private final transient int codesStart;

    private ShareableList(SharedMemory memory, int length, int[] offsets) {
        this.memory = memory;
        this.length = length;
        this.offsets = offsets;
        this.dataStart = (int) ShareableListLayout.dataStart(length);
        this.formatsStart = (int) ShareableListLayout.formatsStart(length, offsets[length]);
        this.codesStart = (int) ShareableListLayout.codesStart(length, offsets[length]);
    }

    // ---- creating and attaching ------------------------------------------------------------------------------

    /**
     * Creates a list in a new segment with a fresh name, as Python's {@code ShareableList(values)}.
     *
     * @param values the items: {@code Long}, {@code Integer}, {@code Short}, {@code Byte}, {@code Double},
     *     {@code Float}, {@code Boolean}, {@code String}, {@code byte[]} or {@code null}
     * @return a handle on the new list; closing it unlinks the list unless {@link #keep()} is called
     * @throws IllegalArgumentException if an item has another type, a string has a lone surrogate, or a string or
     *     byte array is longer than Python's formats allow (9,999,991 bytes); no segment is then made
     * @throws NullPointerException if {@code values} is {@code null}
     * @throws UncheckedIOException if the segment cannot be created
     */
    public static ShareableList create(Object... values) {
        return create(Arrays.asList(requireNonNull(values, "values")));
    }

    /**
     * Creates a list in a new segment with a fresh name, as Python's {@code ShareableList(values)}.
     *
     * @param values the items, of the types {@link #create(Object...)} takes
     * @return a handle on the new list; closing it unlinks the list unless {@link #keep()} is called
     * @throws IllegalArgumentException if an item has another type, a string has a lone surrogate, or a string or
     *     byte array is too long
     * @throws NullPointerException if {@code values} is {@code null}
     * @throws UncheckedIOException if the segment cannot be created
     */
    public static ShareableList create(List<?> values) {
        return create(SegmentFiles.defaultDirectory(), null, values);
    }

    /**
     * Creates a list with the given name, as Python's {@code ShareableList(values, name=name)}.
     *
     * @param name the segment's name
     * @param values the items, of the types {@link #create(Object...)} takes
     * @return a handle on the new list; closing it unlinks the list unless {@link #keep()} is called
     * @throws IllegalArgumentException if an item has another type, a string has a lone surrogate, a string or byte
     *     array is too long, or the name is invalid
     * @throws NullPointerException if {@code name} or {@code values} is {@code null}
     * @throws UncheckedIOException if a segment of that name exists already, or it cannot be created
     */
    public static ShareableList create(String name, List<?> values) {
        return create(SegmentFiles.defaultDirectory(), requireNonNull(name, "name"), values);
    }

    /**
     * Attaches to an existing list by name, created by Java or by Python's {@code ShareableList}. Only a segment
     * this process's user could have made is accepted, as by {@link SharedMemory#attach(String)}; one shared with
     * other users on purpose is attached with {@link #attachShared(String)}.
     *
     * @param name the segment's name
     * @return a handle on the list; closing it does not unlink the list
     * @throws SharedMemoryNotFoundException if no segment has that name
     * @throws UntrustedSegmentException if its file is a symbolic link or not a regular file, belongs to another
     *     user, or may be written by group or others; nothing is read from it
     * @throws IllegalArgumentException if the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalStateException if the segment does not hold a valid list layout
     * @throws UncheckedIOException if the segment cannot be opened
     */
    public static ShareableList attach(String name) {
        return attach(SegmentFiles.defaultDirectory(), requireNonNull(name, "name"), Owners.THIS_USER);
    }

    /**
     * Attaches to an existing list by name, whoever owns its segment and whoever may write it, as
     * {@link SharedMemory#attachShared(String)} does: for a list shared with other local users on purpose. Symbolic
     * links and files that are not regular files are still refused. Another user who can write the segment can
     * change any item at any time, and one who owns it can truncate or unlink it: every item read is input from that
     * user. The layout is checked when attaching and each item when read, as for any list.
     *
     * @param name the segment's name
     * @return a handle on the list; closing it does not unlink the list
     * @throws SharedMemoryNotFoundException if no segment has that name
     * @throws UntrustedSegmentException if its file is a symbolic link or not a regular file; nothing is read from
     *     it
     * @throws IllegalArgumentException if the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalStateException if the segment does not hold a valid list layout
     * @throws UncheckedIOException if the segment cannot be opened
     */
    public static ShareableList attachShared(String name) {
        return attach(SegmentFiles.defaultDirectory(), requireNonNull(name, "name"), Owners.ANY_USER);
    }

    static ShareableList create(Path directory, String name, List<?> values) {
        int count = values.size();
        Object[] items = new Object[count];
        String[] formats = new String[count];
        int[] offsets = new int[count + 1];
        long dataSize = 0;
        for (int i = 0; i < count; i++) {
            items[i] = normalize(i, values.get(i));
            formats[i] = creationFormat(items[i]);
            dataSize += slotSize(formats[i]);
            if (dataSize > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the items take more than " + Integer.MAX_VALUE + " bytes");
            }
            offsets[i + 1] = (int) dataSize;
        }
        long size = ShareableListLayout.size(count, dataSize);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a list of " + count + " items needs " + size + " bytes, more than "
                    + Integer.MAX_VALUE);
        }
        SharedMemory memory = SharedMemory.create(directory, name, (int) size);
        memory.putLong(COUNT_OFFSET, count);
        for (int i = 0; i <= count; i++) {
            memory.putLong(offsetEntry(i), offsets[i]);
        }
        ShareableList list = new ShareableList(memory, count, offsets);
        for (int i = 0; i < count; i++) {
            list.store(i, formats[i], values.get(i), items[i]);
        }
        return list;
    }

    static ShareableList attach(Path directory, String name, Owners owners) {
        SharedMemory memory = SharedMemory.attach(directory, name, owners);
        try {
            return readLayout(memory);
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
    }

    /** Reads and checks the item count and offsets, before trusting any of them. */
    private static ShareableList readLayout(SharedMemory memory) {
        long size = memory.size();
        if (size < smallestSize(0)) {
            throw notAList(memory, "it has only " + size + " bytes");
        }
        long count = memory.getLong(COUNT_OFFSET);
        long smallest = smallestSize(count);
        if (count < 0 || count > size || smallest > size) {
            throw notAList(memory, "its item count " + count + " does not fit its " + size + " bytes");
        }
        int items = (int) count;
        int[] offsets = new int[items + 1];
        for (int i = 0; i <= items; i++) {
            long offset = memory.getLong(offsetEntry(i));
            long previous = i == 0 ? 0 : offsets[i - 1];
            boolean fits = i == 0 ? offset == 0
                    : offset - previous >= SLOT && ShareableListLayout.size(count, offset) <= size;
            if (!fits) {
                throw notAList(memory, "its offset " + i + " (" + offset + ") is out of place");
            }
            offsets[i] = (int) offset;
        }
        return new ShareableList(memory, items, offsets);
    }

    private static IllegalStateException notAList(SharedMemory memory, String why) {
        return new IllegalStateException("shared memory '" + memory.name() + "' does not hold a ShareableList: "
                + why);
    }

    // ---- items -----------------------------------------------------------------------------------------------

    /**
     * The number of items, fixed when the list was created.
     *
     * @return the length
     */
    @Override
    public int size() {
        return length;
    }

    /**
     * Reads an item, as Python's {@code list[index]} (without negative indexes).
     *
     * @param index from 0 to {@code size() - 1}
     * @return a {@link Long}, {@link Double}, {@link Boolean}, {@link String}, {@code byte[]} or {@code null}
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     * @throws IllegalStateException if this handle is closed, the item's format or code is not one that Python's
     *     {@code ShareableList} writes, or the item is a string whose bytes are not UTF-8 (where Python raises
     *     {@code UnicodeDecodeError}); the message names the item and the first bad byte
     */
    @Override
    public Object get(int index) {
        return read(index, false);
    }

    /**
     * Reads an item; a string whose bytes are not UTF-8 fails, or, if {@code lenient}, reads with U+FFFD in place of
     * each ill-formed sequence.
     */
    private Object read(int index, boolean lenient) {
        checkIndex(index);
        String format = format(index);
        byte code = (byte) memory.get(codesStart + index);
        int at = dataStart + offsets[index];
        switch (format) {
            case LONG:
                return code == AS_STORED ? (Object) memory.getLong(at) : corrupt(index, format, code);
            case DOUBLE:
                return code == AS_STORED ? (Object) Double.longBitsToDouble(memory.getLong(at))
                        : corrupt(index, format, code);
            case BOOLEAN:
                return code == AS_STORED ? (Object) (memory.get(at + 7) != 0) : corrupt(index, format, code);
            case NONE:
                return code == NONE_CODE ? null : corrupt(index, format, code);
            default:
                return readBytes(index, format, code, at, lenient);
        }
    }

    private Object readBytes(int index, String format, byte code, int at, boolean lenient) {
        int width = stringWidth(format);
        if (width < 0 || width > offsets[index + 1] - offsets[index] || (code != STR && code != BYTES)) {
            return corrupt(index, format, code);
        }
        byte[] bytes = new byte[width];
        memory.get(at, bytes);
        int end = width;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        if (code == BYTES) {
            return Arrays.copyOf(bytes, end);
        }
        int invalid = lenient ? -1 : StrictUtf8.firstInvalidByte(bytes, end);
        if (invalid >= 0) {
            throw new IllegalStateException("item " + index + " of ShareableList '" + name() + "' is a string whose"
                    + " bytes are not UTF-8 from " + StrictUtf8.describe(bytes, end, invalid) + " on; Python cannot"
                    + " read it either (UnicodeDecodeError; its ShareableList sizes a slot by characters and cuts a"
                    + " longer UTF-8 string short). Set the item anew, or read its bytes through memory()");
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /**
     * Replaces an item, as Python's {@code list[index] = value}. An item that {@link #get(int)} cannot read because
     * it is a string whose bytes are not UTF-8 is replaced all the same, as Python replaces it.
     *
     * @param index from 0 to {@code size() - 1}
     * @param value the new item, of the types {@link #create(Object...)} takes
     * @return the item it replaced; a string whose bytes were not UTF-8 comes back with U+FFFD in place of each
     *     ill-formed sequence
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     * @throws IllegalArgumentException if the value has another type, is a string with a lone surrogate (Python's
     *     {@code UnicodeEncodeError}), or is a string or byte array longer than the item's slot (as Python's
     *     "bytes/str item exceeds available storage"); the item is then unchanged
     * @throws IllegalStateException if this handle is closed, or the item's format or code is not one that Python's
     *     {@code ShareableList} writes
     */
    @Override
    public Object set(int index, Object value) {
        Object previous = read(index, true);
        Object item = normalize(index, value);
        String format;
        if (item instanceof byte[]) {
            int allocated = offsets[index + 1] - offsets[index];
            int needed = ((byte[]) item).length;
            if (needed > allocated) {
                throw new IllegalArgumentException((value instanceof String ? "a string" : "a byte array") + " of "
                        + needed + " bytes exceeds the " + allocated + " bytes of item " + index
                        + "'s slot (Python: bytes/str item exceeds available storage)");
            }
            String current = format(index);
            format = current.endsWith("s") ? current : allocated + "s";
        } else {
            format = creationFormat(item);
        }
        store(index, format, value, item);
        return previous;
    }

    /**
     * Not supported: the length is fixed when the list is created, as in Python. So are {@code add},
     * {@code addAll}, {@code remove}, {@code clear} and the other ways of growing or shrinking a list.
     *
     * @param index not used
     * @param value not used
     * @throws UnsupportedOperationException always, naming the list and its length
     */
    @Override
    public void add(int index, Object value) {
        throw fixedLength("add an item to");
    }

    /**
     * Not supported: the length is fixed when the list is created, as in Python.
     *
     * @param index not used
     * @return never
     * @throws UnsupportedOperationException always, naming the list and its length
     */
    @Override
    public Object remove(int index) {
        throw fixedLength("remove an item from");
    }

    private UnsupportedOperationException fixedLength(String change) {
        return new UnsupportedOperationException("cannot " + change + " ShareableList '" + name() + "': its length is"
                + " fixed at " + length + " items, as in Python");
    }

    /** Writes an item's format, code and value (as given, and normalized), in Python's order. */
    private void store(int index, String format, Object value, Object item) {
        byte[] formatBytes = Arrays.copyOf(format.getBytes(StandardCharsets.US_ASCII), SLOT);
        memory.put(formatsStart + SLOT * index, formatBytes);
        memory.put(codesStart + index, code(value));
        int at = dataStart + offsets[index];
        if (item == null) {
            memory.putLong(at, 0);
        } else if (item instanceof Long) {
            memory.putLong(at, (Long) item);
        } else if (item instanceof Double) {
            memory.putLong(at, Double.doubleToRawLongBits((Double) item));
        } else if (item instanceof Boolean) {
            memory.putLong(at, 0);
            memory.put(at + 7, (Boolean) item ? 1 : 0);
        } else {
            byte[] bytes = (byte[]) item;
            memory.put(at, Arrays.copyOf(bytes, stringWidth(format)));
        }
    }

    /**
     * The widened item: a Long, Double, Boolean, byte[] (a String's UTF-8 bytes) or null.
     *
     * @throws IllegalArgumentException for a value of another type, or a string with a lone surrogate
     */
    private static Object normalize(int index, Object value) {
        if (value == null || value instanceof Long || value instanceof Double || value instanceof Boolean
                || value instanceof byte[]) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        if (value instanceof String) {
            try {
                return StrictUtf8.encode((String) value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("item " + index + " cannot be stored: " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("a ShareableList holds long, double, boolean, String, byte[] and null"
                + " items, not " + value.getClass().getName());
    }

    /** The struct format Python gives a new item (a normalized one: strings are their bytes by now). */
    private static String creationFormat(Object item) {
        if (item == null) {
            return NONE;
        }
        if (item instanceof Long) {
            return LONG;
        }
        if (item instanceof Double) {
            return DOUBLE;
        }
        if (item instanceof Boolean) {
            return BOOLEAN;
        }
        int width = SLOT * (((byte[]) item).length / SLOT + 1);
        if (width > MAX_SLOT_SIZE) {
            throw new IllegalArgumentException("an item of " + ((byte[]) item).length + " bytes is longer than a"
                    + " ShareableList allows (" + (MAX_SLOT_SIZE - 1) + " bytes)");
        }
        return width + "s";
    }

    private static byte code(Object value) {
        return value == null ? NONE_CODE : value instanceof String ? STR : value instanceof byte[] ? BYTES
                : AS_STORED;
    }

    private String format(int index) {
        byte[] bytes = new byte[SLOT];
        memory.get(formatsStart + SLOT * index, bytes);
        int end = SLOT;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }

    private Object corrupt(int index, String format, byte code) {
        throw new IllegalStateException("item " + index + " of ShareableList '" + name() + "' has format '" + format
                + "' and code " + code + ", which Python's ShareableList never writes");
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " is out of range for ShareableList '" + name()
                    + "' of " + length + " items");
        }
    }

    // ---- searching -------------------------------------------------------------------------------------------

    /**
     * The index of the first item equal to {@code value} (see the class comment for what equal means).
     *
     * @param value what to look for
     * @return its first index, or -1 if no item equals it
     * @throws IllegalStateException if this handle is closed
     */
    @Override
    public int indexOf(Object value) {
        Object wanted = widen(value);
        for (int i = 0; i < length; i++) {
            if (matches(wanted, get(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The index of the last item equal to {@code value}.
     *
     * @param value what to look for
     * @return its last index, or -1 if no item equals it
     * @throws IllegalStateException if this handle is closed
     */
    @Override
    public int lastIndexOf(Object value) {
        Object wanted = widen(value);
        for (int i = length - 1; i >= 0; i--) {
            if (matches(wanted, get(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether an item equals {@code value}.
     *
     * @param value what to look for
     * @return {@code true} if one does
     * @throws IllegalStateException if this handle is closed
     */
    @Override
    public boolean contains(Object value) {
        return indexOf(value) >= 0;
    }

    /**
     * How many items equal {@code value}, as Python's {@code count}.
     *
     * @param value what to count
     * @return the number of equal items
     * @throws IllegalStateException if this handle is closed
     */
    public int count(Object value) {
        Object wanted = widen(value);
        int count = 0;
        for (int i = 0; i < length; i++) {
            if (matches(wanted, get(i))) {
                count++;
            }
        }
        return count;
    }

    private static Object widen(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        return value;
    }

    private static boolean matches(Object wanted, Object item) {
        if (wanted instanceof byte[] && item instanceof byte[]) {
            return Arrays.equals((byte[]) wanted, (byte[]) item);
        }
        return Objects.equals(wanted, item);
    }

    // ---- identity --------------------------------------------------------------------------------------------

    /**
     * The list's name, as Python's {@code ShareableList.shm.name}: pass it to {@link #attach(String)} or to
     * Python's {@code ShareableList(name=...)}.
     *
     * @return the segment's name
     */
    @Override
    public String name() {
        return memory.name();
    }

    /**
     * The struct format of all items, as Python's {@code ShareableList.format}, such as {@code "8sdqq"}.
     *
     * @return the concatenated formats
     * @throws IllegalStateException if this handle is closed
     */
    public String format() {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < length; i++) {
            all.append(format(i));
        }
        return all.toString();
    }

    /**
     * The segment the list lives in, as Python's {@code ShareableList.shm}.
     *
     * @return the segment handle, closed with this list
     */
    public SharedMemory memory() {
        return memory;
    }

    /**
     * Python's {@code repr}: {@code ShareableList(['spam', 3.14159, 123456, 0], name='psm_c5da4035')}.
     *
     * <p>Floats are written as Python writes them: the fewest digits that read back as the same double and, among
     * those, the closest to it; in exponent form below 1e-4 and from 1e16 on ({@code 1e-05}, {@code 1e+16}); and
     * {@code inf}, {@code -inf}, {@code nan}, {@code -0.0}. Strings are quoted and escaped as Python escapes them;
     * which characters count as printable (shown as themselves, not as <code>&#92;x..</code>,
     * <code>&#92;u....</code> or <code>&#92;U........</code>) is the rule of Python 3.11's {@code str.isprintable()},
     * Unicode 14.0, on every JDK, whatever version of Unicode the JDK's own {@link Character} tables follow (13.0 in
     * JDK 17, 16.0 in JDK 25).
     * Python 3.12 and later know newer characters and print some of them that this escapes; the values themselves
     * are the same either way.
     *
     * @return the list's items and name, formatted as Python formats them
     * @throws IllegalStateException if this handle is closed, or an item cannot be read (see {@link #get(int)})
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("ShareableList([");
        for (int i = 0; i < length; i++) {
            out.append(i == 0 ? "" : ", ").append(PythonRepr.of(get(i)));
        }
        return out.append("], name=").append(PythonRepr.ofString(name())).append(')').toString();
    }

    // ---- lifetime --------------------------------------------------------------------------------------------

    /**
     * Stops this JVM from unlinking the list: neither {@link #close()} nor the exit hook will.
     *
     * @return this handle
     */
    @Override
    public ShareableList keep() {
        memory.keep();
        return this;
    }

    /**
     * Removes the list's name, as Python's {@code ShareableList.shm.unlink()}. Handles already attached keep
     * working.
     *
     * @throws UncheckedIOException if the segment cannot be deleted
     */
    @Override
    public void unlink() {
        memory.unlink();
    }

    @Override
    public boolean isClosed() {
        return memory.isClosed();
    }

    /**
     * Closes this handle. If it created the list and {@link #keep()} was not called, the list is also unlinked.
     *
     * @throws UncheckedIOException if the list should be unlinked but cannot be
     */
    @Override
    public void close() {
        memory.close();
    }

    // ---- serialization by name -------------------------------------------------------------------------------

    /**
     * Replaces this handle by its name in a serialized stream.
     *
     * @return the form that travels: the list's name and directory
     */
    private Object writeReplace() {
        return new SerializedByName(SerializedByName.Kind.SHAREABLE_LIST, name(), memory.file().getParent(),
                memory.owners());
    }

    /**
     * Refuses a stream that holds a handle's fields rather than its name.
     *
     * @param in the stream
     * @throws InvalidObjectException always
     */
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a ShareableList travels by name only");
    }
}
