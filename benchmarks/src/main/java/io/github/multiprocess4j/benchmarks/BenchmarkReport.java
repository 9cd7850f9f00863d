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
 * java -cp benchmarks/target/benchmarks.jar io.github.multiprocess4j.benchmarks.BenchmarkReport [--mode short|full]
 *     [--python python3] [--out BENCHMARKS.md] [--chart benchmarks-chart.svg]
 * </pre>
 */
public final class BenchmarkReport {

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Arguments.parse(args);
        boolean shortMode = !"full".equals(options.getOrDefault("mode", "short"));
        Path markdown = Paths.get(options.getOrDefault("out", "BENCHMARKS.md"));
        Path chart = Paths.get(options.getOrDefault("chart", "benchmarks-chart.svg"));

        long started = System.nanoTime();
        Measurements java = new Measurements(runJmh(shortMode));
        PythonResults python = PythonResults.run(options.getOrDefault("python", "python3"), shortMode);
        List<ReportRow> rows = Workloads.rows(java, python);
        long minutes = TimeUnit.NANOSECONDS.toMinutes(System.nanoTime() - started);

        Files.writeString(markdown, Markdown.render(rows, python, shortMode, LocalDate.now(), minutes, chart),
                StandardCharsets.UTF_8);
        Files.writeString(chart, RatioChart.render(rows), StandardCharsets.UTF_8);
        System.out.println("wrote " + markdown + " and " + chart);
    }

    private static Collection<RunResult> runJmh(boolean shortMode) throws Exception {
        ChainedOptionsBuilder jmh = new OptionsBuilder().include(Workloads.BENCHMARK_CLASSES).forks(1);
        if (shortMode) {
            jmh.warmupIterations(1).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3).measurementTime(TimeValue.seconds(1))
                    .param("startup", "default")
                    .param("queue", "WorkQueue", "LinkedBlockingQueue")
                    .param("capacity", "unbounded");
        }
        return new Runner(jmh.build()).run();
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

        /**
         * The score of {@code Class.method} in a mode such as {@code avgt} ({@code null} for any), with the given
         * {@code name, value} parameter pairs, or NaN if it did not run.
         */
        double score(String benchmark, String mode, String... params) {
            for (RunResult result : results) {
                var run = result.getParams();
                if (run.getBenchmark().endsWith("." + benchmark)
                        && (mode == null || run.getMode().shortLabel().equals(mode)) && matches(run, params)) {
                    return result.getPrimaryResult().getScore();
                }
            }
            return Double.NaN;
        }

        private static boolean matches(org.openjdk.jmh.infra.BenchmarkParams run, String[] params) {
            for (int i = 0; i + 1 < params.length; i += 2) {
                if (!params[i + 1].equals(run.getParam(params[i]))) {
                    return false;
                }
            }
            return true;
        }

        /** A percentile of a sample-time benchmark, or NaN. */
        double percentile(String benchmark, double percentile) {
            for (RunResult result : results) {
                if (result.getParams().getBenchmark().endsWith("." + benchmark)
                        && result.getParams().getMode().shortLabel().equals("sample")) {
                    return result.getPrimaryResult().getStatistics().getPercentile(percentile);
                }
            }
            return Double.NaN;
        }
    }
}
