package io.github.multiprocess4j.core.internal.startup;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every child JVM this JVM started and that is still running, killed if this JVM exits first. */
final class Children {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Children::killAll, "multiprocess4j-kill-children"));
    }

    private Children() {
    }

    static void add(Process process) {
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
    }

    private static void killAll() {
        RUNNING.forEach(Process::destroyForcibly);
    }
}
