package io.github.multiprocess4j.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the Python counterpart measured, by key (such as {@code pool.round_trip}). */
final class PythonResults {

    private static final Pattern ROW =
            Pattern.compile("\"([a-z0-9_.]+)\": \\{\\s*\"value\": ([0-9.eE+-]+),\\s*\"unit\": \"([^\"]*)\"");
    private static final Pattern VERSION = Pattern.compile("\"python\": \"([^\"]+)\"");

    final String version;
    private final Map<String, Double> values;

    private PythonResults(String version, Map<String, Double> values) {
        this.version = version;
        this.values = values;
    }

    static PythonResults run(String python, boolean shortMode) throws IOException, InterruptedException {
        Path json = Files.createTempFile("multiprocess4j-python-results-", ".json");
        try {
            Process process = new ProcessBuilder(python, BenchmarkReport.pythonScript().toString(),
                    "--mode", shortMode ? "short" : "full", "--json", json.toString()).inheritIO().start();
            if (process.waitFor() != 0) {
                System.err.println("the Python counterpart failed (exit " + process.exitValue() + "); its column stays empty");
                return new PythonResults("not measured", Map.of());
            }
            return parse(Files.readString(json, StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.err.println("cannot run " + python + ": " + e.getMessage() + "; the Python column stays empty");
            return new PythonResults("not measured", Map.of());
        } finally {
            Files.deleteIfExists(json);
        }
    }

    static PythonResults parse(String json) {
        Map<String, Double> values = new HashMap<>();
        Matcher row = ROW.matcher(json);
        while (row.find()) {
            values.put(row.group(1), Double.parseDouble(row.group(2)));
        }
        Matcher version = VERSION.matcher(json);
        return new PythonResults(version.find() ? version.group(1) : "?", values);
    }

    /** The value of a key, or NaN if it was not measured. */
    double get(String key) {
        return values.getOrDefault(key, Double.NaN);
    }
}
