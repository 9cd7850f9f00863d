package io.github.multiprocess4j.deployment;

import io.github.multiprocess4j.deployment.bootapp.BootApp;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.loader.tools.LoaderImplementation;

/**
 * Not a check: the figures behind the choice of unpacking Spring Boot jars, printed to the test's output. Run with
 * {@code ./mvnw -B -pl deployment -am verify -Dtest=StartupMeasurement -Dsurefire.failIfNoSpecifiedTests=false
 * -Ddeployment.measure=15}: that many rounds of each, in turns, in one run.
 *
 * <ul>
 *   <li>5 children at once ({@code Launch.processes(5, () -> 0)}) from the Boot jar against the same application on
 *       {@code java -cp} with the same jars: the cost that users see.
 *   <li>One JVM running a tiny main that loads the library, started the three ways a child could be: from the
 *       unpacked copy (what children get), through the archive's own {@code PropertiesLauncher} with
 *       {@code -Dloader.main} (the alternative), and from the original jars.
 * </ul>
 */
@EnabledIfSystemProperty(named = "deployment.measure", matches = "\\d+")
class StartupMeasurement {

    private static final int CHILDREN = 5;
    private static final int ROUNDS_PER_APP_RUN = 6;

    @TempDir
    Path temp;

    @Test
    void startUpFromABootJarAgainstJavaDashCp() throws Exception {
        int samples = Integer.getInteger("deployment.measure");
        Path jar = BootJars.build(temp, LoaderImplementation.DEFAULT);
        String plainClassPath = Stream.concat(Stream.of(BootJars.appJar(temp)), BootJars.libraries(temp).stream())
                .map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        String cache = "-Dmultiprocess4j.cacheDir=" + temp.resolve("cache");
        // the start-up archive is trained in the background by whichever app runs first: off, for equal terms
        String noArchive = "-Dmultiprocess4j.startupArchive=false";
        List<String> boot = List.of(SpringBootJarTest.javaBinary(), cache, noArchive, "-jar", jar.toString());
        List<String> plain = List.of(SpringBootJarTest.javaBinary(), cache, noArchive, "-cp", plainClassPath,
                BootApp.class.getName());

        List<Double> fromBoot = new ArrayList<>();
        List<Double> fromPlain = new ArrayList<>();
        run(boot, "startup", "2", "5");
        run(plain, "startup", "2", "5");
        for (int turn = 0; fromBoot.size() < samples || fromPlain.size() < samples; turn++) {
            if (turn % 2 == 0) {
                fromBoot.addAll(startupRounds(boot));
                fromPlain.addAll(startupRounds(plain));
            } else {
                fromPlain.addAll(startupRounds(plain));
                fromBoot.addAll(startupRounds(boot));
            }
        }
        report("5 children, Boot jar", fromBoot, "5 children, java -cp", fromPlain);

        Path copy;
        try (Stream<Path> copies = java.nio.file.Files.list(temp.resolve("cache"))) {
            copy = copies.filter(path -> path.getFileName().toString().matches("boot-[0-9a-f]+")).findFirst()
                    .orElseThrow();
        }
        String unpackedClassPath = Stream.concat(Stream.of(copy.resolve("BOOT-INF/classes")),
                        BootJars.libraries(temp).stream().map(lib -> copy.resolve("BOOT-INF/lib")
                                .resolve(lib.getFileName())))
                .map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        List<String> unpacked = List.of(SpringBootJarTest.javaBinary(), "-cp", unpackedClassPath,
                BootApp.class.getName(), "hello");
        List<String> launcher = List.of(SpringBootJarTest.javaBinary(), "-Dloader.main=" + BootApp.class.getName(),
                "-cp", jar.toString(), "org.springframework.boot.loader.launch.PropertiesLauncher", "hello");
        List<String> original = List.of(SpringBootJarTest.javaBinary(), "-cp", plainClassPath,
                BootApp.class.getName(), "hello");
        List<Double> viaCopy = new ArrayList<>();
        List<Double> viaLauncher = new ArrayList<>();
        List<Double> viaOriginal = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            if (i % 2 == 0) {
                viaCopy.add(timed(unpacked));
                viaOriginal.add(timed(original));
            } else {
                viaOriginal.add(timed(original));
                viaCopy.add(timed(unpacked));
            }
            viaLauncher.add(timed(launcher));
        }
        report("1 JVM, unpacked copy", viaCopy, "1 JVM, original jars", viaOriginal);
        report("1 JVM, PropertiesLauncher", viaLauncher, "1 JVM, original jars", viaOriginal);
    }

    private static List<Double> startupRounds(List<String> command) throws IOException, InterruptedException {
        String output = run(command, "startup", Integer.toString(ROUNDS_PER_APP_RUN), Integer.toString(CHILDREN));
        List<Double> rounds = output.lines().filter(line -> line.startsWith("startup "))
                .map(line -> Double.parseDouble(line.substring("startup ".length()))).collect(Collectors.toList());
        return rounds.subList(1, rounds.size());
    }

    private static double timed(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        run(command);
        return (System.nanoTime() - start) / 1e6;
    }

    private static String run(List<String> command, String... arguments) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(command);
        all.addAll(Arrays.asList(arguments));
        Process process = new ProcessBuilder(all).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(all + " failed:\n" + output);
        }
        return output;
    }

    private static void report(String name, List<Double> samples, String baselineName, List<Double> baseline) {
        double median = median(samples);
        double base = median(baseline);
        System.out.printf("%s: median %.1f ms of %d; %s: median %.1f ms of %d; ratio %.3f%n", name, median,
                samples.size(), baselineName, base, baseline.size(), median / base);
    }

    private static double median(List<Double> samples) {
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
