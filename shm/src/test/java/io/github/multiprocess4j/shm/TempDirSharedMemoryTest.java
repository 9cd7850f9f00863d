package io.github.multiprocess4j.shm;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract in an ordinary directory, as on systems without {@code /dev/shm}. */
class TempDirSharedMemoryTest extends SharedMemoryContract {

    @TempDir
    Path directory;

    @Override
    Path directory() {
        return directory;
    }
}
