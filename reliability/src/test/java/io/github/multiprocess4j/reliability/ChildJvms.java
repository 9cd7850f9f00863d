package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.core.testing.LeakCheckExtension;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The child processes of this JVM that the suite may kill: all but its segment tracker. */
final class ChildJvms {

    private ChildJvms() {
    }

    /** The live children, oldest first (by pid, as far as the operating system's numbering goes). */
    static List<ProcessHandle> running() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(child -> !LeakCheckExtension.isThisJvmsSegmentTracker(child))
                .sorted(Comparator.comparingLong(ProcessHandle::pid)).collect(Collectors.toList());
    }

    /** Waits until no child is left, up to {@code seconds}; fails naming those that are. */
    static void assertNoneLeftWithin(int seconds, String after) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<ProcessHandle> left = running();
        while (!left.isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
            left = running();
        }
        if (!left.isEmpty()) {
            left.forEach(ProcessHandle::destroyForcibly);
            throw new AssertionError("processes left running after " + after + ": " + left.stream()
                    .map(child -> child.pid() + " " + child.info().command().orElse("?"))
                    .collect(Collectors.toList()));
        }
    }
}
