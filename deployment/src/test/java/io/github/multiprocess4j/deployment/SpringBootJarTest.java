package io.github.multiprocess4j.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.testing.Eventually;
import io.github.multiprocess4j.core.testing.Processes;
import io.github.multiprocess4j.deployment.bootapp.BootApp;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.loader.tools.LoaderImplementation;

/**
 * A Spring Boot executable jar, built here with Boot's own repackager from {@link BootApp} and the library's jars,
 * run with {@code java -jar}: with Boot 3.2's launcher ({@code jar:nested:} URLs) and with the classic one of Boot
 * 2.x ({@code jar:file:...!/BOOT-INF/...} URLs).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SpringBootJarTest {

    private static final Pattern CLASSPATH_IDX_LINE = Pattern.compile("- \"BOOT-INF/lib/(.+)\"");

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(LoaderImplementation.class)
    void childrenPoolsAndQueuesWorkFromABootJar(LoaderImplementation launcher) throws Exception {
        Path jar = BootJars.build(temp, launcher);
        Path cache = temp.resolve("cache");

        Process app = new ProcessBuilder(javaBinary(), "-Dmultiprocess4j.cacheDir=" + cache,
                "-Dmultiprocess4j.startupArchive=false", "-jar", jar.toString()).redirectErrorStream(true).start();
        String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(app.waitFor()).as(output).isZero();
        assertThat(output).contains("squares [0, 1, 4]\n", "pool pooled 42\n", "consumed 6\n", "done\n")
                .doesNotContain("Could not find or load main class");
        List<String> childClassPath = List.of(line(output, "child class path ").split(File.pathSeparator));
        assertThat(childClassPath).allSatisfy(entry -> {
            assertThat(entry).doesNotContain("!/", "nested:");
            assertThat(Paths.get(entry)).exists().startsWith(cache);
        });
        assertThat(fileNames(childClassPath)).containsSubsequence(libraryOrder(jar));
        assertThat(Eventually.within(Duration.ofSeconds(10), () -> processesMentioning(cache).isEmpty()))
                .as("processes left: %s", processesMentioning(cache)).isTrue();
        String queue = line(output, "queue ");
        assertThat(Eventually.within(Duration.ofSeconds(10), () -> sharedMemoryFiles(queue).isEmpty()))
                .as("/dev/shm files left: %s", sharedMemoryFiles(queue)).isTrue();
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no line starting \"" + prefix + "\" in\n" + output));
    }

    private static List<String> fileNames(List<String> entries) {
        return entries.stream().map(entry -> Paths.get(entry).getFileName().toString()).collect(Collectors.toList());
    }

    /** The library jars in the order of the archive's {@code BOOT-INF/classpath.idx}. */
    private static List<String> libraryOrder(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            String index = new String(file.getInputStream(file.getEntry("BOOT-INF/classpath.idx")).readAllBytes(),
                    StandardCharsets.UTF_8);
            List<String> names = new ArrayList<>();
            for (String line : index.split("\n")) {
                Matcher matcher = CLASSPATH_IDX_LINE.matcher(line.trim());
                if (matcher.matches()) {
                    names.add(matcher.group(1));
                }
            }
            assertThat(names).isNotEmpty();
            return names;
        }
    }

    private static List<String> processesMentioning(Path marker) {
        return ProcessHandle.allProcesses().filter(Processes::isRunning)
                .map(process -> process.pid() + " " + process.info().commandLine().orElse(""))
                .filter(line -> line.contains(marker.toString())).collect(Collectors.toList());
    }

    private static List<String> sharedMemoryFiles(String prefix) {
        Path shm = Paths.get("/dev/shm");
        if (!Files.isDirectory(shm)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(shm)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith(prefix))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String javaBinary() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }
}
