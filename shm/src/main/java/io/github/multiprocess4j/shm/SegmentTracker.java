package io.github.multiprocess4j.shm;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * A tiny process that unlinks the files this JVM created and still owns once this JVM is gone, however it went,
 * {@code kill -9} included: Python's {@code resource_tracker}, at the cost of an {@code awk}, not of a JVM.
 *
 * <p>It is started with the first file this JVM creates, and reads one line per change on its standard input, of
 * which this JVM holds the only writing end: {@code + <inode> <path>} when a file is created, {@code - <path>}
 * when it is unlinked or kept. The operating system closes that pipe when this JVM dies, and then the tracker
 * unlinks every file still registered whose inode is still the one registered (so a file that someone else has
 * since unlinked and created again under the same name is left alone), and exits. A line is written before the
 * call that causes it returns, so a file is never unlinked after {@code keep()} has returned.
 *
 * <p>The tracker ignores SIGHUP, SIGINT and SIGTERM, which a terminal or a service manager sends to a whole process
 * group: it must not go before its JVM, which handles them with its shutdown hooks. If it dies all the same, the
 * next change starts another and registers every file still owned. Where there is no {@code /bin/sh}, or no inode
 * numbers, there is no tracker, and only the shutdown hook of {@link CreatedSegments} cleans up.
 *
 * <p>Paths travel with every byte outside {@code [A-Za-z0-9._/-]} written as a {@code printf} octal escape, so that
 * a path is one word of characters that no shell or {@code awk} treats specially.
 *
 * <p>Thread-safe.
 */
final class SegmentTracker {

    /** Part of the tracker's command line, by which tests tell it from a leaked child process. */
    static final String MARKER = "multiprocess4j-segment-tracker";

    private static final Path SHELL = Paths.get("/bin/sh");
    private static final String PROGRAM = String.join("\n",
            "# " + MARKER + ": unlinks what its JVM created and still owned when the JVM went away",
            "$1 == \"+\" { owned[$3] = $2; next }",
            "$1 == \"-\" { delete owned[$2]; next }",
            "END {",
            "    for (path in owned) {",
            "        print \"set -f; p=$(printf '\" path \"x'); p=${p%x}; set -- $(ls -di -- \\\"$p\\\" 2>/dev/null);\" \\",
            "            \" [ \\\"$1\\\" = \" owned[path] \" ] && rm -f -- \\\"$p\\\"\" | \"sh\"",
            "    }",
            "    close(\"sh\")",
            "}",
            "");

    private final Supplier<Collection<Path>> owned;
    private final boolean supported;
    private Process process;
    private OutputStream input;

    /**
     * @param owned every file to register when a tracker starts: those this JVM owns at that moment
     */
    SegmentTracker(Supplier<Collection<Path>> owned) {
        this.owned = owned;
        this.supported = Files.isExecutable(SHELL)
                && FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
    }

    /** Tells the tracker to unlink {@code file} when this JVM is gone. */
    synchronized void register(Path file) {
        send(registration(file));
    }

    /** Tells the tracker to leave {@code file} alone. */
    synchronized void forget(Path file) {
        send("- " + escape(file.toAbsolutePath()));
    }

    /** The tracker's process id, if one is running. */
    synchronized OptionalLong pid() {
        return process != null && process.isAlive() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    private void send(String line) {
        if (!supported) {
            return;
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                if (input == null) {
                    start();
                }
                write(line);
                return;
            } catch (IOException e) {
                // it could not start, or it died: one more try with a new one, which learns every owned file
                input = null;
            }
        }
    }

    private void start() throws IOException {
        process = new ProcessBuilder(SHELL.toString(), "-c", "trap '' HUP INT TERM; exec awk \"$0\"", PROGRAM)
                .directory(new File("/"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        input = process.getOutputStream();
        for (Path file : owned.get()) {
            write(registration(file));
        }
    }

    private void write(String line) throws IOException {
        input.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        input.flush();
    }

    private static String registration(Path file) {
        Path absolute = file.toAbsolutePath();
        return "+ " + inode(absolute) + " " + escape(absolute);
    }

    /** The file's inode number, or 0 (which no file has) if it is gone already. */
    private static long inode(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:ino")).longValue();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The path as one word of safe characters, every other byte of its UTF-8 form as {@code \ooo}. */
    static String escape(Path file) {
        StringBuilder escaped = new StringBuilder();
        for (byte b : file.toString().getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '/' || c == '-') {
                escaped.append((char) c);
            } else {
                escaped.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + (c >> 3 & 7)))
                        .append((char) ('0' + (c & 7)));
            }
        }
        return escaped.toString();
    }
}
