package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.ipc.SegmentDirectory;
import io.github.multiprocess4j.shm.ProcessLock;
import io.github.multiprocess4j.shm.ShareableList;
import io.github.multiprocess4j.shm.SharedMemory;
import io.github.multiprocess4j.shm.SharedObject;
import io.github.multiprocess4j.shm.SharedQueue;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A segment of 3 GiB, more than a handle can map, made by some other program: every way of attaching to it by
 * name refuses it, naming its size, instead of failing deep inside the mapping. The file is sparse: it takes no
 * memory.
 */
final class OversizeSegmentBadCalls implements BadCallCatalog {

    private static final long SIZE = 3L << 30;
    private static final String NAME = "psm_badinput_3gib_" + ProcessHandle.current().pid();
    private static final String REFUSAL = "has " + SIZE + " bytes; at most " + Integer.MAX_VALUE + " can be mapped";

    private final Fixture<Path> segment = Fixture.of(OversizeSegmentBadCalls::createSparse, Files::deleteIfExists);

    @Override
    public List<BadCall> calls() {
        return List.of(
                attach("SharedMemory.attach(String)", () -> SharedMemory.attach(name())),
                attach("ProcessLock.attach(String)", () -> ProcessLock.attach(name())),
                attach("SharedObject.attach(String)", () -> SharedObject.attach(name())),
                attach("ShareableList.attach(String)", () -> ShareableList.attach(name())),
                attach("SharedQueue.attach(String)", () -> SharedQueue.attach(name())));
    }

    private static BadCall attach(String entryPoint, BadCall.VoidCall call) {
        return BadCall.of(entryPoint, "a segment of 3 GiB", call).refused(IllegalStateException.class, REFUSAL);
    }

    /** The segment's name, once its file is there. */
    private String name() {
        return segment.value().getFileName().toString();
    }

    private static Path createSparse() throws Exception {
        Path file = SegmentDirectory.get().resolve(NAME);
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(SIZE);
        }
        return file;
    }

    @Override
    public void close() throws Exception {
        segment.close();
    }
}
