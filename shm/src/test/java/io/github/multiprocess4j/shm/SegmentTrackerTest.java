package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import io.github.multiprocess4j.core.testing.Eventually;
import io.github.multiprocess4j.core.testing.LeakCheckExtension;
import io.github.multiprocess4j.ipc.ProcessSlots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a JVM killed with SIGKILL leaves in {@code /dev/shm}: only what it kept. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SegmentTrackerTest {

    private static final Path DEV_SHM = Paths.get("/dev/shm");
    private static final Duration GONE_WITHIN = Duration.ofSeconds(5);

    @BeforeAll
    static void requireDevShm() {
        assumeTrue(Files.isDirectory(DEV_SHM), "no /dev/shm on this system");
    }

    @Test
    void aJvmKilledWithSigkillLeavesOnlyWhatItKept() throws Exception {
        try (SharedObject<List<String>> mailbox = SharedObject.create(1 << 16, new ArrayList<>())) {
            Worker<Object> creator = Launch.process(() -> createAndHang(mailbox));
            List<String> created = awaitMail(mailbox, creator);
            String kept = created.remove(0);
            long trackerPid = Long.parseLong(created.remove(0));
            assertThat(created).allMatch(name -> Files.exists(DEV_SHM.resolve(name)));

            creator.kill();
            creator.join();

            assertThat(Eventually.within(GONE_WITHIN, () -> created.stream().noneMatch(name -> Files.exists(DEV_SHM.resolve(name)))))
                    .as("every file it created and did not keep is unlinked: %s", created).isTrue();
            assertThat(Eventually.within(GONE_WITHIN, () -> ProcessHandle.of(trackerPid).map(p -> !p.isAlive()).orElse(true)))
                    .as("its tracker does not outlive it").isTrue();
            assertThat(DEV_SHM.resolve(kept)).as("what it kept stays").exists();
            Files.delete(DEV_SHM.resolve(kept));
        }
    }

    @Test
    void aNameUnlinkedAndCreatedAgainByAnotherProcessIsLeftAlone() throws Exception {
        try (SharedObject<List<String>> mailbox = SharedObject.create(1 << 16, new ArrayList<>())) {
            Worker<Object> creator = Launch.process(() -> createOneAndHang(mailbox));
            String name = awaitMail(mailbox, creator).get(0);
            try (SharedMemory theirs = SharedMemory.attach(name)) {
                theirs.unlink();
            }
            try (SharedMemory mine = SharedMemory.create(name, 64)) {
                creator.kill();
                creator.join();
                Thread.sleep(500);

                assertThat(DEV_SHM.resolve(name)).as("the new segment of the same name").exists();
            }
        }
    }

    @Test
    void thisJvmsTrackerIsKnownToTheLeakCheck() {
        try (SharedMemory sm = SharedMemory.create(8)) {
            long pid = CreatedSegments.trackerPid().orElseThrow();
            ProcessHandle tracker = ProcessHandle.of(pid).orElseThrow();

            assertThat(LeakCheckExtension.isThisJvmsSegmentTracker(tracker)).isTrue();
            assertThat(tracker.info().commandLine().orElse("")).contains(SegmentTracker.MARKER);
        }
    }

    @Test
    void pathsTravelAsOneWordOfSafeCharacters() {
        assertThat(SegmentTracker.escape(Paths.get("/dev/shm/psm_0a1b-2.c"))).isEqualTo("/dev/shm/psm_0a1b-2.c");
        assertThat(SegmentTracker.escape(Paths.get("/dev/shm/a b'%\\\n\u00e9")))
                .isEqualTo("/dev/shm/a\\040b\\047\\045\\134\\012\\303\\251");
    }

    /**
     * Creates one of each kind of thing, keeps one segment, and mails the kept segment's name, its tracker's pid
     * and every file it did not keep, then hangs until killed. One name is as awkward as names get.
     */
    private static Object createAndHang(SharedObject<List<String>> mailbox) throws InterruptedException {
        List<String> mail = new ArrayList<>();
        SharedMemory kept = SharedMemory.create(16).keep();
        mail.add(kept.name());
        SharedMemory plain = SharedMemory.create(16);
        mail.add(Long.toString(CreatedSegments.trackerPid().orElseThrow()));
        mail.add(plain.name());
        SharedMemory awkward = SharedMemory.create("mp4j test 'quoted' %s \n \u00e9 " + plain.name(), 16);
        mail.add(awkward.name());
        ProcessLock lock = ProcessLock.create();
        lock.lock();
        mail.add(lock.name());
        mail.add(lock.name() + ProcessSlots.OWNERS_SUFFIX);
        SharedObject<String> object = SharedObject.create(1024, "value");
        mail.add(object.name());
        mail.add(object.name() + SharedObject.LOCK_SUFFIX);
        mail.add(object.name() + SharedObject.LOCK_SUFFIX + ProcessSlots.OWNERS_SUFFIX);
        ShareableList list = ShareableList.create("spam", 1L);
        mail.add(list.name());
        SharedMemory unlinked = SharedMemory.create(16);
        unlinked.unlink();
        mailbox.write(mail);
        Thread.sleep(Long.MAX_VALUE);
        return null;
    }

    private static Object createOneAndHang(SharedObject<List<String>> mailbox) throws InterruptedException {
        SharedMemory segment = SharedMemory.create(16);
        mailbox.write(new ArrayList<>(List.of(segment.name())));
        Thread.sleep(Long.MAX_VALUE);
        return null;
    }

    private static List<String> awaitMail(SharedObject<List<String>> mailbox, Worker<?> sender)
            throws InterruptedException {
        while (mailbox.read().isEmpty()) {
            if (!sender.isAlive()) {
                throw new AssertionError("the child ended before it mailed anything: " + sender.result());
            }
            Thread.sleep(10);
        }
        return new ArrayList<>(mailbox.read());
    }
}
