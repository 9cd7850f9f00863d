package io.github.multiprocess4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.testing.Processes;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An application on the module path, started as its users start it ({@code java -p <jars> -m app/app.App}, no other
 * flag), launches child JVMs, a pool, a {@code SharedQueue} consumer and tasks that capture shared memory; every step
 * works, the application exits with 0, and no process or shared-memory file is left behind.
 *
 * <p>The application is {@code src/test/module-path-app}: a named module that requires the library's modules and
 * opens to them nothing but one package (whose lambdas take the faster way). It is compiled here against the jars
 * of {@code core}, {@code shm} and {@code queue} and their dependencies, whose paths the build writes to the file
 * named by the system property {@code modulePathApp.libraries}: in {@code verify}, the jars those modules have
 * packaged before this module's tests run (in a build that stops at {@code test}, their class directories, which
 * hold a compiled {@code module-info} too).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ModulePathAppTest {

    /** A guard against a hang, not a measurement: the application takes seconds. */
    private static final long HANG_MINUTES = 3;

    private static Path run;
    private static String libraries;
    private static Path appJar;

    @BeforeAll
    static void compileTheApplication() throws IOException {
        Path work = Files.createDirectories(Paths.get(System.getProperty("modulePathApp.work")));
        run = Files.createTempDirectory(work, "run-");
        libraries = Files.readString(Paths.get(System.getProperty("modulePathApp.libraries")),
                StandardCharsets.UTF_8).trim();
        assertThat(libraries.split(File.pathSeparator)).as(libraries)
                .anyMatch(entry -> entry.contains("core")).anyMatch(entry -> entry.contains("shm"))
                .anyMatch(entry -> entry.contains("queue")).anyMatch(entry -> entry.contains("kryo"));

        Path sources = Paths.get(System.getProperty("modulePathApp.sources"));
        Path classes = run.resolve("classes");
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-Xlint:all", "-Werror",
                "--module-path", libraries, "-d", classes.toString()));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> arguments.add(file.toString()));
        }
        JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int compiled = javac.run(null, diagnostics, diagnostics, arguments.toArray(new String[0]));
        assertThat(compiled).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        appJar = run.resolve("app.jar");
        ToolProvider jar = ToolProvider.findFirst("jar").orElseThrow();
        int packed = jar.run(new PrintStream(diagnostics, true, StandardCharsets.UTF_8),
                new PrintStream(diagnostics, true, StandardCharsets.UTF_8),
                "--create", "--file", appJar.toString(), "-C", classes.toString(), ".");
        assertThat(packed).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void everyStepRunsInChildrenOfAModulePathApplicationAndNothingIsLeft() throws Exception {
        String output = runApplication(libraries + File.pathSeparator + appJar);

        assertThat(output).contains(
                "squares [0, 1, 4]",
                "child modules [app io.github.multiprocess4j.core]",
                "pool 42",
                "queue consumed 5",
                "shared memory [10, 11, 12, 13]",
                "fast path [fast-0, fast-1]",
                "records [Point[x=0, y=0], Point[x=1, y=2]]",
                "shared object Tally 2 [child, child]",
                "done");
        assertThat(line(output, "kryo without opens: "))
                .contains("does not \"opens app\" to module com.esotericsoftware.kryo");
        assertNoSegmentLeft(line(output, "segments ").split(" "));
    }

    @Test
    void aModulePathTooLongForACommandLineReachesChildrenThroughAnArgumentFile() throws Exception {
        String absent = IntStream.range(0, 400).mapToObj(i -> run.resolve("absent-" + i).toString())
                .collect(Collectors.joining(File.pathSeparator));

        String output = runApplication(absent + File.pathSeparator + libraries + File.pathSeparator + appJar,
                "quick");

        assertThat(output).contains("squares [0, 1, 4]", "child's arguments from a file: [true]");
    }

    /**
     * Runs the application with this module path and no other JVM flag, in an environment whose cache directory is
     * inside the build, and waits for it and every process it started to be gone.
     *
     * @return its output, once it has exited with 0
     */
    private static String runApplication(String modulePath, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-p", modulePath, "-m", "app/app.App"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("XDG_CACHE_HOME", run.resolve("cache").toString());
        Process app = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!app.waitFor(HANG_MINUTES, TimeUnit.MINUTES)) {
            app.descendants().forEach(ProcessHandle::destroyForcibly);
            app.destroyForcibly();
        }
        String printed = output.get(HANG_MINUTES, TimeUnit.MINUTES);
        System.out.print(printed);
        assertThat(app.exitValue()).as(printed).isZero();
        assertNoProcessLeft(line(printed, "child JVMs "));
        return printed;
    }

    /**
     * Neither a JVM the application said it still had at its end, nor any process whose command line names this
     * run's directory (a child's module path holds the application's jar, unless it is in an argument file), runs
     * once the application has exited. Children notice their parent's exit at once; a few seconds are allowed.
     */
    private static void assertNoProcessLeft(String childrenAtTheEnd) throws InterruptedException {
        List<Long> pids = Stream.of(childrenAtTheEnd.split(" ")).filter(pid -> !pid.isEmpty()).map(Long::valueOf)
                .collect(Collectors.toList());
        String mark = run.toString();
        List<ProcessHandle> left = List.of();
        for (int attempt = 0; attempt < 100; attempt++) {
            left = ProcessHandle.allProcesses().filter(Processes::isRunning)
                    .filter(process -> pids.contains(process.pid())
                            || process.info().commandLine().orElse("").contains(mark))
                    .collect(Collectors.toList());
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        left.forEach(ProcessHandle::destroyForcibly);
        assertThat(left).as("processes of the application still running").isEmpty();
    }

    private static void assertNoSegmentLeft(String[] names) throws IOException {
        Path shm = Paths.get("/dev/shm");
        if (!Files.isDirectory(shm)) {
            return;
        }
        assertThat(names).hasSize(4).allMatch(name -> name.startsWith("psm_"));
        try (Stream<Path> files = Files.list(shm)) {
            List<String> left = files.map(file -> file.getFileName().toString())
                    .filter(file -> Stream.of(names).anyMatch(file::startsWith)).collect(Collectors.toList());
            assertThat(left).as("segment files of the application").isEmpty();
        }
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(line -> line.startsWith(prefix)).findFirst()
                .map(line -> line.substring(prefix.length())).orElseThrow(() -> new AssertionError(
                        "no line starting with '" + prefix + "' in:\n" + output));
    }
}
