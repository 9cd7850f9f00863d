package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.multiprocess4j.core.Launch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract in {@code /dev/shm}, where Python looks, plus what needs other processes. */
class DevShmSharedMemoryTest extends SharedMemoryContract {

    private static final Path DEV_SHM = Paths.get("/dev/shm");

    @BeforeAll
    static void requireDevShm() {
        assumeTrue(Files.isDirectory(DEV_SHM), "no /dev/shm on this system");
    }

    @Override
    Path directory() {
        return DEV_SHM;
    }

    @Test
    void theDefaultDirectoryIsDevShm() {
        assertThat(SegmentFiles.defaultDirectory()).isEqualTo(DEV_SHM);
    }

    @Test
    void generatedNamesLookLikePythonsAndFilesAreOwnerOnly() throws Exception {
        try (SharedMemory sm = SharedMemory.create(100)) {
            assertThat(sm.name()).matches("psm_[0-9a-f]{8}");
            assertThat(sm.toString()).isEqualTo("SharedMemory('" + sm.name() + "', size=100)");
            Path file = DEV_SHM.resolve(sm.name());
            assertThat(Files.size(file)).isEqualTo(100);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void aSerializedHandleAttachesToTheSameSegment() throws Exception {
        try (SharedMemory sm = SharedMemory.create(16)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(sm);
            }
            assertThat(bytes.size()).as("only a name travels").isLessThan(400);
            SharedMemory copy;
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                copy = (SharedMemory) in.readObject();
            }
            copy.put(2, 99);
            copy.close();

            assertThat(copy).isNotSameAs(sm);
            assertThat(sm.get(2)).isEqualTo(99);
            assertThat(Files.exists(sm.file())).as("closing a copy does not unlink").isTrue();
        }
    }

    @Test
    void tenChildJvmsEachSetTheirByteAndTheParentReadsAll() throws Exception {
        try (SharedMemory sm = SharedMemory.create(1024)) {
            List<Integer> written = Launch.processes(10, i -> ShmChildTasks.setRandom(sm, i));

            for (int i = 0; i < 10; i++) {
                assertThat(sm.get(i)).as("buf[%d]", i).isEqualTo(written.get(i));
            }
        }
    }

    @Test
    void getAndAddIsAtomicAcrossProcesses() throws Exception {
        try (SharedMemory sm = SharedMemory.create(64)) {
            Launch.processes(2, i -> ShmChildTasks.addMany(sm, 8, 200_000));

            assertThat(sm.getLongVolatile(8)).isEqualTo(400_000);
        }
    }

    @Test
    void theExitHookUnlinksWhatAJvmCreatedUnlessItWasKept() throws Exception {
        List<String> names = Launch.processes(2, i -> ShmChildTasks.createAndExit(i == 1));

        assertThat(DEV_SHM.resolve(names.get(0))).doesNotExist();
        assertThat(DEV_SHM.resolve(names.get(1))).exists();
        try (SharedMemory kept = SharedMemory.attach(names.get(1))) {
            assertThat(kept.get(0)).isEqualTo(1);
            kept.unlink();
        }
    }
}
