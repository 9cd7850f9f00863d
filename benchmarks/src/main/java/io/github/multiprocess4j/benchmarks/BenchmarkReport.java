package io.github.multiprocess4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks and their Python counterpart in one sitting and writes {@code BENCHMARKS.md} and a
 * chart of the ratios ({@code benchmarks-chart.svg}).
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' io.github.multiprocess4j.benchmarks.BenchmarkReport [--mode short|full]
 *     [--jvm /path/to/jdk17/bin/java,/path/to/jdk25/bin/java] [--forks n] [--python python3] [--out BENCHMARKS.md]
 *     [--chart benchmarks-chart.svg] [--cluster on|off]
 * </pre>
 *
 * <p>The cluster's benchmarks (2 local Hazelcast members against a {@code ProcessPool}) start member JVMs in every
 * fork: they run in the full mode, and in the short one only with {@code --cluster on}.
 *
 * <p>Each {@code --jvm} gets a table of its own (its forks run on it; this JVM only drives them); the chart shows
 * the first. Python runs once. A figure measured in several forks is their median, with their range.
 */
public final class BenchmarkReport {

    /** Forks of the start-up benchmark, in either mode. */
    static final int STARTUP_FORKS = 5;
    /** Forks of every other benchmark in the full mode, unless {@code --forks} says otherwise: a median of 5. */
    static final int FULL_MODE_FORKS = 5;
    /** Native access for the library, so that waiters sleep on futexes where the JDK can (22 and later). */
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Arguments.parse(args);
        boolean shortMode = !"full".equals(options.getOrDefault("mode", "short"));
        int forks = Integer.parseInt(options.getOrDefault("forks", shortMode ? "1" : String.valueOf(FULL_MODE_FORKS)));
        List<String> jvms = jvms(options.get("jvm"));
        Path markdown = Paths.get(options.getOrDefault("out", "BENCHMARKS.md"));
        Path chart = Paths.get(options.getOrDefault("chart", "benchmarks-chart.svg"));
        String clusterOption = options.getOrDefault("cluster", shortMode ? "off" : "on");
        if (!List.of("on", "off").contains(clusterOption)) {
            throw new IllegalArgumentException("--cluster is on or off, got " + clusterOption);
        }
        boolean cluster = clusterOption.equals("on");
        ApplicationClassPath.require();

        long started = System.nanoTime();
        List<Measurements> perJvm = new ArrayList<>();
        for (String jvm : jvms) {
            perJvm.add(new Measurements(runJmh(shortMode, forks, jvm, cluster)));
        }
        PythonResults python = PythonResults.run(options.getOrDefault("python", "python3"), shortMode);
        List<Markdown.Section> sections = new ArrayList<>();
        for (Measurements java : perJvm) {
            sections.add(new Markdown.Section(java.jvm(), Workloads.rows(java, python)));
        }
        long minutes = TimeUnit.NANOSECONDS.toMinutes(System.nanoTime() - started);

        Files.writeString(markdown, Markdown.render(sections, python, shortMode, LocalDate.now(), minutes, chart),
                StandardCharsets.UTF_8);
        Files.writeString(chart, RatioChart.render(sections.get(0).rows), StandardCharsets.UTF_8);
        System.out.println("wrote " + markdown + " and " + chart);
    }

    /** The {@code java} executables to measure: {@code --jvm a,b}, or this JVM's own. */
    private static List<String> jvms(String option) {
        if (option == null || option.isBlank()) {
            return List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        }
        List<String> jvms = new ArrayList<>();
        for (String jvm : option.split(",")) {
            Path java = Paths.get(jvm.strip());
            if (!Files.isExecutable(java)) {
                throw new IllegalArgumentException("--jvm " + jvm + ": not an executable java launcher");
            }
            jvms.add(java.toString());
        }
        return jvms;
    }

    /**
     * Runs every benchmark on {@code jvm}: start-up in {@value #STARTUP_FORKS} forks, as it varies more from fork to
     * fork than within one, and the rest in {@code forks} forks; the cluster's too if {@code cluster}.
     */
    private static Collection<RunResult> runJmh(boolean shortMode, int forks, String jvm, boolean cluster)
            throws Exception {
        List<RunResult> results = new ArrayList<>();
        ChainedOptionsBuilder startup = new OptionsBuilder().include(Workloads.STARTUP_CLASS).jvm(jvm)
                .forks(STARTUP_FORKS).param("startup", shortMode ? new String[] {"default"}
                        : new String[] {"default", "no-archive"});
        ChainedOptionsBuilder rest = new OptionsBuilder().include(Workloads.BENCHMARK_CLASSES).jvm(jvm).forks(forks)
                .jvmArgsAppend(NATIVE_ACCESS);
        if (cluster) {
            rest.include(Workloads.CLUSTER_CLASSES);
        }
        if (shortMode) {
            for (ChainedOptionsBuilder jmh : List.of(startup, rest)) {
                jmh.warmupIterations(1).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(3).measurementTime(TimeValue.seconds(1));
            }
            rest.param("queue", "WorkQueue", "LinkedBlockingQueue").param("capacity", "unbounded");
        }
        results.addAll(new Runner(startup.build()).run());
        results.addAll(new Runner(rest.build()).run());
        return results;
    }

    /** The Python script shipped in this jar, copied out to run. */
    static Path pythonScript() throws IOException {
        Path script = Files.createTempFile("multiprocess4j-python-counterpart-", ".py");
        script.toFile().deleteOnExit();
        try (InputStream in = BenchmarkReport.class.getResourceAsStream("python_counterpart.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }

    /** {@code --key value} pairs. */
    static final class Arguments {
        private Arguments() {
        }

        static Map<String, String> parse(String[] args) {
            Map<String, String> parsed = new java.util.HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected --option value, got " + args[i]);
                }
                parsed.put(args[i].substring(2), args[i + 1]);
            }
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
            }
            return parsed;
        }
    }

    /** Formats a number with three significant digits or so. */
    static String format(double value) {
        if (value >= 1_000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (value >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** Results keyed by benchmark method and parameter, in the unit JMH gave. */
    static final class Measurements {
        private final List<RunResult> results;

        Measurements(Collection<RunResult> results) {
            this.results = new ArrayList<>(results);
        }

        /** The JVM the forks ran on, as JMH recorded it: "OpenJDK 64-Bit Server VM 17.0.15+6", or "?". */
        String jvm() {
            if (results.isEmpty()) {
                return "?";
            }
            BenchmarkParams params = results.get(0).getParams();
            return params.getVmName() + " " + params.getVmVersion();
        }

        /**
         * The score of {@code Class.method} in a mode such as {@code avgt} ({@code null} for any), with the given
         * {@code name, value} parameter pairs: the median of its forks, with their range; {@link Figure#NONE} if it
         * did not run.
         */
        Figure score(String benchmark, String mode, String... params) {
            for (RunResult result : results) {
                var run = result.getParams();
                if (run.getBenchmark().endsWith("." + benchmark)
                        && (mode == null || run.getMode().shortLabel().equals(mode)) && matches(run, params)) {
                    List<Double> forks = new ArrayList<>();
                    for (BenchmarkResult fork : result.getBenchmarkResults()) {
                        forks.add(fork.getPrimaryResult().getScore());
                    }
                    return Figure.ofForks(forks);
                }
            }
            return Figure.NONE;
        }

        private static boolean matches(BenchmarkParams run, String[] params) {
            for (int i = 0; i + 1 < params.length; i += 2) {
                if (!params[i + 1].equals(run.getParam(params[i]))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * A percentile of a sample-time benchmark with the given {@code name, value} parameter pairs, over the samples
         * of all its forks.
         */
        Figure percentile(String benchmark, double percentile, String... params) {
            for (RunResult result : results) {
                if (result.getParams().getBenchmark().endsWith("." + benchmark)
                        && result.getParams().getMode().shortLabel().equals("sample")
                        && matches(result.getParams(), params)) {
                    return Figure.single(result.getPrimaryResult().getStatistics().getPercentile(percentile));
                }
            }
            return Figure.NONE;
        }
    }
}
