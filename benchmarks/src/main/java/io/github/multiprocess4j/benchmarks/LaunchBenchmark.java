package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.LaunchOptions;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Start-up of child JVMs: {@code Launch.processes(n, noop)} against {@code n} bare {@code java -cp <same> Main}
 * started at once, for each set of start-up options. The ratio launch/bare is what DESIGN.md's target is about. Both
 * run on the class path of the JVM that runs the benchmark, which must be an application's: the library's jars and
 * their dependencies, each in its own jar ({@link ApplicationClassPath}). Start-up varies from fork to fork more than
 * within one, so the report runs five forks and gives their median and range.
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' org.openjdk.jmh.Main LaunchBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(5)
public class LaunchBenchmark {

    /**
     * {@code default}: what the library does (start-up archive on); {@code no-archive}: without the archive;
     * {@code tiered-stop-1}: C1 only, fast to start but slow for long CPU work; {@code serial-gc}.
     */
    @Param({"default", "no-archive", "tiered-stop-1", "serial-gc"})
    public String startup;

    private LaunchOptions options;
    private List<String> bareCommand;

    @Setup
    public void setUp() throws Exception {
        ApplicationClassPath.require();
        List<String> flags = new ArrayList<>();
        if ("no-archive".equals(startup)) {
            System.setProperty("multiprocess4j.startupArchive", "false");
        } else if ("tiered-stop-1".equals(startup)) {
            flags.add("-XX:TieredStopAtLevel=1");
        } else if ("serial-gc".equals(startup)) {
            flags.add("-XX:+UseSerialGC");
        }
        options = Launch.options().jvmArgs(flags).build();
        bareCommand = new ArrayList<>();
        bareCommand.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        bareCommand.addAll(flags);
        bareCommand.add("-cp");
        bareCommand.add(System.getProperty("java.class.path"));
        bareCommand.add(BareMain.class.getName());
        // the first launch trains the start-up archive: let that happen before measuring
        Launch.with(options).processes(1, () -> 0);
        Thread.sleep(3_000);
    }

    @Benchmark
    public Object launch1() throws InterruptedException {
        return Launch.with(options).processes(1, () -> 0);
    }

    @Benchmark
    public Object launch5() throws InterruptedException {
        return Launch.with(options).processes(5, () -> 0);
    }

    @Benchmark
    public int bare1() throws Exception {
        return startBare(1);
    }

    @Benchmark
    public int bare5() throws Exception {
        return startBare(5);
    }

    private int startBare(int n) throws Exception {
        List<Process> processes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            processes.add(new ProcessBuilder(bareCommand).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        int sum = 0;
        for (Process process : processes) {
            sum += process.waitFor();
        }
        return sum;
    }
}
