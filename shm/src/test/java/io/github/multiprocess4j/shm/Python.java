package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the machine's {@code python3} on the scripts under {@code /python} in the test resources, for the tests that
 * check this library against CPython. Each call starts one process and waits until it and every process it started
 * (Python's resource tracker among them) have closed its output: so a test sees what the tracker did at exit.
 */
final class Python {

    /** Longer than any script here takes, short of the tests' own time limits. */
    private static final long LIMIT_SECONDS = 90;

    private Python() {
    }

    /** Why Python interop cannot be tested here, or "" if it can; found once. */
    private static volatile String unavailable;

    /**
     * Skips the calling test, printing the reason, unless {@code python3} with {@code multiprocessing.shared_memory}
     * runs here and segments live where Python's do.
     */
    static void assumeAvailable() {
        String reason = unavailable;
        if (reason == null) {
            reason = findWhyUnavailable();
            unavailable = reason;
        }
        if (!reason.isEmpty()) {
            System.out.println("Skipped: " + reason);
        }
        assumeTrue(reason.isEmpty(), reason);
    }

    private static String findWhyUnavailable() {
        if (!SegmentFiles.defaultDirectory().equals(Paths.get("/dev/shm"))) {
            return "no /dev/shm: Python's POSIX shared memory is not where this library puts segments";
        }
        try {
            Result result = run(List.of("python3", "-c", "import multiprocessing.shared_memory"));
            return result.exitValue == 0 ? "" : "python3 cannot import multiprocessing.shared_memory (exit "
                    + result.exitValue + ": " + result.errors.strip() + "): Python interop not tested";
        } catch (IOException e) {
            return "python3 is not installed (" + e.getMessage() + "): Python interop not tested";
        }
    }

    /** Runs {@code script} (a file under {@code /python}) with the arguments; a non-zero exit fails the test. */
    static Result script(String script, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("python3", resource(script).toString()));
        command.addAll(List.of(arguments));
        Result result = run(command);
        assertThat(result.exitValue).as("%s exited with %s: %s", command, result.exitValue, result.errors).isZero();
        return result;
    }

    /** Runs {@code script} and reads its "key=value" lines. */
    static Map<String, String> keyValues(String script, String... arguments) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : script(script, arguments).output.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }

    private static Path resource(String script) {
        try {
            return Paths.get(Python.class.getResource("/python/" + script).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result run(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        Process process = builder.start();
        try {
            process.getOutputStream().close();
            CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(process, false));
            byte[] output = readAll(process, true);
            if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(command + " did not finish in " + LIMIT_SECONDS + " s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8),
                    new String(errors.join(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + command + " ran", e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static byte[] readAll(Process process, boolean output) {
        try {
            return (output ? process.getInputStream() : process.getErrorStream()).readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read python3's " + (output ? "output" : "errors"), e);
        }
    }

    /** What a Python process printed, and how it exited. */
    static final class Result {
        final int exitValue;
        final String output;
        final String errors;

        Result(int exitValue, String output, String errors) {
            this.exitValue = exitValue;
            this.output = output;
            this.errors = errors;
        }
    }
}
