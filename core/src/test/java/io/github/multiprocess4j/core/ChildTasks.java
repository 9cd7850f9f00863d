package io.github.multiprocess4j.core;

import java.util.ArrayList;
import java.util.List;

/** Bodies of tasks run in child JVMs by the tests, as named methods so that stack traces can be checked. */
final class ChildTasks {

    static final List<String> STATIC_LIST = new ArrayList<>();

    private ChildTasks() {
    }

    static int failIfOne(int index) {
        if (index == 1) {
            throw new IllegalStateException("boom");
        }
        return index;
    }

    static String printProtocolLookalikes() {
        System.out.println("RESULT 42");
        System.out.println("\u0003\u0000\u0000\u0000\u0008\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008");
        System.out.write(new byte[] {4, 0, 0, 0, 1, 0, '\n'}, 0, 7);
        System.out.print("no newline at the end");
        return "real result";
    }

    static int printLines(int child, int lines) {
        String padding = "x".repeat(100);
        for (int i = 0; i < lines; i++) {
            System.out.println("child " + child + " line " + i + " " + padding);
        }
        return lines;
    }

    /** Writes this JVM's pid to {@code file} (atomically), then sleeps for a minute. */
    static long writePidThenSleep(String file) throws Exception {
        java.nio.file.Path target = java.nio.file.Paths.get(file);
        java.nio.file.Path temporary = java.nio.file.Paths.get(file + ".tmp");
        java.nio.file.Files.writeString(temporary, Long.toString(ProcessHandle.current().pid()));
        java.nio.file.Files.move(temporary, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(60_000);
        return ProcessHandle.current().pid();
    }

    /** Creates {@code file}, empty: the sign that the task ran. */
    static int touch(String file) throws Exception {
        java.nio.file.Files.createFile(java.nio.file.Paths.get(file));
        return 1;
    }

    static long spin(long iterations) {
        double sum = 0;
        for (long i = 0; i < iterations; i++) {
            sum += Math.sin(i);
        }
        return (long) sum;
    }

    /** A task that is a plain class rather than a lambda. */
    static final class Greeting implements Task<String> {
        private static final long serialVersionUID = 1L;
        private final String word;

        Greeting(String word) {
            this.word = word;
        }

        @Override
        public String call() {
            return word + " from a child";
        }
    }

    /** An exception that cannot cross back to the parent as itself. */
    static final class UnserializableException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("unused")
        private final Object notSerializable = new Object();

        UnserializableException(String message) {
            super(message);
        }
    }
}
