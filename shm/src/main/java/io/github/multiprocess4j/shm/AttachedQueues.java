package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.shm.internal.SegmentDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link QueueState} of each shared queue this JVM uses, so that all handles on one queue share one mapping, one
 * process slot and one set of waiting rooms. A state is counted by the handles open on it and closed with the last.
 * A queue is known by its file's key (device and inode), so a queue unlinked and created again under the same name
 * is a new queue.
 *
 * <p>A file is known by itself, never through a symbolic link: a link planted at a queue's name is not taken for
 * the queue it points to, and attaching through it fails as {@link SharedMemory#attach(String)} does.
 *
 * <p>Sharing is not only thrift: this JVM's slot is a file lock on the queue's file, and closing any channel of that
 * file would drop it, which is what attaching a second time would do. So an attach looks here first, and maps the
 * segment only when this JVM does not use the queue yet.
 */
final class AttachedQueues {

    private static final Map<Object, QueueState> STATES = new HashMap<>();

    private AttachedQueues() {
    }

    /** Creates a queue in a new segment ({@code name} {@code null} for a fresh random one) and opens it here. */
    static synchronized QueueState create(String name, RingLayout layout) {
        SharedMemory memory = name == null ? SharedMemory.create((int) layout.segmentSize())
                : SharedMemory.create(name, (int) layout.segmentSize());
        try {
            layout.initialize(new MappedRingMemory(memory.buffer()));
            QueueState state = register(memory, layout);
            state.references++;
            return state;
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
    }

    /** Opens (or shares) this JVM's state of the queue {@code name}. */
    static synchronized QueueState attach(String name) {
        Object key = existingKey(name);
        QueueState state = key == null ? null : STATES.get(key);
        if (state == null) {
            SharedMemory memory = SharedMemory.attach(name);
            try {
                state = register(memory, RingLayout.read(memory));
            } catch (RuntimeException e) {
                memory.close();
                throw e;
            }
        }
        state.references++;
        return state;
    }

    /** Lets go of one handle's reference; the last one closes the state. */
    static synchronized void release(QueueState state) {
        if (--state.references == 0) {
            STATES.remove(state.fileKey);
            state.close();
        }
    }

    private static QueueState register(SharedMemory memory, RingLayout layout) {
        Path file = fileOf(memory.name());
        Object key = fileKey(file);
        ProcessSlots slots = ProcessSlots.take(file, memory, layout.slotCount);
        try {
            ByteBuffer mapping = memory.buffer();
            Ring ring = new Ring(memory.name(), new MappedRingMemory(mapping), layout, slots);
            QueueState state = new QueueState(memory.name(), ring, memory, slots, key);
            STATES.put(key, state);
            return state;
        } catch (RuntimeException e) {
            slots.close();
            throw e;
        }
    }

    private static Path fileOf(String name) {
        return SegmentDirectory.get().resolve(name);
    }

    /** The key of the file a queue of this name would live in, or {@code null} if there is none (yet). */
    private static Object existingKey(String name) {
        Path file;
        try {
            file = fileOf(name);
        } catch (InvalidPathException e) {
            return null; // such as a NUL in it: SharedMemory.attach says what is wrong with the name
        }
        if (!name.equals(file.getFileName().toString())) {
            return null; // not a plain file name: SharedMemory.attach says what is wrong with it
        }
        try {
            return fileKey(file);
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    private static Object fileKey(Path file) {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return key != null ? key : file.toAbsolutePath();
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no file " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the attributes of " + file + ": " + e, e);
        }
    }
}
