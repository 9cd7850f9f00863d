package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.multiprocess4j.ipc.ProcessSlots;
import io.github.multiprocess4j.ipc.SegmentNames;
import io.github.multiprocess4j.ipc.TrustedFiles.Owners;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names are limited in UTF-8 bytes, with the suffixes of every file a structure adds, and refused before any file is
 * made; clean-up removes every file of a structure even when one of them cannot be removed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SegmentNamesTest {

    /** 200 characters, 400 bytes in UTF-8: too long for any structure. */
    private static final String TWO_BYTE_NAME = "é".repeat(200);

    @TempDir
    Path directory;

    /** A creation by name in {@link #directory}. */
    @FunctionalInterface
    private interface Create {
        AutoCloseable create(String name);
    }

    @Test
    void twoHundredTwoByteCharactersAreRefusedBeforeAnyFileIsMade() throws Exception {
        for (Create create : creations()) {
            assertThatThrownBy(() -> create.create(TWO_BYTE_NAME)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("name '" + TWO_BYTE_NAME + "'")
                    .hasMessageContaining("takes 400 bytes in UTF-8");
        }
        assertThat(files()).as("files made").isEmpty();
        assertThatThrownBy(() -> SharedMemory.create(TWO_BYTE_NAME, 16)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("takes 400 bytes");
        for (String attachable : List.of("SharedMemory", "ShareableList", "SharedObject", "ProcessLock")) {
            assertThatThrownBy(() -> attach(attachable, TWO_BYTE_NAME)).as(attachable)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes 400 bytes");
        }
    }

    @Test
    void eachStructureTakesNamesUpToTheLimitOfItsLongestFileName() throws Exception {
        assertLimit(name -> SharedMemory.create(directory, name, 16), 200);
        assertLimit(name -> ShareableList.create(directory, name, List.of(1L)), 200);
        assertLimit(name -> ProcessLock.create(directory, name), 200 - ".owners".length());
        assertLimit(name -> SharedObject.create(directory, name, 128, "x"), 200 - ".lock.owners".length());

        assertThat(files()).as("files left").isEmpty();
    }

    /**
     * A name of {@code maxBytes} bytes, mostly two-byte characters, is accepted and makes no file name longer than
     * 200 bytes; one byte more is refused and makes no file at all.
     */
    private void assertLimit(Create create, int maxBytes) throws Exception {
        String longest = "é".repeat(maxBytes / 2) + "x".repeat(maxBytes % 2);
        try (AutoCloseable created = create.create(longest)) {
            assertThat(files()).isNotEmpty()
                    .allMatch(file -> file.getBytes(StandardCharsets.UTF_8).length <= SegmentNames.MAX_NAME_BYTES);
        }
        assertThatThrownBy(() -> create.create(longest + "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most " + maxBytes + " are allowed");
        assertThat(files()).as("files left").isEmpty();
    }

    @Test
    void unlinkingALockRemovesItsSegmentEvenIfItsOwnersFileCannotBeRemoved() throws Exception {
        ProcessLock lock = ProcessLock.create(directory, "mp4j_test_stuck_lock");
        Path segment = directory.resolve(lock.name());
        Path owners = ProcessSlots.ownersFile(segment);
        makeUnremovable(owners);

        assertThatThrownBy(lock::unlink).isInstanceOf(UncheckedIOException.class)
                .hasRootCauseInstanceOf(DirectoryNotEmptyException.class).hasMessageContaining(owners.toString());
        assertThat(segment).doesNotExist();
        lock.close();
        removeDirectory(owners);
    }

    @Test
    void unlinkingASharedObjectRemovesItsLockEvenIfItsSegmentCannotBeRemoved() throws Exception {
        SharedObject<String> object = SharedObject.create(directory, "mp4j_test_stuck_object", 128, "x");
        Path segment = directory.resolve(object.name());
        Path lock = directory.resolve(object.name() + SharedObject.LOCK_SUFFIX);
        makeUnremovable(segment);

        assertThatThrownBy(object::unlink).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(segment.toString());
        assertThat(lock).doesNotExist();
        assertThat(ProcessSlots.ownersFile(lock)).doesNotExist();
        object.close();
        removeDirectory(segment);
    }

    @Test
    void closingACreatedSharedObjectRemovesItsSegmentEvenIfItsLockCannotBeRemoved() throws Exception {
        SharedObject<String> object = SharedObject.create(directory, "mp4j_test_stuck_lock_of_object", 128, "x");
        Path segment = directory.resolve(object.name());
        Path owners = ProcessSlots.ownersFile(directory.resolve(object.name() + SharedObject.LOCK_SUFFIX));
        makeUnremovable(owners);

        assertThatThrownBy(object::close).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(owners.toString());
        assertThat(segment).doesNotExist();
        assertThatThrownBy(object::read).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        removeDirectory(owners);
    }

    private List<Create> creations() {
        return List.of(name -> SharedMemory.create(directory, name, 16),
                name -> ShareableList.create(directory, name, List.of(1L)),
                name -> ProcessLock.create(directory, name),
                name -> SharedObject.create(directory, name, 128, "x"));
    }

    private AutoCloseable attach(String kind, String name) {
        switch (kind) {
            case "SharedMemory":
                return SharedMemory.attach(directory, name);
            case "ShareableList":
                return ShareableList.attach(directory, name, Owners.THIS_USER);
            case "SharedObject":
                return SharedObject.attach(directory, name);
            default:
                return ProcessLock.attach(directory, name);
        }
    }

    /** Replaces a file by a directory that holds a file: deleting it fails. */
    private static void makeUnremovable(Path file) throws IOException {
        Files.delete(file);
        Files.createFile(Files.createDirectory(file).resolve("in-the-way"));
    }

    private static void removeDirectory(Path directory) throws IOException {
        Files.delete(directory.resolve("in-the-way"));
        Files.delete(directory);
    }

    private Set<String> files() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
