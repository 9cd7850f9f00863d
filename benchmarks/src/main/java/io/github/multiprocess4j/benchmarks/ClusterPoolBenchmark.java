package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.cluster.Cluster;
import io.github.multiprocess4j.cluster.LocalCluster;
import io.github.multiprocess4j.core.ProcessPool;
import io.github.multiprocess4j.core.TaskPool;
import java.util.List;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The same code on a {@code ClusterPool} over 2 local member JVMs and on a {@code ProcessPool} of 2 workers, through
 * the {@link TaskPool} interface both implement: one tiny task's round trip, and {@code map} over 1,000 items, one
 * per task (microseconds per item). {@code ProcessPool} is the control: the figures say what Hazelcast's executor
 * costs over the library's own pipes. The members listen on 127.0.0.1 only and are killed when the trial ends;
 * this JVM joins as a client. There is no Python counterpart.
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' org.openjdk.jmh.Main ClusterPoolBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClusterPoolBenchmark {

    static final int ITEMS = 1_000;

    /** Which pool runs the tasks. */
    @Param({"ClusterPool", "ProcessPool"})
    public String pool;

    private final List<Integer> items = IntStream.range(0, ITEMS).boxed().collect(Collectors.toList());
    private LocalCluster local;
    private TaskPool tasks;

    @Setup
    public void start() throws Exception {
        if ("ClusterPool".equals(pool)) {
            local = LocalCluster.start(2);
            Cluster client = local.join();
            tasks = client.pool();
        } else {
            tasks = ProcessPool.create(2);
        }
        warmUpTheWorkers();
    }

    /** A few seconds of both workloads first, so that the workers' and members' JIT has compiled their side. */
    private void warmUpTheWorkers() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < end) {
            map();
            for (int i = 0; i < 100; i++) {
                roundTrip();
            }
        }
    }

    /** Closes the pool and, for a cluster, kills every member JVM and waits until all are gone. */
    @TearDown
    public void stop() {
        tasks.close();
        if (local != null) {
            local.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public Object roundTrip() throws Exception {
        return tasks.submit(() -> 1).get();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OperationsPerInvocation(ITEMS)
    public Object map() throws Exception {
        return tasks.map(items, x -> x + 1, 1);
    }
}
