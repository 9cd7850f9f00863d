package io.github.multiprocess4j.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves a child process running or a shared-memory file in {@code /dev/shm} behind.
 * Registered for every test class by auto-detection (see {@code META-INF/services}); the leaks it finds are
 * cleaned up so that they do not spill into the next class. Only files named like the library's and the tests'
 * segments ({@code psm_...}, {@code mp4j...}) are considered, and a file that another program (not this JVM or
 * its children) still has open or mapped is that program's, not a leak: other builds may run on the machine.
 * This JVM's own segment tracker (the small process of the shm module that unlinks this JVM's segments once the
 * JVM is gone) lives as long as the JVM by design, and is not a leak either.
 */
public final class LeakCheckExtension implements BeforeAllCallback, AfterAllCallback {

    private static final Path SHM = Paths.get("/dev/shm");
    /** In the command line of the shm module's segment tracker (see its {@code SegmentTracker.MARKER}). */
    private static final String SEGMENT_TRACKER_MARKER = "multiprocess4j-segment-tracker";
    private static final Duration GRACE = Duration.ofSeconds(3);
    /** How long the start-up archive's training may take: its own limit for each of its two JVMs. */
    private static final Duration ARCHIVE_TRAINING = Duration.ofSeconds(240);
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LeakCheckExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        context.getStore(NAMESPACE).put("shm", sharedMemoryFiles());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        List<ProcessHandle> children = awaitNoChildren();
        @SuppressWarnings("unchecked")
        Set<String> before = (Set<String>) context.getStore(NAMESPACE).get("shm");
        Set<String> leakedFiles = sharedMemoryFiles();
        leakedFiles.removeAll(before);
        leakedFiles.removeAll(filesInUseElsewhere(leakedFiles));
        leakedFiles.forEach(name -> deleteQuietly(SHM.resolve(name)));

        StringBuilder leaks = new StringBuilder();
        if (!children.isEmpty()) {
            leaks.append("child processes still running after the tests: ").append(describe(children));
            children.forEach(ProcessHandle::destroyForcibly);
        }
        if (!leakedFiles.isEmpty()) {
            leaks.append(leaks.length() > 0 ? "; " : "").append("/dev/shm files left behind: ").append(leakedFiles);
        }
        if (leaks.length() > 0) {
            throw new AssertionError(context.getDisplayName() + " leaked " + leaks);
        }
    }

    /**
     * Children may still be finishing their exit: give them a moment before calling them leaked, and a longer one to
     * those that {@linkplain #endsOnItsOwn end on their own}. Three kinds of descendant are not leaks at all. An exited child that its parent has yet to reap (a zombie) runs nothing. A segment
     * tracker lives as long as its JVM by design: this JVM's, and for a moment that of a child JVM that has just
     * exited. The start-up archive's training (a JVM dumping the archive, then one checking that it maps) runs in the
     * background after the first child and ends on its own within {@link #ARCHIVE_TRAINING}; on a busy machine it can
     * outlast a test class, so it is waited for that long before it counts as a leak.
     */
    private static List<ProcessHandle> awaitNoChildren() throws InterruptedException {
        long start = System.nanoTime();
        List<ProcessHandle> children;
        while (true) {
            children = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                    .filter(process -> !"Z".equals(state(process)))
                    .filter(process -> !isThisJvmsSegmentTracker(process)).collect(Collectors.toList());
            long waited = System.nanoTime() - start;
            boolean onlyEndingSoon = children.stream().allMatch(LeakCheckExtension::endsOnItsOwn);
            if (children.isEmpty() || waited > (onlyEndingSoon ? ARCHIVE_TRAINING : GRACE).toNanos()) {
                return children;
            }
            Thread.sleep(20);
        }
    }

    /**
     * Whether a process will end without anyone's help: one of the two JVMs that train the start-up archive
     * ({@code StartupArchive}); the segment tracker of a child JVM, which goes once that JVM has; or a process that
     * is already exiting. Linux shows no command line for a process of this user once its memory is gone, which a
     * JVM killed with SIGKILL reaches at once and may take seconds to get past on a busy machine while the kernel
     * frees its heap.
     */
    private static boolean endsOnItsOwn(ProcessHandle process) {
        if (process.info().commandLine().isEmpty()) {
            return true;
        }
        List<String> arguments = List.of(process.info().arguments().orElse(new String[0]));
        return arguments.contains("-Xshare:dump")
                || arguments.contains("-Xshare:on") && arguments.contains("-version")
                || process.info().commandLine().orElse("").contains(SEGMENT_TRACKER_MARKER);
    }

    /** Whether a process is the segment tracker started by this JVM: a child of it, with the tracker's mark. */
    public static boolean isThisJvmsSegmentTracker(ProcessHandle process) {
        return process.parent().map(ProcessHandle::pid).orElse(-1L) == ProcessHandle.current().pid()
                && process.info().commandLine().orElse("").contains(SEGMENT_TRACKER_MARKER);
    }

    private static String describe(List<ProcessHandle> processes) {
        return processes.stream()
                .map(process -> process.pid() + " (" + state(process) + ", parent "
                        + process.parent().map(ProcessHandle::pid).map(String::valueOf).orElse("?") + ") "
                        + process.info().commandLine().orElse("?"))
                .map(line -> line.length() > 200 ? line.substring(0, 200) + "..." : line)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** The state letter of {@code /proc/<pid>/stat} (R, S, Z for a zombie...), or "?" where there is none. */
    private static String state(ProcessHandle process) {
        try {
            String stat = Files.readString(Paths.get("/proc", Long.toString(process.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static Set<String> sharedMemoryFiles() throws IOException {
        if (!Files.isDirectory(SHM)) {
            return new TreeSet<>();
        }
        try (Stream<Path> files = Files.list(SHM)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith("psm_") || name.startsWith("mp4j"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Which of these files a process outside this JVM's family has open or mapped, going by {@code /proc}. */
    private static Set<String> filesInUseElsewhere(Set<String> names) {
        Set<String> inUse = new TreeSet<>();
        if (names.isEmpty() || !Files.isDirectory(Paths.get("/proc/self"))) {
            return inUse;
        }
        Set<Long> family = ProcessHandle.current().descendants().map(ProcessHandle::pid)
                .collect(Collectors.toCollection(java.util.HashSet::new));
        family.add(ProcessHandle.current().pid());
        ProcessHandle.allProcesses().filter(process -> !family.contains(process.pid())).forEach(process -> {
            Path proc = Paths.get("/proc", Long.toString(process.pid()));
            for (String name : names) {
                if (!inUse.contains(name) && (mentions(proc.resolve("maps"), name) || hasOpen(proc.resolve("fd"), name))) {
                    inUse.add(name);
                }
            }
        });
        return inUse;
    }

    private static boolean mentions(Path maps, String name) {
        try {
            return Files.readString(maps).contains("/dev/shm/" + name);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean hasOpen(Path fds, String name) {
        try (Stream<Path> links = Files.list(fds)) {
            return links.anyMatch(link -> {
                try {
                    return Files.readSymbolicLink(link).toString().equals("/dev/shm/" + name);
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            });
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // reported as a leak already
        }
    }
}
