package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.core.Completed;
import io.github.multiprocess4j.core.ProcessPool;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A warm {@link ProcessPool} of 2 workers streaming 10,000 tiny items back, as Python's
 * {@code multiprocessing.Pool(2)} does in the counterpart's {@code pool_streaming} section: {@code imap} and
 * {@code imapUnordered} with 1 and 100 items per task (Python's {@code imap(chunksize=...)} and
 * {@code imap_unordered}), and {@code map} with the chunk size it picks against hand-picked ones (1, 10, 100 and
 * 1,000 items per task; Python's {@code Pool.map} default). Each reports microseconds per item.
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' org.openjdk.jmh.Main PoolStreamingBenchmark
 * python3 python_counterpart.py --only pool_streaming
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PoolStreamingBenchmark {

    static final int ITEMS = 10_000;

    private final List<Integer> items = IntStream.range(0, ITEMS).boxed().collect(Collectors.toList());
    private ProcessPool pool;

    /** The chunk size of a stream. */
    @State(Scope.Benchmark)
    public static class StreamChunk {
        @Param({"1", "100"})
        public int chunk;
    }

    /** A chunk size picked by hand for {@code map}. */
    @State(Scope.Benchmark)
    public static class MapChunk {
        @Param({"1", "10", "100", "1000"})
        public int chunkSize;
    }

    @Setup
    public void setUp() throws Exception {
        pool = ProcessPool.create(2);
        warmUpTheWorkers();
    }

    /**
     * Runs every path for a few seconds, as {@link PoolBenchmark} does, so that the workers' JIT has compiled their
     * side (single items, chunks, both streams) whatever JMH's own warm-up is: a short fork on a busy machine
     * otherwise measures workers still interpreting, several times slower than warm ones.
     */
    private void warmUpTheWorkers() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        while (System.nanoTime() < end) {
            sum(pool.imap(items, x -> x));
            sum(pool.imap(items, x -> x, 100));
            try (Stream<Completed<Integer>> results = pool.imapUnordered(items, x -> x, 100)) {
                results.forEach(result -> { });
            }
            pool.map(items, x -> x);
            pool.map(items, x -> x, 10);
        }
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    private static long sum(Stream<Integer> results) {
        try (results) {
            return results.mapToLong(Integer::longValue).sum();
        }
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long imap(StreamChunk chunk) {
        return sum(pool.imap(items, x -> x, chunk.chunk));
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long imapUnordered(StreamChunk chunk) {
        try (Stream<Completed<Integer>> results = pool.imapUnordered(items, x -> x, chunk.chunk)) {
            return results.mapToLong(Completed::value).sum();
        }
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public Object mapAuto() throws InterruptedException {
        return pool.map(items, x -> x);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public Object mapHandPicked(MapChunk chunk) throws InterruptedException {
        return pool.map(items, x -> x, chunk.chunkSize);
    }
}
