package io.github.multiprocess4j.examples;

import static io.github.multiprocess4j.examples.Notebook.notice;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.shm.ProcessLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Exercise 4: exercise 3 with a process lock around each line: ten clean lines. */
final class Exercise4LockedLines implements Example {

    @Override
    public String name() {
        return "exercise4";
    }

    @Override
    public String title() {
        return "exercise 4: the same ten processes, each line written under a ProcessLock";
    }

    @Override
    public void run() throws Exception {
        Path file = Files.createTempFile("exercise4-", ".txt");
        try (ProcessLock lock = ProcessLock.create()) {
            notice("Each process holds the lock while it writes its five UUIDs and the newline.");
            String path = file.toString();
            Launch.processes(Exercise3Interleaving.PROCESSES, () -> {
                try (ProcessLock.Held held = lock.hold()) {
                    Exercise3Interleaving.writeLine(path);
                }
            });
            List<String> lines = Files.readAllLines(file);
            lines.forEach(System.out::println);
            notice("Lines holding exactly " + Exercise3Interleaving.UUIDS_PER_LINE + " UUIDs: "
                    + Exercise3Interleaving.cleanLines(lines) + " of " + lines.size() + ".");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
