package io.github.multiprocess4j.shm;

import static java.util.Objects.requireNonNull;

import io.github.multiprocess4j.ipc.Backoff;
import io.github.multiprocess4j.ipc.MappedSegment;
import io.github.multiprocess4j.ipc.TrustedFiles.Owners;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A block of memory that several processes map at once: Python's
 * {@code multiprocessing.shared_memory.SharedMemory}, for the JVM.
 *
 * <pre>{@code
 * try (SharedMemory sm = SharedMemory.create(1024)) {        // a new segment named psm_xxxxxxxx
 *     sm.put(0, 200);                                         // buf[0] = 200
 *     Launch.processes(10, i -> setRandom(sm, i));            // each child attaches by name
 *     int first = sm.get(0);                                  // 0..255, like buf[0]
 * }                                                           // the creator's close() also unlinks
 * }</pre>
 *
 * <h2>Where it lives</h2>
 * On Linux a segment is the file {@code /dev/shm/<name>}, exactly where Python's {@code SharedMemory(name=...)}
 * looks, so Java and Python processes share it by name; elsewhere it is a file in a directory under the
 * temporary directory. Files are created with mode 0600. A segment holds at most {@link Integer#MAX_VALUE}
 * bytes, and its size never changes. A name is at most 200 bytes long in UTF-8 (200 ASCII characters) and holds no
 * {@code /}, {@code \} or NUL.
 *
 * <h2>Whose segments are attached</h2>
 * A segment's file is shared with whoever can open it, so {@link #attach(String)} takes only a file that no other
 * local user could have planted or changed: a regular file (never a symbolic link, which is not followed) owned by
 * the user this process runs as, that group and others cannot write. Anything else fails with an
 * {@link UntrustedSegmentException} naming the file, its owner and its mode, and is left untouched. Segments made by
 * this library and by Python's {@code SharedMemory} (both mode 0600) pass. A segment shared with other users on
 * purpose (owned by another user, or made writable by a group) is attached with {@link #attachShared(String)},
 * which still refuses links and files that are not regular files. On a file system without POSIX permissions there
 * is no owner or mode to check, and only links are refused.
 *
 * <h2>Lifetime</h2>
 * A segment outlives the handles on it until it is unlinked. The handle that created a segment unlinks it when it
 * is closed, unless {@link #keep()} was called; handles that attached (including the ones rebuilt in child JVMs)
 * only detach. If this JVM exits (normally or on SIGTERM) without having closed, unlinked or kept a segment it
 * created, a shutdown hook unlinks it. Unlinking while other processes still map the segment is safe: they keep
 * their mapping, but the name is gone for new attaches. The memory of a closed handle is returned to the operating
 * system when the garbage collector reclaims the mapping; every access after {@code close()} fails with an
 * {@link IllegalStateException}.
 *
 * <h2>Python's resource tracker</h2>
 * A Python process that opens a segment by name, {@code SharedMemory(name='psm_c5da4035')}, registers it with its
 * {@code multiprocessing} resource tracker, which <em>unlinks</em> it when that process exits (warning of "leaked
 * shared_memory objects"), though a Java process made it and still uses it. Python 3.13 and later attach without
 * that by {@code SharedMemory(name='psm_c5da4035', track=False)}; Python 3.8 to 3.12 unregister right after
 * attaching:
 * <pre>
 * from multiprocessing import resource_tracker
 * from multiprocessing.shared_memory import SharedMemory
 * sm = SharedMemory(name='psm_c5da4035')
 * resource_tracker.unregister(sm._name, "shared_memory")
 * </pre>
 * ({@code _name} is the name with its leading {@code /}.) {@link ShareableList} shows the same for a list.
 *
 * <h2>Across processes</h2>
 * A {@code SharedMemory} is {@link Serializable} by name: a task that captures one (as Python passes {@code sm}
 * in {@code args=(sm, i)}) attaches to the same segment when it is deserialized in the child.
 *
 * <h2>Access</h2>
 * Offsets are byte offsets from the start of the segment. Bytes read as unsigned values 0-255, as Python's
 * {@code buf[i]} does. Multi-byte values use the platform's native byte order (little-endian on x86-64 and
 * AArch64, as Python's {@code struct} native formats); {@link #buffer()} gives a little-endian view.
 * Plain {@code getInt}/{@code putInt}/{@code getLong}/{@code putLong}/{@code getDouble}/{@code putDouble} accept any
 * offset ({@code double}s are IEEE 754, Python's {@code struct} format {@code 'd'}); the volatile,
 * acquire/release, compare-and-set and add methods are atomic across threads <em>and</em> processes and
 * need an offset that is a multiple of the value's size (4 or 8), which they check.
 *
 * <p>Thread-safety: every method may be called from any number of threads. Plain and bulk accesses are not
 * atomic: writers racing on the same bytes must coordinate, for example with a {@link ProcessLock} or the
 * atomic methods. Bad offsets fail with {@link IndexOutOfBoundsException} or {@link IllegalArgumentException},
 * never with a JVM crash. A handle maps the segment's size as it was when it attached, and this library never
 * resizes a segment; a file shrunk behind its back by some other program makes access beyond its new end fail
 * with {@link InternalError}, as for any memory-mapped file.
 */
@SuppressWarnings("exports") // its package-private superclass names its state, which no client sees
public final class SharedMemory extends Handle<MappedSegment> implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The prefix of generated names, the same as Python's. */
    static final String NAME_PREFIX = "psm_";

    private static final long EMPTY_FILE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final transient String name;
    private final transient Path file;
    private final transient int size;
    /** Whose files this handle accepted, and a copy attaches in a child JVM accepts. */
    private final transient Owners owners;

    private SharedMemory(String name, Path file, boolean creator, Owners owners, MappedSegment segment) {
        super(segment, new HandleFiles(creator, file));
        this.name = name;
        this.file = file;
        this.size = segment.size();
        this.owners = owners;
    }

    // ---- creating and attaching ------------------------------------------------------------------------------

    /**
     * Creates a new segment of {@code size} zero bytes with a fresh random name, {@code psm_} followed by 8 hex
     * digits, as Python's {@code SharedMemory(create=True, size=size)} does.
     *
     * @param size the size in bytes, at least 1
     * @return a handle on the new segment; closing it unlinks the segment unless {@link #keep()} is called
     * @throws IllegalArgumentException if {@code size} is less than 1
     * @throws UncheckedIOException if the file cannot be created or mapped
     */
    public static SharedMemory create(int size) {
        return create(SegmentFiles.defaultDirectory(), null, size);
    }

    /**
     * Creates a new segment of {@code size} zero bytes with the given name.
     *
     * @param name the name: 1 to 200 bytes in UTF-8, no {@code /}, {@code \} or NUL
     * @param size the size in bytes, at least 1
     * @return a handle on the new segment; closing it unlinks the segment unless {@link #keep()} is called
     * @throws IllegalArgumentException if {@code size} is less than 1 or the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws UncheckedIOException if a segment of that name exists already (the cause is a
     *     {@link java.nio.file.FileAlreadyExistsException}), or the file cannot be created or mapped
     */
    public static SharedMemory create(String name, int size) {
        return create(SegmentFiles.defaultDirectory(), requireNonNull(name, "name"), size);
    }

    /**
     * Attaches to an existing segment by name, from this or any other process (Java or Python). The handle
     * covers the whole segment as it is now. Only a segment this process's user could have made is accepted: see
     * "Whose segments are attached" above.
     *
     * @param name the segment's name
     * @return a handle on the segment; closing it does not unlink the segment
     * @throws SharedMemoryNotFoundException if no segment has that name
     * @throws UntrustedSegmentException if its file is a symbolic link or not a regular file, belongs to another
     *     user, or may be written by group or others; nothing is read from it
     * @throws IllegalArgumentException if the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalStateException if the segment is empty or larger than {@link Integer#MAX_VALUE} bytes
     * @throws UncheckedIOException if the file cannot be opened or mapped
     */
    public static SharedMemory attach(String name) {
        return attach(SegmentFiles.defaultDirectory(), name, Owners.THIS_USER);
    }

    /**
     * Attaches to an existing segment by name, whoever owns it and whoever may write it: for a segment shared with
     * other local users on purpose, such as one that a service running as another user creates for its clients.
     * Symbolic links and files that are not regular files are still refused.
     *
     * <p><b>The risk</b>: another user who can write the segment can change its bytes at any time, and one who owns
     * it can also truncate it (after which access beyond its new end fails with {@link InternalError}) or unlink it.
     * Treat what you read as input from that user. It is meant for plain bytes, as Python shares them:
     * {@link SharedObject}, {@link ProcessLock} and the queues never attach to such a segment. A handle attached
     * this way that travels to a child JVM attaches there the same way.
     *
     * @param name the segment's name
     * @return a handle on the segment; closing it does not unlink the segment
     * @throws SharedMemoryNotFoundException if no segment has that name
     * @throws UntrustedSegmentException if its file is a symbolic link or not a regular file; nothing is read from
     *     it
     * @throws IllegalArgumentException if the name is invalid
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalStateException if the segment is empty or larger than {@link Integer#MAX_VALUE} bytes
     * @throws UncheckedIOException if the file cannot be opened or mapped
     */
    public static SharedMemory attachShared(String name) {
        return attach(SegmentFiles.defaultDirectory(), name, Owners.ANY_USER);
    }

    /** Creates a segment in {@code directory}; a {@code null} name means a fresh random one. */
    static SharedMemory create(Path directory, String name, int size) {
        return create(directory, name, NAME_PREFIX, size);
    }

    /**
     * Creates a segment in {@code directory}; a {@code null} name means a fresh one made of {@code randomPrefix}
     * and 8 random hex digits.
     */
    static SharedMemory create(Path directory, String name, String randomPrefix, int size) {
        if (name != null) {
            SegmentFiles.checkName(name);
        }
        if (size <= 0) {
            throw new IllegalArgumentException("size must be at least 1 byte, got " + size);
        }
        while (true) {
            String chosen = name != null ? name : SegmentFiles.randomName(randomPrefix);
            Path file = directory.resolve(chosen);
            FileChannel channel;
            try {
                channel = SegmentFiles.createNew(file);
            } catch (UncheckedIOException e) {
                if (name == null && e.getCause() instanceof java.nio.file.FileAlreadyExistsException) {
                    continue;
                }
                throw e;
            }
            CreatedSegments.own(file);
            try (channel) {
                MappedSegment segment = MappedSegment.map(channel, size, chosen);
                return new SharedMemory(chosen, file, true, Owners.THIS_USER, segment);
            } catch (IOException | RuntimeException e) {
                SegmentFiles.deleteIfExists(file);
                CreatedSegments.disown(file);
                throw e instanceof IOException
                        ? new UncheckedIOException("cannot map shared memory " + file + ": " + e, (IOException) e)
                        : (RuntimeException) e;
            }
        }
    }

    /** Attaches to the segment {@code name} in {@code directory}, if its file is this user's. */
    static SharedMemory attach(Path directory, String name) {
        return attach(directory, name, Owners.THIS_USER);
    }

    /** Attaches to the segment {@code name} in {@code directory}, if its file is of one of {@code owners}. */
    static SharedMemory attach(Path directory, String name, Owners owners) {
        SegmentFiles.checkName(name);
        Path file = directory.resolve(name);
        try (FileChannel channel = SegmentFiles.openExisting(name, file, owners)) {
            long size = awaitNonEmpty(channel);
            if (size == 0) {
                throw new IllegalStateException("shared memory '" + name + "' is empty (0 bytes): nothing to map");
            }
            if (size > Integer.MAX_VALUE) {
                throw new IllegalStateException("shared memory '" + name + "' has " + size
                        + " bytes; at most " + Integer.MAX_VALUE + " can be mapped");
            }
            return new SharedMemory(name, file, false, owners, MappedSegment.map(channel, (int) size, name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot attach to shared memory " + file + ": " + e, e);
        }
    }

    /** A creator may not have set the size yet: give it a moment, as an empty segment is of no use. */
    private static long awaitNonEmpty(FileChannel channel) throws IOException {
        return Backoff.whileZero(channel::size, EMPTY_FILE_WAIT_NANOS);
    }

    // ---- identity --------------------------------------------------------------------------------------------

    /**
     * The segment's name, as Python's {@code SharedMemory.name}: pass it to {@link #attach(String)} in another
     * process, or to Python's {@code SharedMemory(name=...)}.
     *
     * @return the name, such as {@code psm_c5da4035}
     */
    @Override
    public String name() {
        return name;
    }

    /**
     * The size of the segment in bytes, as Python's {@code SharedMemory.size}.
     *
     * @return the size, at least 1
     */
    public int size() {
        return size;
    }

    /** The file the segment lives in. */
    Path file() {
        return file;
    }

    // ---- single bytes ----------------------------------------------------------------------------------------

    /**
     * Reads one byte as an unsigned value, like Python's {@code buf[index]}.
     *
     * @param index the byte offset, from 0 to {@code size() - 1}
     * @return the byte, from 0 to 255
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     * @throws IllegalStateException if this handle is closed
     */
    public int get(int index) {
        return open().getByte(index) & 0xFF;
    }

    /**
     * Writes one byte, like Python's {@code buf[index] = value}.
     *
     * @param index the byte offset, from 0 to {@code size() - 1}
     * @param value the byte, from 0 to 255
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     * @throws IllegalArgumentException if {@code value} is not in 0-255
     * @throws IllegalStateException if this handle is closed
     */
    public void put(int index, int value) {
        MappedSegment memory = open();
        if (index >= 0 && index < size && (value & ~0xFF) != 0) {
            throw new IllegalArgumentException("a byte must be in 0..255, got " + value);
        }
        memory.putByte(index, (byte) value);
    }

    // ---- bulk copies -----------------------------------------------------------------------------------------

    /**
     * Copies {@code dst.length} bytes starting at {@code offset} into {@code dst}.
     *
     * @param offset where to start reading
     * @param dst where to copy to
     * @throws IndexOutOfBoundsException if the range does not fit in the segment
     * @throws NullPointerException if {@code dst} is {@code null}
     * @throws IllegalStateException if this handle is closed
     */
    public void get(int offset, byte[] dst) {
        get(offset, dst, 0, requireNonNull(dst, "dst").length);
    }

    /**
     * Copies {@code length} bytes starting at {@code offset} into {@code dst} from {@code dstOffset} on.
     *
     * @param offset where to start reading
     * @param dst where to copy to
     * @param dstOffset the first index of {@code dst} to write
     * @param length how many bytes to copy
     * @throws IndexOutOfBoundsException if a range does not fit in the segment or in {@code dst}
     * @throws NullPointerException if {@code dst} is {@code null}
     * @throws IllegalStateException if this handle is closed
     */
    public void get(int offset, byte[] dst, int dstOffset, int length) {
        open().get(offset, dst, dstOffset, length);
    }

    /**
     * Copies all of {@code src} into the segment, starting at {@code offset}.
     *
     * @param offset where to start writing
     * @param src the bytes to copy
     * @throws IndexOutOfBoundsException if the range does not fit in the segment
     * @throws NullPointerException if {@code src} is {@code null}
     * @throws IllegalStateException if this handle is closed
     */
    public void put(int offset, byte[] src) {
        put(offset, src, 0, requireNonNull(src, "src").length);
    }

    /**
     * Copies {@code length} bytes of {@code src}, from {@code srcOffset} on, into the segment at {@code offset}.
     *
     * @param offset where to start writing
     * @param src the bytes to copy
     * @param srcOffset the first index of {@code src} to read
     * @param length how many bytes to copy
     * @throws IndexOutOfBoundsException if a range does not fit in the segment or in {@code src}
     * @throws NullPointerException if {@code src} is {@code null}
     * @throws IllegalStateException if this handle is closed
     */
    public void put(int offset, byte[] src, int srcOffset, int length) {
        open().put(offset, src, srcOffset, length);
    }

    /**
     * Copies {@code dst.remaining()} bytes starting at {@code offset} into {@code dst} and advances its position.
     *
     * @param offset where to start reading
     * @param dst where to copy to, from its position to its limit
     * @throws IndexOutOfBoundsException if the range does not fit in the segment
     * @throws java.nio.ReadOnlyBufferException if {@code dst} is read-only
     * @throws NullPointerException if {@code dst} is {@code null}
     * @throws IllegalStateException if this handle is closed
     */
    public void get(int offset, ByteBuffer dst) {
        open().get(offset, dst);
    }

    /**
     * Copies {@code src.remaining()} bytes of {@code src} into the segment at {@code offset} and advances the
     * position of {@code src}.
     *
     * @param offset where to start writing
     * @param src the bytes to copy, from its position to its limit
     * @throws IndexOutOfBoundsException if the range does not fit in the segment
     * @throws NullPointerException if {@code src} is {@code null}
     * @throws IllegalStateException if this handle is closed
     */
    public void put(int offset, ByteBuffer src) {
        open().put(offset, src);
    }

    // ---- ints and longs, plain -------------------------------------------------------------------------------

    /**
     * Reads an {@code int} in native byte order, with no ordering guarantee.
     *
     * @param offset the byte offset of the value, any alignment
     * @return the value
     * @throws IndexOutOfBoundsException if the 4 bytes do not fit in the segment
     * @throws IllegalStateException if this handle is closed
     */
    public int getInt(int offset) {
        return open().getInt(offset);
    }

    /**
     * Writes an {@code int} in native byte order, with no ordering guarantee.
     *
     * @param offset the byte offset of the value, any alignment
     * @param value the value
     * @throws IndexOutOfBoundsException if the 4 bytes do not fit in the segment
     * @throws IllegalStateException if this handle is closed
     */
    public void putInt(int offset, int value) {
        open().putInt(offset, value);
    }

    /**
     * Reads a {@code long} in native byte order, with no ordering guarantee.
     *
     * @param offset the byte offset of the value, any alignment
     * @return the value
     * @throws IndexOutOfBoundsException if the 8 bytes do not fit in the segment
     * @throws IllegalStateException if this handle is closed
     */
    public long getLong(int offset) {
        return open().getLong(offset);
    }

    /**
     * Writes a {@code long} in native byte order, with no ordering guarantee.
     *
     * @param offset the byte offset of the value, any alignment
     * @param value the value
     * @throws IndexOutOfBoundsException if the 8 bytes do not fit in the segment
     * @throws IllegalStateException if this handle is closed
     */
    public void putLong(int offset, long value) {
        open().putLong(offset, value);
    }

    // ---- ints, atomic ----------------------------------------------------------------------------------------

    /**
     * Reads an {@code int} with volatile semantics, atomically across threads and processes.
     *
     * @param offset the byte offset of the value, a multiple of 4
     * @return the value
     * @throws IndexOutOfBoundsException if the 4 bytes do not fit in the segment
     * @throws IllegalArgumentException if {@code offset} is not a multiple of 4
     * @throws IllegalStateException if this handle is closed
     */
    public int getIntVolatile(int offset) {
        return open().getIntVolatile(offset);
    }

    /**
     * Writes an {@code int} with volatile semantics, atomically across threads and processes.
     *
     * @param offset the byte offset of the value, a multiple of 4
     * @param value the value
     * @throws IndexOutOfBoundsException if the 4 bytes do not fit in the segment
     * @throws IllegalArgumentException if {@code offset} is not a multiple of 4
     * @throws IllegalStateException if this handle is closed
     */
    public void putIntVolatile(int offset, int value) {
        open().putIntVolatile(offset, value);
    }

    /**
     * Reads an {@code int} with acquire semantics: later reads and writes of this thread are not moved before it.
     *
     * @param offset the byte offset of the value, a multiple of 4
     * @return the value
     * @throws IndexOutOfBoundsException if the 4 bytes do not fit in the segment
     * @throws IllegalArgumentException if {@code offset} is not a multiple of 4
     * @throws IllegalStateException if this handle is closed
     */
    public int getIntAcquire(int offset) {
        return open().getIntAcquire(offset);
    }

    /**
     * Writes an {@code int} with release semantics: earlier reads and writes of this thread are not moved after
     * it, so a reader that sees the value with {@link #getIntAcquire(int)} also sees them.
     *
     * @param offset the byte offset of the value, a multiple of 4
     * @param value the value
     * @throws IndexOutOfBoundsException if the 4 bytes do not fit in the segment
     * @throws IllegalArgumentException if {@code offset} is not a multiple of 4
     * @throws IllegalStateException if this handle is closed
     */
    public void putIntRelease(int offset, int value) {
        open().putIntRelease(offset, value);
    }

    /**
     * Atomically sets an {@code int} to {@code update} if it equals {@code expected}, across threads and
     * processes, with volatile semantics.
     *
     * @param offset the byte offset of the value, a multiple of 4
     * @param expected the value it must have
     * @param update the value to set
     * @return {@code true} if it was set
     * @throws IndexOutOfBoundsException if the 4 bytes do not fit in the segment
     * @throws IllegalArgumentException if {@code offset} is not a multiple of 4
     * @throws IllegalStateException if this handle is closed
     */
    public boolean compareAndSetInt(int offset, int expected, int update) {
        return open().compareAndSetInt(offset, expected, update);
    }

    /**
     * Atomically adds {@code delta} to an {@code int}, across threads and processes, with volatile semantics.
     *
     * @param offset the byte offset of the value, a multiple of 4
     * @param delta what to add
     * @return the value before the addition
     * @throws IndexOutOfBoundsException if the 4 bytes do not fit in the segment
     * @throws IllegalArgumentException if {@code offset} is not a multiple of 4
     * @throws IllegalStateException if this handle is closed
     */
    public int getAndAddInt(int offset, int delta) {
        return open().getAndAddInt(offset, delta);
    }

    // ---- longs, atomic ---------------------------------------------------------------------------------------

    /**
     * Reads a {@code long} with volatile semantics, atomically across threads and processes.
     *
     * @param offset the byte offset of the value, a multiple of 8
     * @return the value
     * @throws IndexOutOfBoundsException if the 8 bytes do not fit in the segment
     * @throws IllegalArgumentException if {@code offset} is not a multiple of 8
     * @throws IllegalStateException if this handle is closed
     */
    public long getLongVolatile(int offset) {
        return open().getLongVolatile(offset);
    }

    /**
     * Writes a {@code long} with volatile semantics, atomically across threads and processes.
     *
     * @param offset the byte offset of the value, a multiple of 8
     * @param value the value
     * @throws IndexOutOfBoundsException if the 8 bytes do not fit in the segment
     * @throws IllegalArgumentException if {@code offset} is not a multiple of 8
     * @throws IllegalStateException if this handle is closed
     */
    public void putLongVolatile(int offset, long value) {
        open().putLongVolatile(offset, value);
    }

    /**
     * Reads a {@code long} with acquire semantics: later reads and writes of this thread are not moved before it.
     *
     * @param offset the byte offset of the value, a multiple of 8
     * @return the value
     * @throws IndexOutOfBoundsException if the 8 bytes do not fit in the segment
     * @throws IllegalArgumentException if {@code offset} is not a multiple of 8
     * @throws IllegalStateException if this handle is closed
     */
    public long getLongAcquire(int offset) {
        return open().getLongAcquire(offset);
    }

    /**
     * Writes a {@code long} with release semantics: earlier reads and writes of this thread are not moved after
     * it, so a reader that sees the value with {@link #getLongAcquire(int)} also sees them.
     *
     * @param offset the byte offset of the value, a multiple of 8
     * @param value the value
     * @throws IndexOutOfBoundsException if the 8 bytes do not fit in the segment
     * @throws IllegalArgumentException if {@code offset} is not a multiple of 8
     * @throws IllegalStateException if this handle is closed
     */
    public void putLongRelease(int offset, long value) {
        open().putLongRelease(offset, value);
    }

    /**
     * Atomically sets a {@code long} to {@code update} if it equals {@code expected}, across threads and
     * processes, with volatile semantics.
     *
     * @param offset the byte offset of the value, a multiple of 8
     * @param expected the value it must have
     * @param update the value to set
     * @return {@code true} if it was set
     * @throws IndexOutOfBoundsException if the 8 bytes do not fit in the segment
     * @throws IllegalArgumentException if {@code offset} is not a multiple of 8
     * @throws IllegalStateException if this handle is closed
     */
    public boolean compareAndSetLong(int offset, long expected, long update) {
        return open().compareAndSetLong(offset, expected, update);
    }

    /**
     * Atomically adds {@code delta} to a {@code long}, across threads and processes, with volatile semantics.
     *
     * @param offset the byte offset of the value, a multiple of 8
     * @param delta what to add
     * @return the value before the addition
     * @throws IndexOutOfBoundsException if the 8 bytes do not fit in the segment
     * @throws IllegalArgumentException if {@code offset} is not a multiple of 8
     * @throws IllegalStateException if this handle is closed
     */
    public long getAndAddLong(int offset, long delta) {
        return open().getAndAddLong(offset, delta);
    }

    // ---- doubles ---------------------------------------------------------------------------------------------

    /**
     * Reads a {@code double} (IEEE 754, native byte order, as Python's {@code struct} format {@code 'd'}), with no
     * ordering guarantee.
     *
     * @param offset the byte offset of the value, any alignment
     * @return the value
     * @throws IndexOutOfBoundsException if the 8 bytes do not fit in the segment
     * @throws IllegalStateException if this handle is closed
     */
    public double getDouble(int offset) {
        return Double.longBitsToDouble(open().getLong(offset));
    }

    /**
     * Writes a {@code double} (IEEE 754, native byte order), with no ordering guarantee. NaNs keep their bits.
     *
     * @param offset the byte offset of the value, any alignment
     * @param value the value
     * @throws IndexOutOfBoundsException if the 8 bytes do not fit in the segment
     * @throws IllegalStateException if this handle is closed
     */
    public void putDouble(int offset, double value) {
        open().putLong(offset, Double.doubleToRawLongBits(value));
    }

    /**
     * Reads a {@code double} with volatile semantics, atomically across threads and processes.
     *
     * @param offset the byte offset of the value, a multiple of 8
     * @return the value
     * @throws IndexOutOfBoundsException if the 8 bytes do not fit in the segment
     * @throws IllegalArgumentException if {@code offset} is not a multiple of 8
     * @throws IllegalStateException if this handle is closed
     */
    public double getDoubleVolatile(int offset) {
        return Double.longBitsToDouble(open().getLongVolatile(offset));
    }

    /**
     * Writes a {@code double} with volatile semantics, atomically across threads and processes.
     *
     * @param offset the byte offset of the value, a multiple of 8
     * @param value the value
     * @throws IndexOutOfBoundsException if the 8 bytes do not fit in the segment
     * @throws IllegalArgumentException if {@code offset} is not a multiple of 8
     * @throws IllegalStateException if this handle is closed
     */
    public void putDoubleVolatile(int offset, double value) {
        open().putLongVolatile(offset, Double.doubleToRawLongBits(value));
    }

    /**
     * Atomically sets a {@code double} to {@code update} if its bits equal those of {@code expected}, across threads
     * and processes, with volatile semantics. Bits are compared, not values, as
     * {@link java.lang.invoke.VarHandle#compareAndSet} does for doubles: {@code 0.0} does not match {@code -0.0}, and
     * a NaN matches a NaN of the same bits.
     *
     * @param offset the byte offset of the value, a multiple of 8
     * @param expected the value it must have
     * @param update the value to set
     * @return {@code true} if it was set
     * @throws IndexOutOfBoundsException if the 8 bytes do not fit in the segment
     * @throws IllegalArgumentException if {@code offset} is not a multiple of 8
     * @throws IllegalStateException if this handle is closed
     */
    public boolean compareAndSetDouble(int offset, double expected, double update) {
        return open().compareAndSetLong(offset, Double.doubleToRawLongBits(expected),
                Double.doubleToRawLongBits(update));
    }

    /**
     * Atomically adds {@code delta} to a {@code double}, across threads and processes, with volatile semantics (a
     * compare-and-set loop: there is no hardware add for doubles).
     *
     * @param offset the byte offset of the value, a multiple of 8
     * @param delta what to add
     * @return the value after the addition
     * @throws IndexOutOfBoundsException if the 8 bytes do not fit in the segment
     * @throws IllegalArgumentException if {@code offset} is not a multiple of 8
     * @throws IllegalStateException if this handle is closed
     */
    public double addAndGetDouble(int offset, double delta) {
        MappedSegment segment = open();
        while (true) {
            long bits = segment.getLongVolatile(offset);
            double sum = Double.longBitsToDouble(bits) + delta;
            if (segment.compareAndSetLong(offset, bits, Double.doubleToRawLongBits(sum))) {
                return sum;
            }
        }
    }

    // ---- views -----------------------------------------------------------------------------------------------

    /**
     * A little-endian view of the whole segment: position 0, limit and capacity {@link #size()}. Each call returns
     * a new view with its own position and limit; writes through it are writes to the segment. The view stays
     * usable after {@link #close()} (the mapping lives as long as any view of it), so do not hand it out beyond the
     * handle's life if that matters to you.
     *
     * @return a new little-endian view
     * @throws IllegalStateException if this handle is closed
     */
    public ByteBuffer buffer() {
        return open().view(ByteOrder.LITTLE_ENDIAN);
    }

    /** The mapping itself, for this package's own layouts. */
    MappedSegment segment() {
        return open();
    }

    // ---- lifetime --------------------------------------------------------------------------------------------

    @Override
    public SharedMemory keep() {
        keepFiles();
        return this;
    }

    /** Nothing to let go of: the mapping is the garbage collector's to free. */
    @Override
    void release(MappedSegment current) {
    }

    @Override
    public String toString() {
        return "SharedMemory('" + name + "', size=" + size + ")";
    }

    // ---- checks ----------------------------------------------------------------------------------------------

    private MappedSegment open() {
        return current();
    }

    // ---- serialization by name -------------------------------------------------------------------------------

    /**
     * Replaces this handle by its name in a serialized stream.
     *
     * @return the form that travels: the segment's name and directory, and whose files it accepts
     */
    private Object writeReplace() {
        return new SerializedByName(SerializedByName.Kind.SHARED_MEMORY, name, file.getParent(), owners);
    }

    /** Whose files this handle accepted when it attached: the same for a copy in a child JVM. */
    Owners owners() {
        return owners;
    }

    /**
     * Refuses a stream that holds a handle's fields rather than its name.
     *
     * @param in the stream
     * @throws InvalidObjectException always
     */
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a SharedMemory travels by name only");
    }
}
