package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.multiprocess4j.ipc.ProcessSlots;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A queue is attached only through a regular file of this user that no one else may write: its elements are
 * deserialized, and its process slots trusted. Each queue is closed in this JVM before it is tampered with, as handles
 * in one JVM share what the first of them opened.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SharedQueueTrustTest {

    @BeforeAll
    static void requirePosixSegments() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "no POSIX file attributes here, so no owner or mode to check");
    }

    @Test
    void aSymbolicLinkToAQueueIsNotFollowedEvenWhileTheQueueIsOpenHere() throws Exception {
        try (SharedQueue<String> queue = SharedQueue.create(4096)) {
            queue.put("only through its own name");
            Path link = SegmentFiles.defaultDirectory().resolve("mp4j_test_queue_link_" + ProcessHandle.current().pid());
            Files.createSymbolicLink(link, SegmentFiles.defaultDirectory().resolve(queue.name()));
            try {
                assertThatThrownBy(() -> SharedQueue.attach(link.getFileName().toString()))
                        .isInstanceOf(UntrustedSegmentException.class).hasMessageContaining("symbolic link");
            } finally {
                Files.delete(link);
            }
            assertThat(queue.getNowait()).isEqualTo("only through its own name");
        }
    }

    @Test
    void aQueueOthersMayWriteIsRefused() throws Exception {
        Path file = keptAndClosed();
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
            assertThatThrownBy(() -> SharedQueue.attach(file.getFileName().toString()))
                    .isInstanceOf(UntrustedSegmentException.class).hasMessageContaining(file.toString())
                    .hasMessageContaining("rw-rw-rw- (0666)");
        } finally {
            removeKept(file);
        }
    }

    @Test
    void aQueueOfAnotherUserIsRefused() throws Exception {
        Path file = keptAndClosed();
        try {
            assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)),
                    "not running as root: cannot give a file to another user");
            Files.setAttribute(file, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
            assertThatThrownBy(() -> SharedQueue.attach(file.getFileName().toString()))
                    .isInstanceOf(UntrustedSegmentException.class).hasMessageContaining("belongs to");
        } finally {
            removeKept(file);
        }
    }

    @Test
    void aQueueWhoseOwnersFileOthersMayWriteIsRefused() throws Exception {
        Path file = keptAndClosed();
        Path owners = ProcessSlots.ownersFile(file);
        try {
            Files.setPosixFilePermissions(owners, PosixFilePermissions.fromString("rw-rw-rw-"));
            assertThatThrownBy(() -> SharedQueue.attach(file.getFileName().toString()))
                    .isInstanceOf(UntrustedSegmentException.class).hasMessageContaining(owners.toString())
                    .hasMessageContaining("rw-rw-rw- (0666)");
        } finally {
            removeKept(file);
        }
    }

    /** Removes a kept queue's segment and owners file. */
    private static void removeKept(Path file) throws Exception {
        Files.deleteIfExists(ProcessSlots.ownersFile(file));
        Files.delete(file);
    }

    /** The file of a queue that is kept, and no longer open in this JVM. */
    private static Path keptAndClosed() {
        try (SharedQueue<String> queue = SharedQueue.create(4096)) {
            return SegmentFiles.defaultDirectory().resolve(queue.keep().name());
        }
    }
}
