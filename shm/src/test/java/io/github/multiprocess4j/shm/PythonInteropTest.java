package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link SharedMemory} and {@link ShareableList} against the machine's CPython, both ways: Python attaches to,
 * checks and changes what Java created, and Java does the same with what Python created. Skipped, with the reason
 * shown, where no {@code python3} with {@code multiprocessing.shared_memory} is installed or there is no
 * {@code /dev/shm}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PythonInteropTest {

    private static Path script;

    @BeforeAll
    static void requirePython() throws Exception {
        assumeTrue(SegmentFiles.defaultDirectory().equals(Paths.get("/dev/shm")),
                "no /dev/shm: Python's POSIX shared memory is not where this library puts segments");
        boolean available;
        try {
            available = run(List.of("python3", "-c", "import multiprocessing.shared_memory")).exitValue == 0;
        } catch (IOException e) {
            available = false;
        }
        assumeTrue(available, "python3 with multiprocessing.shared_memory is not installed: Python interop not tested");
        script = Paths.get(PythonInteropTest.class.getResource("/python/shm_interop.py").toURI());
    }

    @Test
    void pythonReadsAndChangesWhatJavaCreated() throws Exception {
        try (SharedMemory memory = SharedMemory.create(64);
                ShareableList list = ShareableList.create("spam", 3.14159, 123456, 0, true, -0.0, "x",
                        new byte[] {1, 2}, "naïve ☃", 1e16, "it's", null)) {
            memory.put(0, 200);
            memory.put(1, new byte[] {1, 2, 3});
            String javaRepr = list.toString();

            Map<String, String> python = python("check-java", memory.name(), list.name());

            assertThat(python.get("size")).isEqualTo("64");
            assertThat(python.get("before")).isEqualTo(javaRepr);
            assertThat(memory.get(10)).isEqualTo(77);
            byte[] abc = new byte[3];
            memory.get(11, abc);
            assertThat(new String(abc, StandardCharsets.US_ASCII)).isEqualTo("abc");
            assertThat(list.get(0)).isEqualTo("eggs");
            assertThat(list.get(2)).isEqualTo(654321L);
            assertThat(list.get(4)).isEqualTo(false);
            assertThat(list.get(5)).isEqualTo(2.75);
            assertThat(list.get(6)).isNull();
            assertThat((byte[]) list.get(7)).isEqualTo("PyByTeS".getBytes(StandardCharsets.US_ASCII));
            assertThat(list.toString()).isEqualTo(python.get("after"));
            assertThat(list.format()).isEqualTo(python.get("format"));
            assertThat(memory.file()).as("Python did not unlink it").exists();
        }
    }

    @Test
    void javaReadsAndChangesWhatPythonCreatedAndLaysItOutByteForByteTheSame() throws Exception {
        Map<String, String> created = python("create");
        try (SharedMemory memory = SharedMemory.attach(created.get("memory"));
                ShareableList list = ShareableList.attach(created.get("list"));
                ShareableList same = ShareableList.create("howdy", "HoWdY".getBytes(StandardCharsets.US_ASCII),
                        -273.154, 100, null, true, 42, 1e16, "it's", 0.0001)) {
            try {
                checkAndChange(memory, list, same, created);
            } finally {
                memory.unlink();
                list.unlink();
            }
        }
    }

    private static void checkAndChange(SharedMemory memory, ShareableList list, ShareableList same,
            Map<String, String> created) throws Exception {
        assertThat(memory.get(0)).isEqualTo(123);
        byte[] hello = new byte[5];
        memory.get(1, hello);
        assertThat(new String(hello, StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(list.toString()).isEqualTo(created.get("repr"));
        assertThat(list.format()).isEqualTo(created.get("format"));
        assertThat(same.memory().size()).isEqualTo(Integer.parseInt(created.get("listSize")));
        assertThat(bytesOf(same.memory())).isEqualTo(bytesOf(list.memory()));

        list.set(0, "hi");
        list.set(3, 7L);
        list.set(1, "bytes");
        Map<String, String> reread = python("read-list", list.name());

        assertThat(reread.get("repr")).isEqualTo(list.toString())
                .startsWith("ShareableList(['hi', 'bytes', -273.154, 7, None, True, 42, 1e+16, \"it's\", "
                        + "0.0001]");
    }

    private static byte[] bytesOf(SharedMemory memory) {
        byte[] all = new byte[memory.size()];
        memory.get(0, all);
        return all;
    }

    private static Map<String, String> python(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", script.toString()));
        command.addAll(List.of(arguments));
        Result result = run(command);
        assertThat(result.exitValue).as("python3 %s exited with %s: %s", command, result.exitValue, result.errors)
                .isZero();
        Map<String, String> values = new HashMap<>();
        for (String line : result.output.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        byte[] errors = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish in 60 s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8),
                new String(errors, StandardCharsets.UTF_8));
    }

    private static final class Result {
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
