package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.core.testing.Eventually;
import io.github.multiprocess4j.core.testing.LeakCheckExtension;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
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

    /** Waits until no child is left, up to {@code limit}; fails naming those that are, after killing them. */
    static void assertNoneLeftWithin(Duration limit, String after) throws InterruptedException {
        if (Eventually.within(limit, () -> running().isEmpty())) {
            return;
        }
        List<ProcessHandle> left = running();
        left.forEach(ProcessHandle::destroyForcibly);
        throw new AssertionError("processes left running after " + after + ": " + left.stream()
                .map(child -> child.pid() + " " + child.info().command().orElse("?"))
                .collect(Collectors.toList()));
    }
}
