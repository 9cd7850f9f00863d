package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.shm.ProcessLock;
import io.github.multiprocess4j.shm.ShareableList;
import io.github.multiprocess4j.shm.SharedMemory;
import io.github.multiprocess4j.shm.SharedObject;
import io.github.multiprocess4j.shm.SharedQueue;
import io.github.multiprocess4j.shm.UntrustedSegmentException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Every attach by name, at a name where another local user could have put something: a symbolic link (to a list of
 * this user's, which must stay as it was), a segment that others may write (mode 0666), and, when the tests run as
 * root, a segment of another user. Each is refused with an {@link UntrustedSegmentException}, except the last two by
 * {@code attachShared}, which accepts them on purpose (and still refuses the link).
 */
final class UntrustedFileBadCalls implements BadCallCatalog {

    private static final Path DIRECTORY = Paths.get("/dev/shm");
    /** The user that owns no file of the tests'. */
    private static final int NOBODY = 65534;
    private static final List<Object> ITEMS = List.of("planted", 1L);

    /** A list of this user's, and a symbolic link to it. */
    private final Fixture<ShareableList> linked = Fixture.of(() -> {
        ShareableList target = ShareableList.create(ITEMS);
        Files.createSymbolicLink(DIRECTORY.resolve(linkName()), DIRECTORY.resolve(target.name()));
        return target;
    }, target -> {
        try (target) {
            Files.deleteIfExists(DIRECTORY.resolve(linkName()));
        }
    });
    /** A list whose segment others may write. */
    private final Fixture<ShareableList> writable = Fixture.closing(() -> {
        ShareableList list = ShareableList.create(ITEMS);
        Files.setPosixFilePermissions(DIRECTORY.resolve(list.name()), PosixFilePermissions.fromString("rw-rw-rw-"));
        return list;
    });
    /** A list whose segment belongs to another user. */
    private final Fixture<ShareableList> foreign = Fixture.closing(() -> {
        ShareableList list = ShareableList.create(ITEMS);
        Files.setAttribute(DIRECTORY.resolve(list.name()), "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
        return list;
    });

    /** An attach by name. */
    @FunctionalInterface
    private interface Attach {
        AutoCloseable attach(String name) throws Exception;
    }

    @Override
    public List<BadCall> calls() {
        List<BadCall> calls = new ArrayList<>();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!posix || !Files.isDirectory(DIRECTORY)) {
            return calls; // no owner or mode to check
        }
        strict(calls, "SharedMemory.attach(String)", SharedMemory::attach);
        strict(calls, "ShareableList.attach(String)", ShareableList::attach);
        strict(calls, "SharedObject.attach(String)", SharedObject::attach);
        strict(calls, "ProcessLock.attach(String)", ProcessLock::attach);
        strict(calls, "SharedQueue.attach(String)", SharedQueue::attach);
        shared(calls, "SharedMemory.attachShared(String)", SharedMemory::attachShared);
        shared(calls, "ShareableList.attachShared(String)", ShareableList::attachShared);
        return calls;
    }

    /** An attach that takes only this user's files that no one else may write. */
    private void strict(List<BadCall> calls, String entryPoint, Attach attach) {
        link(calls, entryPoint, attach);
        calls.add(BadCall.of(entryPoint, "a segment others may write (0666)",
                () -> attach.attach(writable.value().name()))
                .refused(UntrustedSegmentException.class, "rw-rw-rw- (0666)", "group or other users may write")
                .keeping(() -> writable.value().toString()));
        if (runAsRoot()) {
            calls.add(BadCall.of(entryPoint, "a segment of another user", () -> attach.attach(foreign.value().name()))
                    .refused(UntrustedSegmentException.class, "belongs to")
                    .keeping(() -> foreign.value().toString()));
        }
    }

    /** An attach that takes any user's files on purpose, but no link. */
    private void shared(List<BadCall> calls, String entryPoint, Attach attach) {
        link(calls, entryPoint, attach);
        calls.add(BadCall.of(entryPoint, "a segment others may write (0666), shared on purpose",
                () -> closed(attach.attach(writable.value().name())))
                .accepted("attached", Boolean.TRUE::equals).keeping(() -> writable.value().toString()));
        if (runAsRoot()) {
            calls.add(BadCall.of(entryPoint, "a segment of another user, shared on purpose",
                    () -> closed(attach.attach(foreign.value().name())))
                    .accepted("attached", Boolean.TRUE::equals).keeping(() -> foreign.value().toString()));
        }
    }

    private void link(List<BadCall> calls, String entryPoint, Attach attach) {
        calls.add(BadCall.of(entryPoint, "a symbolic link at the name", () -> {
            linked.value();
            return attach.attach(linkName());
        }).refused(UntrustedSegmentException.class, "symbolic link", DIRECTORY.resolve(linkName()).toString())
                .keeping(() -> linked.value().toString()));
    }

    private static boolean closed(AutoCloseable attached) throws Exception {
        attached.close();
        return true;
    }

    private static String linkName() {
        return "mp4j_badinput_link_" + ProcessHandle.current().pid();
    }

    private static boolean runAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Override
    public void close() throws Exception {
        try (linked; writable; foreign) {
            // all closed, even if one fails to
        }
    }
}
