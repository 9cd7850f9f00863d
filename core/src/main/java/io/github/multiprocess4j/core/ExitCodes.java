package io.github.multiprocess4j.core;

import java.util.Map;

/** Words for a child JVM's exit code, naming the signal when a signal killed it. */
final class ExitCodes {

    private static final Map<Integer, String> SIGNALS = Map.of(1, "SIGHUP", 2, "SIGINT", 3, "SIGQUIT",
            6, "SIGABRT", 9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");

    private ExitCodes() {
    }

    static String describe(int exitCode) {
        if (exitCode > 128 && exitCode < 128 + 64 && !isWindows()) {
            int signal = exitCode - 128;
            return "was killed by signal " + signal + " (" + SIGNALS.getOrDefault(signal, "signal " + signal)
                    + ", exit code " + exitCode + ")";
        }
        return "exited with code " + exitCode;
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").startsWith("Windows");
    }
}
