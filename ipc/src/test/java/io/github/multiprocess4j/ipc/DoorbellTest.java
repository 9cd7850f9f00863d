package io.github.multiprocess4j.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The doorbell: waking a JVM's sleeping pollers, its sleeper table, its files and how it fails. */
@Timeout(60)
class DoorbellTest {

    private static final int COUNT = 0;
    /** The wake sequence follows the count; the table comes after it. */
    private static final int TABLE = 16;
    private static final int SLOTS = 4;

    @TempDir
    Path temp;

    private MappedSegment segment(String name) throws IOException {
        try (FileChannel channel = FileChannel.open(temp.resolve(name), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return MappedSegment.map(channel, TABLE + SleeperTable.tableSize(SLOTS), name);
        }
    }

    @Test
    void aSleepingPollerIsMarkedInTheTableAndARingOfItsDoorbellWakesIt() throws Exception {
        MappedSegment segment = segment("woken");
        SleeperTable table = new SleeperTable(segment, COUNT, TABLE, SLOTS, 2);
        WaitingRoom room = new WaitingRoom(table);
        AtomicBoolean changed = new AtomicBoolean();
        CompletableFuture<String> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return room.await(probe -> changed.get() ? "woke" : null, Timeouts.FOREVER, true);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (segment.getLongVolatile(COUNT) == 0) {
            Thread.sleep(1);
        }
        long id = Doorbell.id();
        assertThat(id).as("this JVM has a doorbell").isNotZero();
        assertThat(segment.getLongVolatile(TABLE + 8 * 2)).as("slot 2's entry names this JVM's doorbell")
                .isEqualTo(entry(table, id));
        assertThat(Files.exists(Doorbell.socketOf(id))).as("the doorbell's socket file").isTrue();

        changed.set(true);
        assertThat(Doorbell.ring(id)).isTrue();
        assertThat(waiter.get(30, TimeUnit.SECONDS)).isEqualTo("woke");
        assertThat(segment.getLongVolatile(COUNT)).as("the mark is gone when the wait ends").isZero();
        assertThat(segment.getLongVolatile(TABLE + 8 * 2)).isZero();
    }

    @Test
    void aWakerClearsTheMarkOfAProcessWhoseDoorbellIsGoneAndRingsNoOneWhenNobodySleeps() throws Exception {
        MappedSegment segment = segment("stale");
        SleeperTable table = new SleeperTable(segment, COUNT, TABLE, SLOTS, 0);
        table.ring(); // nobody sleeps: nothing to do
        int sequence = segment.getIntVolatile(COUNT + 8);

        ringOneDeadMark(segment, table, 3, (long) Integer.MAX_VALUE << 32 | 12345); // no process has that id

        assertThat(segment.getIntVolatile(COUNT + 8)).as("no futex sleeper: the wake sequence stays")
                .isEqualTo(sequence);
    }

    @Test
    void aWakerClearsTheMarkOfADeadFutexSleeperWhetherItCanUseFutexesOrNot() throws Exception {
        // with futexes: its wake finds nobody asleep, so it rings the doorbell, which fails; without: it rings at once
        MappedSegment segment = segment("deadFutex");
        SleeperTable table = new SleeperTable(segment, COUNT, TABLE, SLOTS, 0);
        int sequence = segment.getIntVolatile(COUNT + 8);

        ringOneDeadMark(segment, table, 2, ((long) Integer.MAX_VALUE << 32 | 4242) | SleeperTable.FUTEX_SLEEPER);

        assertThat(segment.getIntVolatile(COUNT + 8)).as("the wake sequence is raised").isEqualTo(sequence + 1);
    }

    /** Marks {@code slot} with the entry of a process that does not exist, rings, and checks the mark is gone. */
    private static void ringOneDeadMark(MappedSegment segment, SleeperTable table, int slot, long entry) {
        segment.putLongVolatile(TABLE + 8 * slot, entry);
        segment.putLongVolatile(COUNT, 1);

        table.ring();

        assertThat(segment.getLongVolatile(TABLE + 8 * slot)).as("the dead sleeper's mark").isZero();
        assertThat(segment.getLongVolatile(COUNT)).isZero();
    }

    @Test
    void aWakerLeavesAFutexMarkOfItsOwnJvmToTheLocalWake() throws Exception {
        MappedSegment segment = segment("ownFutex");
        SleeperTable table = new SleeperTable(segment, COUNT, TABLE, SLOTS, 0);
        long own = Doorbell.id() | SleeperTable.FUTEX_SLEEPER;
        segment.putLongVolatile(TABLE + 8, own);
        segment.putLongVolatile(COUNT, 1);
        int sequence = segment.getIntVolatile(COUNT + 8);

        table.ring();

        assertThat(segment.getLongVolatile(TABLE + 8)).as("a live mark stays").isEqualTo(own);
        assertThat(segment.getLongVolatile(COUNT)).isEqualTo(1);
        assertThat(segment.getIntVolatile(COUNT + 8)).as("no futex wake: the local wake that comes with each change"
                + " wakes this JVM's sleepers").isEqualTo(sequence);
    }

    @Test
    void aBackgroundListenerTakesRingsUntilItsDoorbellCloses() throws Exception {
        Path directory = Files.createDirectory(temp.resolve("background"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        DoorbellListener listener = DoorbellListener.start(directory.resolve("1-1"));
        try {
            listener.listenInBackground();
            listener.listenInBackground(); // once only
            Thread thread = listener.background();
            assertThat(thread.isDaemon()).as("keeps no JVM alive").isTrue();
            try (SocketChannel bell = SocketChannel.open(UnixDomainSocketAddress.of(listener.socket()))) {
                for (int ring = 0; ring < 3; ring++) {
                    bell.write(ByteBuffer.wrap(new byte[] {1}));
                    Thread.sleep(10);
                }
            }
            assertThat(thread.isAlive()).as("still listening after rings and a closed connection").isTrue();
            listener.close();
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(thread.isAlive()).as("stopped when the doorbell closed").isFalse();
            listener.listenInBackground();
            assertThat(listener.background()).as("not started again once closed").isSameAs(thread);
        } finally {
            listener.close();
        }
    }

    @Test
    void aProcessTakingASlotOverwritesTheMarkADeadProcessLeftWithoutCountingItTwice() throws Exception {
        MappedSegment segment = segment("reused");
        long dead = (long) Integer.MAX_VALUE << 32 | 777;
        segment.putLongVolatile(TABLE + 8, dead);
        segment.putLongVolatile(COUNT, 1);
        SleeperTable table = new SleeperTable(segment, COUNT, TABLE, SLOTS, 1);
        long id = Doorbell.id();

        table.mark(id);
        assertThat(segment.getLongVolatile(TABLE + 8)).isEqualTo(entry(table, id));
        assertThat(segment.getLongVolatile(COUNT)).isEqualTo(1);
        table.unmark();
        assertThat(segment.getLongVolatile(TABLE + 8)).isZero();
        assertThat(segment.getLongVolatile(COUNT)).isZero();
    }

    /** The entry this JVM writes for doorbell {@code id}: tagged if its waiters sleep on futexes. */
    private static long entry(SleeperTable table, long id) {
        assertThat(table.futexSleeps()).as("futexes are used exactly where available").isEqualTo(Futex.available());
        return table.futexSleeps() ? id | SleeperTable.FUTEX_SLEEPER : id;
    }

    @Test
    void aJvmWithADoorbellExitsOnItsOwnAndDeletesItsSocketFile() throws Exception {
        Path directory = Files.createDirectory(temp.resolve("bells"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path stale = Files.createFile(directory.resolve("999999999-1")); // no such process: deleted as stale

        Child child = Child.run(directory);

        assertThat(child.out).contains("exists=true").doesNotContain("id=0");
        assertThat(child.err).isEmpty();
        String socket = child.out.lines().filter(line -> line.startsWith("socket=")).findFirst().orElseThrow()
                .substring("socket=".length());
        assertThat(Path.of(socket)).as("deleted when the JVM exits").doesNotExist();
        assertThat(stale).as("a dead process's doorbell").doesNotExist();
    }

    @Test
    void aDoorbellDirectoryOthersMayEnterIsRefusedWithOneLineAndTheJvmPolls() throws Exception {
        Path open = Files.createDirectory(temp.resolve("open"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));

        Child child = Child.run(open);

        assertThat(child.out).contains("id=0");
        assertThat(child.err.lines()).hasSize(1).first().asString().contains("no doorbell")
                .contains("group or other users have access");
    }

    @Test
    void aDoorbellDirectoryThatIsASymbolicLinkIsRefusedWithOneLine() throws Exception {
        Path real = Files.createDirectory(temp.resolve("real"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(temp.resolve("link"), real);

        Child child = Child.run(link);

        assertThat(child.out).contains("id=0");
        assertThat(child.err.lines()).hasSize(1).first().asString().contains("no doorbell")
                .contains("symbolic link");
        assertThat(real).isEmptyDirectory();
    }

    @Test
    void aDoorbellDirectoryOfAnotherUserIsRefusedWithOneLine() throws Exception {
        Path theirs = Files.createDirectory(temp.resolve("theirs"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Files.setOwner(theirs, theirs.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName("nobody"));
        } catch (IOException e) {
            Assumptions.abort("only a privileged user can give a directory to another user: " + e);
        }

        Child child = Child.run(theirs);

        assertThat(child.out).contains("id=0");
        assertThat(child.err.lines()).hasSize(1).first().asString().contains("no doorbell").contains("belongs to");
    }

    /** A {@link DoorbellChild} JVM run to its end. */
    private static final class Child {
        final String out;
        final String err;

        private Child(String out, String err) {
            this.out = out;
            this.err = err;
        }

        static Child run(Path directory) throws Exception {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"),
                    "-D" + DoorbellDirectory.PROPERTY + "=" + directory, DoorbellChild.class.getName()));
            Process process = new ProcessBuilder(command).start();
            try {
                CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
                String out = read(process.getInputStream());
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the child JVM exits on its own").isTrue();
                assertThat(process.exitValue()).isZero();
                return new Child(out, err.get(30, TimeUnit.SECONDS));
            } finally {
                process.destroyForcibly();
            }
        }

        private static String read(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
