package io.github.multiprocess4j.core.internal.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spring Boot archives as the library sees them, without Spring: archives laid out as Boot lays them out, and class
 * loaders whose URLs have the forms of Boot's launchers (3.2+ and before). The real thing runs in the deployment
 * module's tests.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BootJarsTest {

    private static final String TASK = "boot.BootTask";
    private static final String HELPER = "lib.Helper";

    @TempDir
    static Path compiled;

    @TempDir
    Path temp;

    @BeforeAll
    static void compileTheApplication() throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put(HELPER, "package lib;\npublic class Helper {\n"
                + "    public static String greet() { return \"helped in \" + ProcessHandle.current().pid(); }\n}\n");
        sources.put(TASK, "package boot;\n"
                + "public class BootTask implements io.github.multiprocess4j.core.Task<String> {\n"
                + "    public String call() { return lib.Helper.greet(); }\n}\n");
        CompiledClasses.compile(compiled, sources);
    }

    @Test
    void launcherUrlsOfBothFormsNameTheArchiveAndTheEntry() throws IOException {
        BootJars.Nested modern = BootJars.parse(nestedUrl("/apps/my app.jar", "BOOT-INF/lib/x+y.jar"));
        BootJars.Nested classes = BootJars.parse(nestedUrl("/apps/app.jar", "BOOT-INF/classes/"));
        BootJars.Nested classic = BootJars.parse(new URL("jar:file:/apps/my%20app.jar!/BOOT-INF/lib/x.jar!/"));
        BootJars.Nested war = BootJars.parse(new URL("jar:file:/apps/app.war!/WEB-INF/classes!/"));

        assertThat(modern.archive).isEqualTo(Path.of("/apps/my app.jar"));
        assertThat(modern.entry).isEqualTo("BOOT-INF/lib/x+y.jar");
        assertThat(classes.entry).isEqualTo("BOOT-INF/classes");
        assertThat(classic.archive).isEqualTo(Path.of("/apps/my app.jar"));
        assertThat(classic.entry).isEqualTo("BOOT-INF/lib/x.jar");
        assertThat(war.entry).isEqualTo("WEB-INF/classes");
        for (String other : List.of("file:/apps/classes/", "jar:file:/apps/app.jar!/",
                "jar:file:/apps/a.jar!/lib/x.jar!/", "jar:file:/apps/app.jar!/BOOT-INF/../x.jar!/",
                "file:/apps/app.jar!/BOOT-INF/lib/x.jar")) {
            assertThat(BootJars.parse(new URL(other))).as(other).isNull();
        }
        assertThat(BootJars.parse(nestedUrl("/apps/app.jar", "META-INF/x.jar"))).isNull();
    }

    @Test
    void anArchiveIsUnpackedOnceIntoAPrivateDirectoryNamedByItsDigest() throws IOException {
        Path archive = archive(temp.resolve("app.jar"));
        Path cache = Files.createDirectory(temp.resolve("cache"));

        Path copy = BootJars.unpack(archive, cache);

        assertThat(copy.getParent()).isEqualTo(cache);
        assertThat(copy.getFileName().toString()).matches("boot-[0-9a-f]{32}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rwx------");
        assertThat(copy.resolve("BOOT-INF/classes/boot/BootTask.class"))
                .hasBinaryContent(CompiledClasses.bytes(compiled, TASK));
        assertThat(copy.resolve("BOOT-INF/lib/helper.jar")).hasBinaryContent(helperJar());
        assertThat(copy.resolve("META-INF")).doesNotExist();
        Files.writeString(copy.resolve("marker"), "kept");
        assertThat(BootJars.unpack(archive, cache)).isEqualTo(copy);
        assertThat(copy.resolve("marker")).exists();
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files).containsExactly(copy);
        }
    }

    @Test
    void jvmsUnpackingTheSameArchiveAtOnceAllGetOneWholeCopy() throws Exception {
        Path archive = archive(temp.resolve("app.jar"));
        Path cache = Files.createDirectory(temp.resolve("cache"));
        int unpackers = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(unpackers);
        try {
            List<Future<Path>> copies = new ArrayList<>();
            for (int i = 0; i < unpackers; i++) {
                Callable<Path> unpack = () -> {
                    start.await();
                    return BootJars.unpack(archive, cache);
                };
                copies.add(threads.submit(unpack));
            }
            start.countDown();
            Path first = copies.get(0).get();
            for (Future<Path> copy : copies) {
                assertThat(copy.get()).isEqualTo(first);
            }
            assertThat(first.resolve("BOOT-INF/lib/helper.jar")).hasBinaryContent(helperJar());
            try (Stream<Path> files = Files.list(cache)) {
                assertThat(files).containsExactly(first);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aCopyThatOthersCanWriteIsNotUsed() throws IOException {
        Path archive = archive(temp.resolve("app.jar"));
        Path cache = Files.createDirectory(temp.resolve("cache"));
        Path copy = BootJars.unpack(archive, cache);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> BootJars.unpack(archive, cache)).isInstanceOf(IOException.class)
                .hasMessageContaining(copy.toString()).hasMessageContaining("can be written by others");
    }

    @Test
    void anEntryThatWouldLeaveTheCopyIsRefused() throws IOException {
        Path archive = temp.resolve("evil.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(archive))) {
            out.putNextEntry(new ZipEntry("BOOT-INF/lib/../../../escaped.txt"));
            out.write(1);
        }
        Path cache = Files.createDirectory(temp.resolve("cache"));

        assertThatThrownBy(() -> BootJars.unpack(archive, cache)).isInstanceOf(IOException.class)
                .hasMessageContaining("would leave its copy");
        assertThat(temp.resolve("escaped.txt")).doesNotExist();
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aTaskOfABoot32LauncherRunsInChildrenFromTheUnpackedCopy() throws Exception {
        Path archive = archive(temp.resolve("modern.jar"));
        runsFromTheCopy(archive, nestedUrl(archive.toString(), "BOOT-INF/classes/"),
                nestedUrl(archive.toString(), "BOOT-INF/lib/helper.jar"));
    }

    @Test
    void aTaskOfAnOlderBootLauncherRunsInChildrenFromTheUnpackedCopy() throws Exception {
        Path archive = archive(temp.resolve("classic.jar"));
        runsFromTheCopy(archive, new URL("jar:" + archive.toUri() + "!/BOOT-INF/classes!/"),
                new URL("jar:" + archive.toUri() + "!/BOOT-INF/lib/helper.jar!/"));
    }

    private void runsFromTheCopy(Path archive, URL classesUrl, URL helperUrl) throws Exception {
        String classPath = System.getProperty("java.class.path");
        System.setProperty("java.class.path", archive + java.io.File.pathSeparator + classPath);
        try (LauncherLikeLoader loader = new LauncherLikeLoader(classesUrl, helperUrl)) {
            @SuppressWarnings("unchecked")
            Task<String> task = (Task<String>) loader.loadClass(TASK).getConstructor().newInstance();

            List<String> entries = ChildCommand.classPathEntries(loader);
            Path classes = entries.stream().map(Path::of).filter(entry -> entry.endsWith("BOOT-INF/classes"))
                    .findFirst().orElseThrow();
            Path copy = classes.getParent().getParent();
            assertThat(copy.getParent()).isEqualTo(CacheDirectory.location());
            assertThat(entries).doesNotContain(archive.toString()).containsSubsequence(classes.toString(),
                    copy.resolve("BOOT-INF/lib/helper.jar").toString());
            assertThat(Launch.processes(2, task)).hasSize(2).allMatch(result -> result.startsWith("helped in "));
        } finally {
            System.setProperty("java.class.path", classPath);
        }
    }

    /** An archive laid out as Boot lays one out: application classes, a library jar stored whole, the index. */
    private static Path archive(Path file) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            out.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            out.write(("Manifest-Version: 1.0\nMain-Class: org.springframework.boot.loader.launch.JarLauncher\n"
                    + "Start-Class: boot.Main\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("BOOT-INF/"));
            out.putNextEntry(new ZipEntry("BOOT-INF/classes/"));
            out.putNextEntry(new ZipEntry("BOOT-INF/classes/boot/"));
            out.putNextEntry(new ZipEntry("BOOT-INF/classes/boot/BootTask.class"));
            out.write(CompiledClasses.bytes(compiled, TASK));
            out.putNextEntry(new ZipEntry("BOOT-INF/lib/"));
            byte[] helper = helperJar();
            ZipEntry stored = new ZipEntry("BOOT-INF/lib/helper.jar");
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(helper.length);
            CRC32 crc = new CRC32();
            crc.update(helper);
            stored.setCrc(crc.getValue());
            out.putNextEntry(stored);
            out.write(helper);
            out.putNextEntry(new ZipEntry("BOOT-INF/classpath.idx"));
            out.write("- \"BOOT-INF/lib/helper.jar\"\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return file;
    }

    private static byte[] helperJar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("lib/Helper.class"));
            out.write(CompiledClasses.bytes(compiled, HELPER));
        }
        return bytes.toByteArray();
    }

    /** A URL of Boot 3.2's form, made with a handler of its own as Boot registers one for {@code nested:}. */
    private static URL nestedUrl(String archive, String entry) throws IOException {
        String path = archive.replace(" ", "%20");
        return new URL("jar", null, -1, "nested:" + path + "/!" + entry + "!/", new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL url) throws IOException {
                throw new IOException("not for reading");
            }
        });
    }

    /**
     * What a Boot launcher's class loader looks like to this library: its URLs point into the archive, and the
     * classes it defines have those URLs as code sources.
     */
    private static final class LauncherLikeLoader extends URLClassLoader {
        private final URL classesUrl;
        private final URL helperUrl;

        LauncherLikeLoader(URL classesUrl, URL helperUrl) {
            super(new URL[] {classesUrl, helperUrl}, BootJarsTest.class.getClassLoader());
            this.classesUrl = classesUrl;
            this.helperUrl = helperUrl;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            URL source = TASK.equals(name) ? classesUrl : HELPER.equals(name) ? helperUrl : null;
            if (source == null) {
                throw new ClassNotFoundException(name);
            }
            try {
                byte[] bytes = CompiledClasses.bytes(compiled, name);
                return defineClass(name, bytes, 0, bytes.length,
                        new ProtectionDomain(new CodeSource(source, (Certificate[]) null), null));
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
