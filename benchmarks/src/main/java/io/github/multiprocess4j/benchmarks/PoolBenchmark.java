package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.core.ProcessPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A warm {@link ProcessPool} of 2 workers, as Python's {@code ProcessPoolExecutor(2)} in the baseline script:
 * one tiny task's round trip, a burst of 10,000 tiny tasks, and {@code map} over 10,000 items in chunks of
 * 1,000. Burst and map report microseconds per task.
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' org.openjdk.jmh.Main PoolBenchmark
 * python3 python_baseline.py --only pool
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PoolBenchmark {

    private static final int BURST = 10_000;

    private final List<Integer> items = IntStream.range(0, BURST).boxed().collect(Collectors.toList());
    private ProcessPool pool;

    @Setup
    public void setUp() throws Exception {
        pool = ProcessPool.create(2);
        warmUpTheWorkers();
    }

    /**
     * Runs every workload for a few seconds, so that the workers' JIT has compiled their side of it whatever JMH's
     * own warm-up is: the pool's promise is warm workers, and Python's workers have no JIT to warm.
     */
    private void warmUpTheWorkers() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        while (System.nanoTime() < end) {
            burst();
            mapChunked();
            mapOneByOne();
            for (int i = 0; i < 100; i++) {
                roundTrip();
            }
        }
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
    public Object roundTrip() throws Exception {
        return pool.submit(() -> 1).get();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OperationsPerInvocation(BURST)
    public Object burst() throws Exception {
        List<CompletableFuture<Integer>> futures = new ArrayList<>(BURST);
        for (int i = 0; i < BURST; i++) {
            int value = i;
            futures.add(pool.submit(() -> value));
        }
        long sum = 0;
        for (CompletableFuture<Integer> future : futures) {
            sum += future.get();
        }
        return sum;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OperationsPerInvocation(BURST)
    public Object mapChunked() throws Exception {
        return pool.map(items, x -> x, 1_000);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OperationsPerInvocation(BURST)
    public Object mapOneByOne() throws Exception {
        return pool.map(items, x -> x, 1);
    }
}
