package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
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

    @BeforeEach
    void requirePython() {
        Python.assumeAvailable();
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

    @Test
    void aSegmentOutlivesAPythonProcessThatAttachesTheDocumentedWay() throws Exception {
        try (SharedMemory memory = SharedMemory.create(64);
                ShareableList list = ShareableList.create("spam", 3.14159)) {
            memory.put(0, 42);

            Python.Result python = Python.script("shm_interop.py", "attach", "documented", memory.name(), list.name());

            assertThat(python.output).contains("first=42", "repr=" + list);
            assertThat(python.errors).doesNotContain("leaked");
            assertThat(memory.file()).exists();
            try (ShareableList again = ShareableList.attach(list.name())) {
                assertThat(again).containsExactly("spam", 3.14159);
            }
        }
    }

    /**
     * What the documentation warns of: a Python process that attaches without unregistering unlinks Java's
     * segments when it exits, through its resource tracker. If a Python version stops doing so, this test tells.
     */
    @Test
    void aPythonProcessThatAttachesPlainlyUnlinksJavasSegmentsWhenItExits() throws Exception {
        try (SharedMemory memory = SharedMemory.create(64);
                ShareableList list = ShareableList.create("spam")) {
            Python.Result python = Python.script("shm_interop.py", "attach", "plain", memory.name(), list.name());

            assertThat(python.output).contains("repr=" + list);
            assertThat(python.errors).contains("leaked shared_memory objects");
            assertThat(memory.file()).doesNotExist();
            assertThat(list.memory().file()).doesNotExist();
            assertThat(list.get(0)).as("the mapping itself lives on").isEqualTo("spam");
        }
    }

    @Test
    void aStringPythonCutInTheMiddleOfACharacterIsRefusedAsPythonRefusesIt() throws Exception {
        Map<String, String> created = python("create-cut-string");
        try (ShareableList list = ShareableList.attach(created.get("list"))) {
            try {
                assertThat(created.get("failure")).isEqualTo("UnicodeDecodeError at 7");
                assertThatThrownBy(() -> list.get(0)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("not UTF-8 from byte 7 of 8").hasMessageContaining("UnicodeDecodeError");
                assertThat(list.get(1)).isEqualTo("ok");

                list.set(0, "a漢");
                assertThat(python("read-list", list.name()).get("repr")).isEqualTo(list.toString())
                        .startsWith("ShareableList(['a漢', 'ok']");
            } finally {
                list.unlink();
            }
        }
    }

    @Test
    void aLoneSurrogateIsRefusedByJavaAsByPythonAndNothingChanges() throws Exception {
        try (ShareableList list = ShareableList.create("abcdefg", 1L)) {
            assertThatThrownBy(() -> list.set(0, "a\ud800")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lone surrogate \\ud800 at index 1");

            Map<String, String> python = python("set-lone-surrogate", list.name());

            assertThat(python.get("failure")).isEqualTo("UnicodeEncodeError at 1");
            assertThat(python.get("repr")).isEqualTo(list.toString()).startsWith("ShareableList(['abcdefg', 1]");
        }
    }

    private static byte[] bytesOf(SharedMemory memory) {
        byte[] all = new byte[memory.size()];
        memory.get(0, all);
        return all;
    }

    private static Map<String, String> python(String... arguments) throws Exception {
        return Python.keyValues("shm_interop.py", arguments);
    }
}
