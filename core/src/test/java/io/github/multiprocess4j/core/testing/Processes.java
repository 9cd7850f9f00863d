package io.github.multiprocess4j.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** What tests need to know about processes that are not their children any more. */
public final class Processes {

    private Processes() {
    }

    /**
     * Whether a process still runs. An orphan that has exited stays a zombie until the machine's init reaps it,
     * which can take a second or more, and {@link ProcessHandle#isAlive()} counts zombies as alive.
     *
     * @param process the process
     * @return {@code false} once it has exited, reaped or not
     */
    public static boolean isRunning(ProcessHandle process) {
        Path stat = Paths.get("/proc", Long.toString(process.pid()), "stat");
        if (Files.isReadable(stat)) {
            try {
                String line = Files.readString(stat);
                return line.charAt(line.lastIndexOf(')') + 2) != 'Z';
            } catch (IOException e) {
                return false;
            }
        }
        return process.isAlive();
    }
}
