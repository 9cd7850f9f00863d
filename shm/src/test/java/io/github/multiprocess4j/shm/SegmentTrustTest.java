package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.multiprocess4j.ipc.ProcessSlots;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Which existing files the attaches accept: never a symbolic link or a file that is not a regular file; by default
 * only a file of this user that group and others cannot write; with {@code attachShared}, any user's file. Files a
 * refused attach was pointed at are left as they were.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SegmentTrustTest {

    /** The user that owns no file of this test's. */
    private static final int NOBODY = 65534;
    private static final byte[] CONTENT = {1, 2, 3, 4, 5, 6, 7, 8};

    @BeforeAll
    static void requirePosixSegments() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "no POSIX file attributes here, so no owner or mode to check");
    }

    private static String name(String what) {
        return "mp4j_test_trust_" + what + "_" + ProcessHandle.current().pid();
    }

    @Test
    void aSymbolicLinkAtASegmentsNameIsNeverFollowedAndItsTargetIsUntouched() throws Exception {
        try (SharedMemory target = SharedMemory.create(name("target"), CONTENT.length)) {
            target.put(0, CONTENT);
            Path link = target.file().resolveSibling(name("link"));
            Files.createSymbolicLink(link, target.file());
            try {
                String linkName = link.getFileName().toString();
                for (Attach attach : List.<Attach>of(SharedMemory::attach, SharedMemory::attachShared,
                        ShareableList::attach, ShareableList::attachShared, SharedObject::attach,
                        ProcessLock::attach)) {
                    assertThatThrownBy(() -> attach.attach(linkName)).isInstanceOf(UntrustedSegmentException.class)
                            .hasMessageContaining(link.toString()).hasMessageContaining("symbolic link")
                            .hasMessageContaining("to " + target.file()).hasMessageContaining("owner ")
                            .hasMessageContaining("mode ");
                }
                assertThatThrownBy(() -> SharedMemory.create(linkName, 64)).isInstanceOf(UncheckedIOException.class)
                        .hasCauseInstanceOf(FileAlreadyExistsException.class);

                byte[] after = new byte[CONTENT.length];
                target.get(0, after);
                assertThat(after).as("the link's target").containsExactly(CONTENT);
                assertThat(Files.size(target.file())).isEqualTo(CONTENT.length);
                assertThat(Files.isSymbolicLink(link)).isTrue();
            } finally {
                Files.delete(link);
            }
        }
    }

    @Test
    void aSegmentGroupOrOthersMayWriteIsRefusedUnlessAttachedShared() throws Exception {
        for (String mode : List.of("rw-rw-rw-", "rw-rw----", "rw-r---w-")) {
            try (SharedMemory segment = SharedMemory.create(name("mode"), CONTENT.length)) {
                segment.put(0, CONTENT);
                Files.setPosixFilePermissions(segment.file(), PosixFilePermissions.fromString(mode));

                assertThatThrownBy(() -> SharedMemory.attach(segment.name()))
                        .isInstanceOf(UntrustedSegmentException.class)
                        .hasMessageContaining(segment.file().toString()).hasMessageContaining("mode " + mode)
                        .hasMessageContaining("group or other users may write").hasMessageContaining("attachShared");
                try (SharedMemory shared = SharedMemory.attachShared(segment.name())) {
                    assertThat(shared.get(7)).isEqualTo(8);
                }
            }
        }
    }

    @Test
    void aListOthersMayWriteIsRefusedUnlessAttachedShared() throws Exception {
        try (ShareableList list = ShareableList.create("spam", 42L)) {
            Path file = SegmentFiles.defaultDirectory().resolve(list.name());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

            assertThatThrownBy(() -> ShareableList.attach(list.name())).isInstanceOf(UntrustedSegmentException.class)
                    .hasMessageContaining("(0666)");
            try (ShareableList shared = ShareableList.attachShared(list.name())) {
                assertThat(shared).containsExactly("spam", 42L);
            }
        }
    }

    @Test
    void aSegmentOfAnotherUserIsRefusedUnlessAttachedShared() throws Exception {
        assumeRoot();
        try (SharedMemory segment = SharedMemory.create(name("owner"), CONTENT.length)) {
            segment.put(0, CONTENT);
            Files.setAttribute(segment.file(), "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
            String owner = Files.getOwner(segment.file()).getName();

            assertThatThrownBy(() -> SharedMemory.attach(segment.name()))
                    .isInstanceOf(UntrustedSegmentException.class).hasMessageContaining(segment.file().toString())
                    .hasMessageContaining("owner " + owner).hasMessageContaining("mode rw------- (0600)")
                    .hasMessageContaining("belongs to " + owner);
            assertThatThrownBy(() -> ShareableList.attach(segment.name()))
                    .isInstanceOf(UntrustedSegmentException.class);
            try (SharedMemory shared = SharedMemory.attachShared(segment.name())) {
                assertThat(shared.get(0)).isEqualTo(1);
            }
        }
    }

    /** Checked with nothing of the object open in this JVM, which would share what it opened before. */
    @Test
    void theStructuresThatDeserializeOrLockHaveNoOptIn() throws Exception {
        assumeRoot();
        String name = name("object");
        Path segment = SegmentFiles.defaultDirectory().resolve(name);
        Path lock = segment.resolveSibling(name + SharedObject.LOCK_SUFFIX);
        Path owners = ProcessSlots.ownersFile(lock);
        SharedObject.create(name, 256, "value").keep().close();
        try {
            Files.setAttribute(segment, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
            assertThatThrownBy(() -> SharedObject.attach(name)).isInstanceOf(UntrustedSegmentException.class)
                    .hasMessageContaining(segment.toString()).hasMessageContaining("belongs to");
            Files.setAttribute(segment, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);

            Files.setPosixFilePermissions(owners, PosixFilePermissions.fromString("rw-rw-rw-"));
            assertThatThrownBy(() -> SharedObject.attach(name)).isInstanceOf(UntrustedSegmentException.class)
                    .hasMessageContaining(owners.toString());
            assertThatThrownBy(() -> ProcessLock.attach(name + SharedObject.LOCK_SUFFIX))
                    .isInstanceOf(UntrustedSegmentException.class).hasMessageContaining(owners.toString());
        } finally {
            for (Path file : List.of(segment, lock, owners)) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Test
    void aFileThatIsNotARegularFileIsRefusedEvenShared() throws Exception {
        Path directory = Files.createDirectory(SegmentFiles.defaultDirectory().resolve(name("directory")));
        try {
            String directoryName = directory.getFileName().toString();
            assertThatThrownBy(() -> SharedMemory.attachShared(directoryName))
                    .isInstanceOf(UntrustedSegmentException.class).hasMessageContaining("not a regular file");
        } finally {
            Files.delete(directory);
        }
    }

    @Test
    void aHandleAttachedSharedTravelsAsSuchAndAStrictOneStaysStrict() throws Exception {
        try (SharedMemory segment = SharedMemory.create(name("travel"), CONTENT.length)) {
            Files.setPosixFilePermissions(segment.file(), PosixFilePermissions.fromString("rw-rw-rw-"));
            try (SharedMemory shared = SharedMemory.attachShared(segment.name());
                    SharedMemory copy = (SharedMemory) roundTrip(shared)) {
                copy.put(1, 9);
                assertThat(segment.get(1)).isEqualTo(9);
            }
            Files.setPosixFilePermissions(segment.file(), PosixFilePermissions.fromString("rw-------"));
            byte[] strict = serialize(segment);
            Files.setPosixFilePermissions(segment.file(), PosixFilePermissions.fromString("rw-rw-rw-"));
            assertThatThrownBy(() -> deserialize(strict)).isInstanceOf(UntrustedSegmentException.class);
        }
    }

    /** An attach or open by name. */
    @FunctionalInterface
    private interface Attach {
        AutoCloseable attach(String name) throws Exception;
    }

    private static void assumeRoot() throws Exception {
        Path probe = Files.createTempFile("mp4j-test-uid", ".probe");
        try {
            assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(probe, "unix:uid")),
                    "not running as root: cannot give a file to another user");
        } finally {
            Files.delete(probe);
        }
    }

    private static Object roundTrip(Object handle) throws Exception {
        return deserialize(serialize(handle));
    }

    private static byte[] serialize(Object handle) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(handle);
        }
        return bytes.toByteArray();
    }

    private static Object deserialize(byte[] bytes) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }
}
